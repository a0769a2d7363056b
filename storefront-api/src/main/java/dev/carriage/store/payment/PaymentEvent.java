package dev.carriage.store.payment;

import dev.carriage.store.order.PaymentProviderName;
import java.util.Objects;

/**
 * One event from a payment provider, already authenticated: its id (the idempotency key),
 * what happened, to which payment, and a line for the order's history.
 */
public record PaymentEvent(String id, PaymentProviderName provider, String type, PaymentEventKind kind, String paymentId, String detail) {

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

  String cause() {
    return provider + " " + type + " " + id + (detail.isEmpty() ? "" : ": " + detail);
  }
}
