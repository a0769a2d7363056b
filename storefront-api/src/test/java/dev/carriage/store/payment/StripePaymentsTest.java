package dev.carriage.store.payment;

import static dev.carriage.store.support.StripeWebhooks.chargeRefunded;
import static dev.carriage.store.support.StripeWebhooks.deliver;
import static dev.carriage.store.support.StripeWebhooks.disputeClosed;
import static dev.carriage.store.support.StripeWebhooks.disputeCreated;
import static dev.carriage.store.support.StripeWebhooks.paymentFailed;
import static dev.carriage.store.support.StripeWebhooks.paymentSucceeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.carriage.store.order.OrderStatus;
import dev.carriage.store.order.OrderStatusChanged;
import dev.carriage.store.support.Api;
import dev.carriage.store.support.Api.User;
import dev.carriage.store.support.FakeStripe;
import dev.carriage.store.support.StatusChangeRecorder;
import dev.carriage.store.support.StripeProfile;
import dev.carriage.store.support.StripeWebhooks;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(StripeProfile.class)
class StripePaymentsTest {

  @Inject StatusChangeRecorder ledger;
  @Inject dev.carriage.store.support.Admins admins;

  private User buyer;
  private String titleId;
  private JsonPath order;
  private String orderId;
  private String paymentIntent;

  @BeforeEach
  void placeAnOrder() {
    User publisher = Api.signUp("Publisher", "publisher");
    buyer = Api.signUp("Stripe buyer");
    titleId = Api.titleOnSale(publisher, 1999, null);
    Api.publishContent(publisher, titleId);
    order = Api.order(buyer, titleId);
    orderId = order.getString("id");
    paymentIntent = order.getString("payment.paymentId");
  }

  private static String eventId() {
    return "evt_test_" + UUID.randomUUID().toString().replace("-", "");
  }

  private String status() {
    return buyer.request().get("/api/orders/" + orderId).then().statusCode(200).extract().path("status");
  }

  @Test
  void paymentIntentRequest_carriesAmountCurrencyOrderAndIdempotencyKey() {
    FakeStripe.Call call = StripeProfile.fake().calls("/v1/payment_intents").stream()
        .filter(c -> orderId.equals(c.form().get("metadata[order_id]")))
        .findFirst()
        .orElseThrow();

    assertThat(call.form()).containsEntry("amount", "1999").containsEntry("currency", "eur")
        .containsEntry("metadata[title_id]", titleId).containsEntry("metadata[buyer_id]", buyer.id());
    assertThat(call.idempotencyKey()).isEqualTo("carriage-order-" + orderId + "-payment");
    assertThat(call.authorization()).isEqualTo("Bearer sk_test_fake");
    assertThat(call.stripeVersion()).isNotBlank();
    assertThat(order.getString("payment.provider")).isEqualTo("stripe");
    assertThat(order.getString("payment.clientSecret")).isEqualTo(paymentIntent + "_secret_fake");
    assertThat(order.getString("payment.confirmUrl")).isNull();
  }

  @Test
  void signedSucceededEvent_paysTheOrder_andIssuesTheLicence() {
    deliver(paymentSucceeded(eventId(), paymentIntent, orderId)).then().statusCode(200).body("outcome", equalTo("applied"));

    assertThat(status()).isEqualTo("paid");
    buyer.request().get("/api/library").then().body("", hasSize(1)).body("[0].state", equalTo("valid"));
    Api.download(buyer, titleId).then().statusCode(201);
  }

  @Test
  void sameEventDeliveredTenTimes_paysOnce() {
    String payload = paymentSucceeded(eventId(), paymentIntent, orderId);
    for (int delivery = 0; delivery < 10; delivery++) {
      deliver(payload).then().statusCode(200).body("outcome", equalTo(delivery == 0 ? "applied" : "duplicate"));
    }

    buyer.request().get("/api/orders/" + orderId).then().body("status", equalTo("paid")).body("history", hasSize(1));
    assertThat(ledger.of(orderId)).hasSize(1);
  }

