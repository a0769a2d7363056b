package dev.carriage.store.payment;

import dev.carriage.store.order.OrderStatus;
import java.util.Optional;

/**
 * What an event does to an order in a given status. Providers deliver events late, twice and
 * out of order, so an event that comes before the one it depends on (a refund before the
 * payment) waits, and an event the order has already moved past changes nothing.
 */
record Reaction(Outcome outcome, Optional<OrderStatus> target) {

  enum Outcome {
    /** Move the order to {@code target}. */
    APPLIED,
    /** Keep the event and try again after the order's next change. */
    DEFERRED,
    /** The order is already where the event would take it. */
    NO_CHANGE,
    /** The event is stale or not one the store acts on. */
    IGNORED,
    /** Signed, but its amount, currency or mode is not the order's: kept for review, changes nothing. */
    MISMATCH
  }

  private static final Reaction DEFER = new Reaction(Outcome.DEFERRED, Optional.empty());
  private static final Reaction NO_CHANGE = new Reaction(Outcome.NO_CHANGE, Optional.empty());
  private static final Reaction IGNORE = new Reaction(Outcome.IGNORED, Optional.empty());

  private static Reaction apply(OrderStatus target) {
    return new Reaction(Outcome.APPLIED, Optional.of(target));
  }

  static Reaction to(PaymentEventKind kind, OrderStatus status) {
    switch (kind) {
      case SUCCEEDED:
        return status == OrderStatus.CREATED || status == OrderStatus.FAILED ? apply(OrderStatus.PAID) : NO_CHANGE;
      case FAILED:
        if (status == OrderStatus.CREATED) {
          return apply(OrderStatus.FAILED);
        }
        // A failure reported after a success was an earlier attempt; the payment went through.
        return status == OrderStatus.FAILED ? NO_CHANGE : IGNORE;
      case REFUNDED:
        return whenPaid(status, apply(OrderStatus.REFUNDED));
      case DISPUTE_OPENED:
        return status == OrderStatus.PAID ? apply(OrderStatus.DISPUTED) : whenPaid(status, NO_CHANGE);
      case DISPUTE_WON:
        if (status == OrderStatus.DISPUTED) {
          return apply(OrderStatus.PAID);
        }
        // Won before its opening arrived: wait for the opening, then this closes it.
        return status == OrderStatus.REFUNDED ? NO_CHANGE : DEFER;
      case DISPUTE_LOST:
        return whenPaid(status, apply(OrderStatus.REFUNDED));
      case PARTIALLY_REFUNDED:
      case OTHER:
      default:
        return IGNORE;
    }
  }

  /** Events about money already taken wait for the payment; after a refund they change nothing. */
  private static Reaction whenPaid(OrderStatus status, Reaction onPaidOrDisputed) {
    switch (status) {
      case CREATED:
      case FAILED:
        return DEFER;
      case REFUNDED:
        return NO_CHANGE;
      case PAID:
      case DISPUTED:
      default:
        return onPaidOrDisputed;
    }
  }
}
