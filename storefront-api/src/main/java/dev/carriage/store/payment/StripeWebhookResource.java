package dev.carriage.store.payment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import dev.carriage.store.StoreConfig;
import dev.carriage.store.order.Refunds;
import dev.carriage.store.problem.ProblemException;
import dev.carriage.store.problem.ProblemType;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * Stripe's webhook. The signature is checked on the raw bytes before anything is parsed; an
 * event that fails the check, or is older than Stripe's 300 s tolerance, changes nothing.
 */
@Path("/api/payments/stripe/webhook")
public class StripeWebhookResource {

  private final StoreConfig config;
  private final PaymentEvents payments;
  private final ChargeResolver charges;
  private final ObjectMapper json;
  private final Clock clock;

  private final Refunds refunds;

  public StripeWebhookResource(StoreConfig config, PaymentEvents payments, ChargeResolver charges, ObjectMapper json, Clock clock,
      dev.carriage.store.metrics.StoreMetrics metrics, Refunds refunds) {
    this.refunds = refunds;
    this.metrics = metrics;
    this.config = config;
    this.payments = payments;
    this.charges = charges;
    this.json = json;
    this.clock = clock;
  }

  private final dev.carriage.store.metrics.StoreMetrics metrics;

  @POST
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  public PaymentEvents.Receipt receive(@HeaderParam("Stripe-Signature") String signature, byte[] body) {
    String secret = config.payments().stripe().webhookSecret()
        .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "Stripe payments are not configured on this store"));
    if (signature == null || signature.isBlank()) {
      throw new ProblemException(ProblemType.INVALID_SIGNATURE, "the Stripe-Signature header is missing");
    }
    String payload = new String(body == null ? new byte[0] : body, StandardCharsets.UTF_8);
    try {
      Webhook.Signature.verifyHeader(payload, signature, secret, Webhook.DEFAULT_TOLERANCE, clock);
    } catch (SignatureVerificationException refused) {
      throw new ProblemException(ProblemType.INVALID_SIGNATURE, "Stripe-Signature: " + refused.getMessage());
    }
    requireNotFromTheFuture(signature);
    JsonNode event;
    try {
      event = json.readTree(payload);
    } catch (JsonProcessingException malformed) {
      throw new ProblemException(ProblemType.MALFORMED_REQUEST, "the event is not valid JSON");
    }
    if (event == null || !event.isObject()) {
      throw new ProblemException(ProblemType.MALFORMED_REQUEST, "the event is not a JSON object");
    }
    // Resolved before the event's transaction: a charge may have to be looked up at Stripe.
    PaymentEvents.Receipt receipt = payments.receive(charges.resolve(StripeEvents.read(event)));
    metrics.webhookEvent(receipt.outcome());
    refunds.sendDue(); // a refund the event decided (a second payment for an owned title) is asked of Stripe now, outside its transaction
    return receipt;
  }

  /**
   * stripe-java refuses a signature older than the tolerance, not one from the future; a
   * timestamp further ahead than the tolerance is as suspect (a signature made to be replayed
   * later) and is refused the same way.
   */
  private void requireNotFromTheFuture(String signature) {
    long now = clock.instant().getEpochSecond();
    for (String part : signature.split(",")) {
      String[] pair = part.strip().split("=", 2);
      if (pair.length == 2 && pair[0].equals("t")) {
        try {
          if (Long.parseLong(pair[1]) > now + Webhook.DEFAULT_TOLERANCE) {
            throw new ProblemException(ProblemType.INVALID_SIGNATURE,
                "Stripe-Signature: timestamp " + pair[1] + " is more than " + Webhook.DEFAULT_TOLERANCE + " s in the future");
          }
        } catch (NumberFormatException unreadable) {
          throw new ProblemException(ProblemType.INVALID_SIGNATURE, "Stripe-Signature: timestamp '" + pair[1] + "' is not a number");
        }
      }
    }
  }
}