  @Test
  void badSignatureMissingHeaderAndStaleTimestamp_get400_andChangeNothing() {
    String payload = paymentSucceeded(eventId(), paymentIntent, orderId);

    deliver(payload, StripeWebhooks.sign(payload, "whsec_someone_else", Instant.now())).then().statusCode(400)
        .body("type", equalTo("/problems/invalid-signature"));
    deliver(payload, null).then().statusCode(400).body("detail", containsString("missing"));
    deliver(payload, StripeWebhooks.sign(payload, StripeProfile.WEBHOOK_SECRET, Instant.now().minusSeconds(301)))
        .then().statusCode(400).body("detail", containsString("olerance"));
    String tampered = payload.replace("succeeded", "succeeded ");
    deliver(tampered, StripeWebhooks.sign(payload, StripeProfile.WEBHOOK_SECRET, Instant.now())).then().statusCode(400);

    assertThat(status()).isEqualTo("created");
    assertThat(ledger.of(orderId)).isEmpty();
    // Refused deliveries were not recorded, so the genuine one still applies.
    deliver(payload).then().statusCode(200).body("outcome", equalTo("applied"));
  }

  @Test
  void refundArrivingBeforeTheSuccess_endsRefunded_notPaid() {
    deliver(chargeRefunded(eventId(), paymentIntent, true)).then().statusCode(200).body("outcome", equalTo("deferred"));
    assertThat(status()).isEqualTo("created");

    deliver(paymentSucceeded(eventId(), paymentIntent, orderId)).then().statusCode(200);

    assertThat(status()).isEqualTo("refunded");
    buyer.request().get("/api/library").then().body("[0].state", equalTo("revoked"));
    assertThat(ledger.of(orderId)).extracting(OrderStatusChanged::to).containsExactly(OrderStatus.PAID, OrderStatus.REFUNDED);
  }

  @Test
  void failedPayment_failsTheOrder_andALateFailureAfterSuccessIsIgnored() {
    deliver(paymentFailed(eventId(), paymentIntent)).then().statusCode(200).body("outcome", equalTo("applied"));
    buyer.request().get("/api/orders/" + orderId).then().body("status", equalTo("failed"))
        .body("failureReason", containsString("card_declined"));

    deliver(paymentSucceeded(eventId(), paymentIntent, orderId)).then().statusCode(200);
    deliver(paymentFailed(eventId(), paymentIntent)).then().statusCode(200).body("outcome", equalTo("ignored"));
    assertThat(status()).isEqualTo("paid");
  }

  @Test
  void lostDispute_refundsTheOrder_andRevokesTheLicence() {
    deliver(paymentSucceeded(eventId(), paymentIntent, orderId));
    deliver(disputeCreated(eventId(), paymentIntent)).then().body("outcome", equalTo("applied"));
    assertThat(status()).isEqualTo("disputed");
    buyer.request().post("/api/orders/" + orderId + "/refund").then().statusCode(409);

    deliver(disputeClosed(eventId(), paymentIntent, "lost")).then().body("outcome", equalTo("applied"));

    assertThat(status()).isEqualTo("refunded");
    Api.download(buyer, titleId).then().statusCode(403);
  }

  @Test
  void wonDispute_returnsTheOrderToPaid_evenWhenItsOpeningArrivesLast() {
    deliver(paymentSucceeded(eventId(), paymentIntent, orderId));
    deliver(disputeClosed(eventId(), paymentIntent, "won")).then().body("outcome", equalTo("deferred"));
    deliver(disputeCreated(eventId(), paymentIntent)).then().body("outcome", equalTo("applied"));

    buyer.request().get("/api/orders/" + orderId).then()
        .body("status", equalTo("paid"))
        .body("history.to", equalTo(List.of("paid", "disputed", "paid")));
  }

