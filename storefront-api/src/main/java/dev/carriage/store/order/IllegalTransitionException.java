package dev.carriage.store.order;

/** A status change the state machine does not allow; it is refused, never applied. */
public final class IllegalTransitionException extends RuntimeException {

  public IllegalTransitionException(Order order, OrderStatus target) {
    super("order " + order.id() + " cannot move from " + order.status() + " to " + target);
  }
}
