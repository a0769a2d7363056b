package dev.carriage.store.payment;

import dev.carriage.store.order.Order;
import dev.carriage.store.order.OrderService;
import dev.carriage.store.order.OrderStatus;
import dev.carriage.store.order.OrderView;
import dev.carriage.store.order.PaymentProviderName;
import dev.carriage.store.problem.ProblemException;
import dev.carriage.store.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.UUID;

/**
 * Confirms a sandbox payment with one of Stripe's test cards, the way Stripe.js confirms a real
 * one. The outcome becomes a payment event and goes through the same path as Stripe's webhook.
 * The API and the checkout page both pay through here.
 */
@ApplicationScoped
public class SandboxCheckout {

  private final OrderService orders;
  private final PaymentEvents payments;

  public SandboxCheckout(OrderService orders, PaymentEvents payments) {
    this.orders = orders;
    this.payments = payments;
  }

  @Transactional
  public OrderView confirm(UUID buyerId, String paymentId, String cardNumber) {
    Order order = orders.lockByPayment(PaymentProviderName.SANDBOX, paymentId)
        .filter(found -> found.buyerId().equals(buyerId))
        .orElseThrow(() -> ProblemException.notFound("sandbox payment", paymentId));
    if (order.status() != OrderStatus.CREATED && order.status() != OrderStatus.FAILED) {
      throw new ProblemException(
          ProblemType.ORDER_STATE_CONFLICT, "payment " + paymentId + " cannot be confirmed: its order is " + order.status());
    }
    orders.requireNotPaidElsewhere(order);
    TestCard card = TestCard.of(cardNumber)
        .orElseThrow(() -> ProblemException.invalidField("cardNumber",
            "not a sandbox test card; use 4242 4242 4242 4242 (succeeds) or 4000 0000 0000 0002 (declined)"));
    PaymentEvent event = card.succeeds()
        // The sandbox is the provider here: it takes exactly the order's amount, in no mode.
        ? new PaymentEvent(eventId(), PaymentProviderName.SANDBOX, "payment_intent.succeeded", PaymentEventKind.SUCCEEDED,
            paymentId, null, order.amount().minor(), order.amount().currencyCode(), null,
            "payment succeeded with a test card ending " + card.lastFour())
        : PaymentEvent.of(eventId(), PaymentProviderName.SANDBOX, "payment_intent.payment_failed", PaymentEventKind.FAILED,
            paymentId, card.declineCode() + ": the test card ending " + card.lastFour() + " was declined");
    payments.receive(event);
    return orders.view(order);
  }

  private static String eventId() {
    return "evt_sandbox_" + UUID.randomUUID().toString().replace("-", "");
  }
}