  @Test
  void partialRefund_isRecordedButLeavesTheOrderPaid() {
    deliver(paymentSucceeded(eventId(), paymentIntent, orderId));
    deliver(chargeRefunded(eventId(), paymentIntent, false)).then().statusCode(200).body("outcome", equalTo("ignored"));
    assertThat(status()).isEqualTo("paid");
  }

  @Test
  void buyerRefund_asksStripeOnce_andTheLaterChargeRefundedEventChangesNothing() {
    deliver(paymentSucceeded(eventId(), paymentIntent, orderId));

    buyer.request().post("/api/orders/" + orderId + "/refund").then().statusCode(200).body("status", equalTo("refunded"));
    buyer.request().post("/api/orders/" + orderId + "/refund").then().statusCode(200).body("status", equalTo("refunded"));

    List<FakeStripe.Call> refunds = StripeProfile.fake().calls("/v1/refunds").stream()
        .filter(call -> paymentIntent.equals(call.form().get("payment_intent")))
        .toList();
    assertThat(refunds).hasSize(1);
    assertThat(refunds.get(0).idempotencyKey()).isEqualTo("carriage-order-" + orderId + "-refund");
    deliver(chargeRefunded(eventId(), paymentIntent, true)).then().statusCode(200).body("outcome", equalTo("no_change"));
    assertThat(ledger.of(orderId)).extracting(OrderStatusChanged::to).containsExactly(OrderStatus.PAID, OrderStatus.REFUNDED);
  }

  /** A signed success for 1 USD, or from test mode at this test-mode store's opposite, pays nothing and is kept for review. */
  @Test
  void aSucceededEventForAnotherAmountCurrencyOrMode_paysNothing_andIsKeptForReview() {
    deliver(StripeWebhooks.paymentSucceeded(eventId(), paymentIntent, orderId, 100, "usd")).then().statusCode(200)
        .body("outcome", equalTo("mismatch"));
    deliver(StripeWebhooks.paymentSucceeded(eventId(), paymentIntent, orderId, 1999, "usd")).then().statusCode(200)
        .body("outcome", equalTo("mismatch"));
    deliver(StripeWebhooks.paymentSucceeded(eventId(), paymentIntent, orderId, 1998, "eur")).then().statusCode(200)
        .body("outcome", equalTo("mismatch"));
    String live = paymentSucceeded(eventId(), paymentIntent, orderId).replace("\"livemode\": false", "\"livemode\": true");
    deliver(live).then().statusCode(200).body("outcome", equalTo("mismatch"));
    String noAmount = StripeWebhooks.withData(eventId(), "payment_intent.succeeded",
        "{\"object\": {\"id\": \"" + paymentIntent + "\", \"object\": \"payment_intent\", \"status\": \"succeeded\"}}");
    deliver(noAmount).then().statusCode(200).body("outcome", equalTo("mismatch"));

    assertThat(status()).isEqualTo("created");
    assertThat(ledger.of(orderId)).isEmpty();
    buyer.request().get("/api/library").then().body("", hasSize(0));
    deliver(paymentSucceeded(eventId(), paymentIntent, orderId)).then().statusCode(200).body("outcome", equalTo("applied"));
    assertThat(status()).isEqualTo("paid");
  }

  /** Stripe's own fixtures: {@code charge.refunded} and disputes name only the charge. */
  @Test
  void chargeOnlyRefund_findsItsOrderByTheChargeRecordedAtPayment_andRevokesTheLicence() {
    deliver(paymentSucceeded(eventId(), paymentIntent, orderId)).then().body("outcome", equalTo("applied"));

    deliver(StripeWebhooks.chargeOnlyRefunded(eventId(), "ch_for_" + paymentIntent)).then().statusCode(200)
        .body("outcome", equalTo("applied"));

    assertThat(status()).isEqualTo("refunded");
    buyer.request().get("/api/library").then().body("[0].state", equalTo("revoked"));
    assertThat(StripeProfile.fake().calls("/v1/charges/ch_for_" + paymentIntent)).as("known from the payment").isEmpty();
  }

