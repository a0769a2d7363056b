package dev.carriage.store.payment;

import dev.carriage.store.order.PaymentProviderName;
import java.util.Objects;

/**
 * One event from a payment provider, already authenticated: its id (the idempotency key),
 * what happened, to which payment (and charge), what it says was paid and in which mode, and a
 * line for the order's history. Everything but the id is the provider's claim, checked against
 * the order by {@link PaymentMatch} before it moves any money.
 *
 * @param chargeId the charge the event names (Stripe's charge and dispute events), or null
 * @param amountMinor what a payment event says was received, or null when it says nothing
 * @param livemode whether the provider says the event is live money; null when it has no modes
 */
public record PaymentEvent(String id, PaymentProviderName provider, String type, PaymentEventKind kind, String paymentId,
    String chargeId, Long amountMinor, String currency, Boolean livemode, String detail) {

  static final int ID_LENGTH_MAX = 255;

  public PaymentEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(detail, "detail");
    if (id.isBlank() || id.length() > ID_LENGTH_MAX) {
      throw new IllegalArgumentException("an event id must have 1 to " + ID_LENGTH_MAX + " characters");
    }
  }

  /** An event that says nothing of a charge, an amount or a mode (the sandbox's own). */
  static PaymentEvent of(String id, PaymentProviderName provider, String type, PaymentEventKind kind, String paymentId, String detail) {
    return new PaymentEvent(id, provider, type, kind, paymentId, null, null, null, null, detail);
  }

  /** The same event, its payment found from its charge. */
  PaymentEvent forPayment(String resolvedPaymentId) {
    return new PaymentEvent(id, provider, type, kind, resolvedPaymentId, chargeId, amountMinor, currency, livemode, detail);
  }

  String cause() {
    // The reason first: it is what a buyer reads on the checkout page; the event names its source.
    String source = provider + " " + type + " " + id;
    return detail.isEmpty() ? source : detail + " (" + source + ")";
  }
}
