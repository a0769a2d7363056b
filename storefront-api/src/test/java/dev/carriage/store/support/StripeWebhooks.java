package dev.carriage.store.support;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Builds Stripe event payloads and signs them the way Stripe does, with the test secret. */
public final class StripeWebhooks {

  private StripeWebhooks() {}

  /** {@code t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + payload)>}. */
  public static String sign(String payload, String secret, Instant at) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      long seconds = at.getEpochSecond();
      byte[] digest = mac.doFinal((seconds + "." + payload).getBytes(StandardCharsets.UTF_8));
      return "t=" + seconds + ",v1=" + HexFormat.of().formatHex(digest);
    } catch (GeneralSecurityException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  public static Response deliver(String payload) {
    return deliver(payload, sign(payload, StripeProfile.WEBHOOK_SECRET, Instant.now()));
  }

  public static Response deliver(String payload, String signature) {
    var request = given().contentType("application/json; charset=utf-8").body(payload.getBytes(StandardCharsets.UTF_8));
    if (signature != null) {
      request.header("Stripe-Signature", signature);
    }
    return request.post("/api/payments/stripe/webhook");
  }

  /**
   * {@code payment_intent.succeeded} as Stripe sends it: the intent's amount and currency (as the
   * fake opened it; 1999 EUR for one it never opened) and its charge.
   */
  public static String paymentSucceeded(String eventId, String paymentIntentId, String orderId) {
    String[] opened = StripeProfile.fake() == null ? null : StripeProfile.fake().intent(paymentIntentId);
    return paymentSucceeded(eventId, paymentIntentId, orderId, opened == null ? 1999 : Long.parseLong(opened[0]),
        opened == null ? "eur" : opened[1]);
  }

  /** A succeeded PaymentIntent for whatever amount and currency: for events that do not match their order. */
  public static String paymentSucceeded(String eventId, String paymentIntentId, String orderId, long amount, String currency) {
    String charge = StripeProfile.fake() == null ? "ch_for_" + paymentIntentId : StripeProfile.fake().chargeOf(paymentIntentId);
    return event(eventId, "payment_intent.succeeded", """
        {"id": "%s", "object": "payment_intent", "status": "succeeded", "amount": %d, "amount_received": %d, "currency": "%s",
         "latest_charge": "%s", "livemode": false, "metadata": {"order_id": "%s"}}"""
        .formatted(paymentIntentId, amount, amount, currency, charge, orderId));
  }

  /**
   * {@code charge.refunded} as Stripe's own fixtures have it: the charge, with no
   * {@code payment_intent}, so the store must find the payment from the charge.
   */
  public static String chargeOnlyRefunded(String eventId, String chargeId) {
    return event(eventId, "charge.refunded", """
        {"id": "%s", "object": "charge", "amount": 1999, "amount_refunded": 1999, "refunded": true, "payment_intent": null}"""
        .formatted(chargeId));
  }

  /** A dispute event naming only the charge, as Stripe's fixtures send it. */
  public static String chargeOnlyDispute(String eventId, String type, String chargeId, String status) {
    return event(eventId, type, """
        {"id": "dp_%s", "object": "dispute", "charge": "%s", "amount": 1999, "status": "%s", "reason": "fraudulent"}"""
        .formatted(eventId, chargeId, status));
  }

  /** An event of this type with whatever {@code data} it is given (an empty object, nothing, a thin event's). */
  public static String withData(String eventId, String type, String data) {
    return """
        {"id": "%s", "object": "event", "api_version": "2025-09-30.clover", "created": %d, "livemode": false,
         "type": "%s"%s}"""
        .formatted(eventId, Instant.now().getEpochSecond(), type, data == null ? "" : ", \"data\": " + data);
  }

  public static String paymentFailed(String eventId, String paymentIntentId) {
    return event(eventId, "payment_intent.payment_failed", """
        {"id": "%s", "object": "payment_intent", "status": "requires_payment_method",
         "last_payment_error": {"code": "card_declined", "message": "Your card was declined."}}"""
        .formatted(paymentIntentId));
  }

  public static String chargeRefunded(String eventId, String paymentIntentId, boolean whole) {
    return event(eventId, "charge.refunded", """
        {"id": "ch_%s", "object": "charge", "payment_intent": "%s", "amount": 1999, "amount_refunded": %d, "refunded": %b}"""
        .formatted(eventId, paymentIntentId, whole ? 1999 : 500, whole));
  }

  public static String disputeCreated(String eventId, String paymentIntentId) {
    return event(eventId, "charge.dispute.created", """
        {"id": "dp_%s", "object": "dispute", "payment_intent": "%s", "status": "needs_response", "reason": "fraudulent"}"""
        .formatted(eventId, paymentIntentId));
  }

  public static String disputeClosed(String eventId, String paymentIntentId, String status) {
    return event(eventId, "charge.dispute.closed", """
        {"id": "dp_%s", "object": "dispute", "payment_intent": "%s", "status": "%s", "reason": "fraudulent"}"""
        .formatted(eventId, paymentIntentId, status));
  }

  public static String transferReversed(String eventId, String transferId, long amount) {
    return event(eventId, "transfer.reversed",
        "{\"id\": \"%s\", \"object\": \"transfer\", \"amount\": %d, \"amount_reversed\": %d, \"reversed\": true}"
            .formatted(transferId, amount, amount));
  }

  /** Delivers an event signed at the given time (the store's test clock), as Stripe would sign it then. */
  public static Response deliverAt(String payload, Instant at) {
    return deliver(payload, sign(payload, StripeProfile.WEBHOOK_SECRET, at));
  }

  private static String event(String id, String type, String object) {
    return """
        {"id": "%s", "object": "event", "api_version": "2025-09-30.clover", "created": %d, "livemode": false,
         "type": "%s", "data": {"object": %s}}"""
        .formatted(id, Instant.now().getEpochSecond(), type, object);
  }
}