  @Test
  void aLostDisputeNamingOnlyAChargeTheStoreNeverSaw_isResolvedAtStripe_andRevokesTheLicence() {
    deliver(paymentSucceeded(eventId(), paymentIntent, orderId));
    String charge = StripeProfile.fake().addCharge("ch_unseen_" + UUID.randomUUID().toString().replace("-", ""), paymentIntent);

    deliver(StripeWebhooks.chargeOnlyDispute(eventId(), "charge.dispute.created", charge, "needs_response")).then().statusCode(200)
        .body("outcome", equalTo("applied"));
    deliver(StripeWebhooks.chargeOnlyDispute(eventId(), "charge.dispute.closed", charge, "lost")).then().statusCode(200)
        .body("outcome", equalTo("applied"));

    assertThat(status()).isEqualTo("refunded");
    Api.download(buyer, titleId).then().statusCode(403);
    assertThat(StripeProfile.fake().calls("/v1/charges/" + charge)).isNotEmpty();
    deliver(StripeWebhooks.chargeOnlyDispute(eventId(), "charge.dispute.created", "ch_stripe_never_made", "needs_response"))
        .then().statusCode(200).body("outcome", equalTo("ignored"));
  }

  @Test
  void aSignatureFromTheFuture_isRefused() {
    String payload = paymentSucceeded(eventId(), paymentIntent, orderId);

    deliver(payload, StripeWebhooks.sign(payload, StripeProfile.WEBHOOK_SECRET, Instant.now().plusSeconds(600))).then().statusCode(400)
        .body("type", equalTo("/problems/invalid-signature")).body("detail", containsString("future"));

    assertThat(status()).isEqualTo("created");
    deliver(payload).then().statusCode(200).body("outcome", equalTo("applied"));
  }

  /** Stripe retries any non-2xx for days: an event with nothing to act on is acknowledged and recorded, never a 400. */
  @Test
  void eventsWithEmptyOrThinData_areAcknowledgedAndRecordedAsIgnored() {
    for (String data : new String[] {null, "{}", "{\"object\": {}}", "{\"object\": null}"}) {
      deliver(StripeWebhooks.withData(eventId(), "payment_intent.succeeded", data)).then().statusCode(200)
          .body("outcome", equalTo("ignored"));
    }
    String thin = """
        {"id": "%s", "object": "v2.core.event", "type": "v1.billing.meter.error_report_triggered", "livemode": false,
         "related_object": {"id": "mtr_1", "type": "billing.meter", "url": "/v1/billing/meters/mtr_1"}}""".formatted(eventId());
    deliver(thin).then().statusCode(200).body("outcome", equalTo("ignored"));
    assertThat(status()).isEqualTo("created");
  }

  /**
   * A late success for a second order of a title the buyer already paid for (an order left from
   * before a failed order counted as the open one): the money is given back at once, recorded,
   * and the licence stays with the first order.
   */
  @Test
  void aLateSuccessForASecondOrderOfAnOwnedTitle_isRefundedAutomatically_andTheLicenceStays() {
    deliver(paymentSucceeded(eventId(), paymentIntent, orderId)).then().body("outcome", equalTo("applied"));
    String secondIntent = "pi_legacy_" + UUID.randomUUID().toString().replace("-", "");
    String second = admins.legacyOrder(buyer.id(), titleId, "STRIPE", secondIntent, "FAILED");

    deliver(StripeWebhooks.paymentSucceeded(eventId(), secondIntent, second, 1999, "eur")).then().statusCode(200)
        .body("outcome", equalTo("applied"));

    buyer.request().get("/api/orders/" + second).then().body("status", equalTo("refunded"))
        .body("history.to", equalTo(List.of("paid", "refunded")))
        .body("history[1].cause", containsString("refunded automatically: the buyer already paid for this title with order " + orderId));
    assertThat(StripeProfile.fake().calls("/v1/refunds")).anySatisfy(call -> {
      assertThat(call.form()).containsEntry("payment_intent", secondIntent);
      assertThat(call.idempotencyKey()).isEqualTo("carriage-order-" + second + "-refund");
    });
    assertThat(ledger.of(second)).extracting(OrderStatusChanged::to).containsExactly(OrderStatus.PAID, OrderStatus.REFUNDED);
    buyer.request().get("/api/library").then().body("", hasSize(1)).body("[0].state", equalTo("valid"));
    Api.download(buyer, titleId).then().statusCode(201);
  }

