package dev.carriage.store.payment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.carriage.store.order.PaymentProviderName;
import dev.carriage.store.problem.ProblemException;

/**
 * Reads the fields the store needs from a Stripe event's JSON. It reads the raw JSON rather than
 * stripe-java's typed objects, so an event from a newer API version than the library's still
 * reads the same few fields.
 */
final class StripeEvents {

  private StripeEvents() {}

  static PaymentEvent read(JsonNode event) {
    String id = requiredText(event, "id");
    String type = requiredText(event, "type");
    Boolean livemode = event.path("livemode").isBoolean() ? event.path("livemode").asBoolean() : null;
    JsonNode object = event.path("data").path("object");
    if (!object.isObject() || object.isEmpty()) {
      // A thin event, or one with no object: acknowledged and recorded, never a 400 that Stripe would retry for days.
      return new PaymentEvent(id, PaymentProviderName.STRIPE, type, PaymentEventKind.OTHER, null, null, null, null, livemode,
          "the event carries no object to act on");
    }
    switch (type) {
      case "payment_intent.succeeded":
        return new PaymentEvent(id, PaymentProviderName.STRIPE, type, PaymentEventKind.SUCCEEDED, text(object, "id"),
            text(object, "latest_charge"), amountReceived(object), text(object, "currency"), livemode, "payment succeeded");
      case "payment_intent.payment_failed":
        JsonNode error = object.path("last_payment_error");
        String why = String.join(": ", text(error, "code", "declined"), text(error, "message", "the payment failed"));
        return event(id, type, PaymentEventKind.FAILED, text(object, "id"), null, livemode, why);
      case "charge.refunded":
        boolean whole = object.path("refunded").asBoolean(false);
        return event(id, type, whole ? PaymentEventKind.REFUNDED : PaymentEventKind.PARTIALLY_REFUNDED, text(object, "payment_intent"),
            text(object, "id"), livemode, "refunded " + object.path("amount_refunded").asLong() + " of " + object.path("amount").asLong());
      case "charge.dispute.created":
        return event(id, type, PaymentEventKind.DISPUTE_OPENED, text(object, "payment_intent"), text(object, "charge"), livemode,
            "dispute opened: " + text(object, "reason", "no reason given"));
      case "charge.dispute.closed":
        return event(id, type, disputeOutcome(text(object, "status", "")), text(object, "payment_intent"), text(object, "charge"),
            livemode, "dispute closed: " + text(object, "status", "unknown"));
      case "transfer.reversed":
        return event(id, type, PaymentEventKind.TRANSFER_REVERSED, text(object, "id"), null, livemode,
            "transfer reversed: " + object.path("amount_reversed").asLong() + " of " + object.path("amount").asLong());
      case "account.updated":
        boolean ready = "active".equals(object.path("capabilities").path("transfers").asText(""));
        return event(id, type, ready ? PaymentEventKind.CONNECT_ACCOUNT_READY : PaymentEventKind.CONNECT_ACCOUNT_RESTRICTED,
            text(object, "id"), null, livemode, "connect account " + (ready ? "can" : "cannot") + " receive transfers"
                + (object.path("details_submitted").asBoolean(false) ? "" : " (onboarding not finished)"));
      default:
        return event(id, type, PaymentEventKind.OTHER, text(object, "id"), null, livemode, "not an event the store acts on");
    }
  }

  /** What the PaymentIntent says it received ({@code amount_received}, else {@code amount}); null when it says neither. */
  private static Long amountReceived(JsonNode intent) {
    JsonNode received = intent.path("amount_received").isIntegralNumber() ? intent.path("amount_received") : intent.path("amount");
    return received.isIntegralNumber() ? received.asLong() : null;
  }

  private static PaymentEventKind disputeOutcome(String status) {
    switch (status) {
      case "won":
      case "warning_closed":
        return PaymentEventKind.DISPUTE_WON;
      case "lost":
        return PaymentEventKind.DISPUTE_LOST;
      default:
        return PaymentEventKind.OTHER;
    }
  }

  private static PaymentEvent event(String id, String type, PaymentEventKind kind, String paymentId, String chargeId, Boolean livemode,
      String detail) {
    return new PaymentEvent(id, PaymentProviderName.STRIPE, type, kind, paymentId, chargeId, null, null, livemode, detail);
  }

  private static String requiredText(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw ProblemException.invalidField(field, "is missing");
    }
    if (value.asText().length() > PaymentEvent.ID_LENGTH_MAX) {
      throw ProblemException.invalidField(field, "is longer than " + PaymentEvent.ID_LENGTH_MAX + " characters");
    }
    return value.asText();
  }

  private static String text(JsonNode node, String field) {
    return text(node, field, null);
  }

  private static String text(JsonNode node, String field, String fallback) {
    JsonNode value = node.get(field);
    return value == null || !value.isTextual() ? fallback : value.asText();
  }
}
