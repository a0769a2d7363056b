package dev.carriage.store.order;

import dev.carriage.store.problem.ProblemException;
import dev.carriage.store.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Checkout with the provider called outside any transaction: the order is saved and committed
 * ({@link OrderService#prepare}, which holds the buyer's lock), its payment opened at the
 * provider with the order's idempotency key, then recorded ({@link OrderService#paymentOpened}).
 * A crash in between leaves an order without a payment, which the buyer's next checkout opens.
 */
@ApplicationScoped
public class Checkout {

  private static final Logger LOG = Logger.getLogger(Checkout.class);

  private final OrderService orders;
  private final PaymentGateway gateway;

  public Checkout(OrderService orders, PaymentGateway gateway) {
    this.orders = orders;
    this.gateway = gateway;
  }

  /** @param referralCookie the attribution cookie's value as the browser sent it, or null */
  public OrderService.Placed place(UUID buyerId, OrderRequest request, String referralCookie) {
    OrderService.Prepared prepared = orders.prepare(buyerId, request, referralCookie);
    Order order = prepared.order();
    if (!prepared.toOpen()) {
      return new OrderService.Placed(orders.view(order), prepared.created());
    }
    PaymentGateway.OpenedPayment payment;
    try {
      payment = gateway.open(order);
    } catch (PaymentGateway.GatewayException failed) {
      LOG.warnf(failed, "Could not open a payment for order %s", order.id());
      orders.paymentNotOpened(order.id(), failed.getMessage());
      throw new ProblemException(ProblemType.PAYMENT_PROVIDER_FAILED, failed.getMessage());
    }
    return orders.paymentOpened(order.id(), prepared.created(), payment);
  }
}