  /** A licence belongs to the title and the buyer: refunding one of two paid orders leaves it valid; refunding the last revokes it. */
  @Test
  void theLicence_isRevokedOnlyWhenNoPaidOrderForTheTitleRemains() {
    deliver(paymentSucceeded(eventId(), paymentIntent, orderId)).then().body("outcome", equalTo("applied"));
    String legacyPaid = admins.legacyOrder(buyer.id(), titleId, "STRIPE", "pi_legacy_paid_" + UUID.randomUUID(), "PAID");

    buyer.request().post("/api/orders/" + orderId + "/refund").then().statusCode(200).body("status", equalTo("refunded"));
    buyer.request().get("/api/library").then().body("[0].state", equalTo("valid"));
    Api.download(buyer, titleId).then().statusCode(201);

    buyer.request().post("/api/orders/" + legacyPaid + "/refund").then().statusCode(200).body("status", equalTo("refunded"));
    buyer.request().get("/api/library").then().body("[0].state", equalTo("revoked"));
  }

  @Test
  void eventsForUnknownPaymentsAndUnhandledTypes_areAcknowledgedAndIgnored() {
    deliver(paymentSucceeded(eventId(), "pi_nobody_knows", UUID.randomUUID().toString())).then().statusCode(200)
        .body("outcome", equalTo("ignored"));
    String other = """
        {"id": "%s", "object": "event", "type": "customer.created", "data": {"object": {"id": "cus_1"}}}"""
        .formatted(eventId());
    deliver(other).then().statusCode(200).body("outcome", equalTo("ignored"));
    String noId = """
        {"object": "event", "type": "payment_intent.succeeded", "data": {"object": {"id": "%s"}}}""".formatted(paymentIntent);
    deliver(noId).then().statusCode(400).body("errors[0].field", equalTo("id"));
    assertThat(status()).isEqualTo("created");
  }

  /**
   * With Stripe configured, the checkout page is Stripe's Payment Element: it carries the
   * publishable key and the order's client secret, loads Stripe.js, and only this page's policy
   * lets Stripe's script and frames in; the store front's policy stays closed to other origins.
   */
  @Test
  void theCheckoutPage_mountsStripesPaymentElement_underAPolicyOpenToStripeOnThatPageOnly() {
    Api.User buyer = Api.signUp("Element buyer");
    String titleId = Api.titleOnSale(Api.signUp("Element publisher", "publisher"), 1500, null);
    io.restassured.path.json.JsonPath order = Api.order(buyer, titleId);

    io.restassured.response.Response checkout = io.restassured.RestAssured.given().cookie("carriage_session", buyer.token())
        .get("/checkout/" + order.getString("id"));

    assertThat(checkout.statusCode()).isEqualTo(200);
    assertThat(checkout.asString()).contains("data-stripe-key=\"pk_test_carriage\"")
        .contains("data-client-secret=\"" + order.getString("payment.clientSecret") + "\"")
        .contains("<script src=\"https://js.stripe.com/v3/\"></script>").doesNotContain("name=\"cardNumber\"");
    assertThat(checkout.header("Content-Security-Policy")).contains("script-src 'self' https://js.stripe.com")
        .contains("frame-src https://js.stripe.com").doesNotContain("unsafe-inline");
    assertThat(io.restassured.RestAssured.get("/").header("Content-Security-Policy")).doesNotContain("stripe.com");
  }
}
