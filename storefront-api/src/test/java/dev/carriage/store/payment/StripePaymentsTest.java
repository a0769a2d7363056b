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
}
