package dev.carriage.store.payment;

import dev.carriage.store.account.Callers;
import dev.carriage.store.account.Role;
import dev.carriage.store.order.Order;
import dev.carriage.store.order.OrderService;
import dev.carriage.store.order.OrderStatus;
import dev.carriage.store.order.OrderView;
import dev.carriage.store.order.PaymentProviderName;
import dev.carriage.store.problem.ProblemException;
import dev.carriage.store.problem.ProblemType;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.UUID;

/**
 * Confirms a sandbox payment with one of Stripe's test cards, the way Stripe.js confirms a real
 * one. The outcome becomes a payment event and goes through the same path as Stripe's webhook.
 */
@Path("/api/payments/sandbox/{paymentId}/confirm")
@RolesAllowed(Role.Names.BUYER)
public class SandboxResource {

  private final OrderService orders;
  private final PaymentEvents payments;
  private final SecurityIdentity caller;

  public SandboxResource(OrderService orders, PaymentEvents payments, SecurityIdentity caller) {
    this.orders = orders;
    this.payments = payments;
    this.caller = caller;
  }

  public record Confirmation(@NotNull @Size(max = 32) String cardNumber) {}

  @POST
  @Transactional
  public OrderView confirm(@PathParam("paymentId") String paymentId, @Valid @NotNull Confirmation confirmation) {
    UUID buyerId = Callers.accountId(caller);
    Order order = orders.lockByPayment(PaymentProviderName.SANDBOX, paymentId)
        .filter(found -> found.buyerId().equals(buyerId))
        .orElseThrow(() -> ProblemException.notFound("sandbox payment", paymentId));
    if (order.status() != OrderStatus.CREATED && order.status() != OrderStatus.FAILED) {
      throw new ProblemException(
          ProblemType.ORDER_STATE_CONFLICT, "payment " + paymentId + " cannot be confirmed: its order is " + order.status());
    }
    orders.requireNotPaidElsewhere(order);
    TestCard card = TestCard.of(confirmation.cardNumber())
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
