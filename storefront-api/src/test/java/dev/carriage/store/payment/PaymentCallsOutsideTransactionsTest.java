package dev.carriage.store.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.carriage.store.order.OrderRequest;
import dev.carriage.store.order.OrderService;
import dev.carriage.store.order.PaymentGateway;
import dev.carriage.store.order.Refunds;
import dev.carriage.store.support.Api;
import dev.carriage.store.support.Api.User;
import dev.carriage.store.support.FakeStripe;
import dev.carriage.store.support.OpenTransactions;
import dev.carriage.store.support.StripeProfile;
import dev.carriage.store.support.StripeWebhooks;
import dev.carriage.store.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Checkout and refunds call Stripe outside any transaction: the intent is committed first, Stripe
 * is asked with the order's idempotency key, the result is recorded after. Each crash point is
 * played by running the steps up to it by hand, then letting the store go on as after a restart:
 * every payment is opened once and every refund made once.
 */
@QuarkusTest
@TestProfile(StripeProfile.class)
class PaymentCallsOutsideTransactionsTest {

  private static final long PRICE = 1999;
  /** stripe-java's first attempt and its two retries (PaymentGateways sets two). */
  private static final int ONE_CALL_WITH_RETRIES = 3;

  @Inject OrderService orders;
  @Inject Refunds refunds;
  @Inject PaymentGateway gateway;
  @Inject DataSource database;
  @Inject TestClock clock;

  private User buyer;
  private String titleId;
  private OpenTransactions open;

  @BeforeEach
  void aTitleAndABuyer() {
    User publisher = Api.signUp("Outbox publisher", "publisher");
    titleId = Api.titleOnSale(publisher, PRICE, null);
    Api.publishContent(publisher, titleId);
    buyer = Api.signUp("Outbox buyer");
    open = new OpenTransactions(database);
    StripeProfile.fake().whileAnswering(open::look);
  }

  @AfterEach
  void noTransactionWasHeldAcrossAStripeCall() {
    StripeProfile.fake().whileAnswering(null);
    clock.reset();
    assertThat(open.heldDuringStripeCalls()).isEmpty();
  }

  @Test
  void checkout_opensThePaymentAfterTheOrderIsSaved_andACheckoutAfterACrashOpensItOnce() {
    // The store saved the order, then stopped before Stripe was asked.
    UUID saved = orders.prepare(UUID.fromString(buyer.id()), new OrderRequest(UUID.fromString(titleId), null, null), null).order().id();
    assertThat(paymentIntentsFor(saved.toString())).isZero();

    JsonPath again = buyer.request().body(java.util.Map.of("titleId", titleId)).post("/api/orders").then().statusCode(200)
        .extract().jsonPath();
    JsonPath thirdTime = buyer.request().body(java.util.Map.of("titleId", titleId)).post("/api/orders").then().statusCode(200)
        .extract().jsonPath();

    assertThat(again.getString("id")).isEqualTo(saved.toString());
    assertThat(again.getString("payment.paymentId")).startsWith("pi_fake_");
    assertThat(thirdTime.getString("payment.paymentId")).isEqualTo(again.getString("payment.paymentId"));
    assertThat(paymentIntentsFor(saved.toString())).isEqualTo(1);
    assertThat(StripeProfile.fake().calls("/v1/payment_intents").stream().filter(call -> saved.toString().equals(call.form()
        .get("metadata[order_id]"))).map(FakeStripe.Call::idempotencyKey)).containsOnly("carriage-order-" + saved + "-payment");
  }

  @Test
  void aRefundStripeCannotTakeNow_isRecorded_answeredAsSuch_andTakenOnceByALaterRun() {
    Paid paid = paidOrder();
    StripeProfile.fake().refundOutage(ONE_CALL_WITH_RETRIES);

    buyer.request().post("/api/orders/" + paid.orderId() + "/refund").then().statusCode(502)
        .body("type", containsString("payment-provider"))
        .body("detail", containsString("the refund is recorded and will be asked of the provider again"));
    assertThat(status(paid)).isEqualTo("paid");
    assertThat(refunds.sendDue()).as("not due again before its back-off").isZero();

    clock.advance(Duration.ofSeconds(31));
    assertThat(refunds.sendDue()).isEqualTo(1);
    assertThat(refunds.sendDue()).isZero();

    assertThat(status(paid)).isEqualTo("refunded");
    assertThat(StripeProfile.fake().refundsMade(paid.paymentIntent())).isEqualTo(1);
    buyer.request().post("/api/orders/" + paid.orderId() + "/refund").then().statusCode(200).body("status", equalTo("refunded"));
    assertThat(StripeProfile.fake().refundsMade(paid.paymentIntent())).isEqualTo(1);
  }

  @Test
  void aRefundStripeTookJustBeforeTheStoreStopped_isRecordedByTheNextRun_withoutASecondRefund() {
    Paid paid = paidOrder();
    // Recorded and committed, asked of Stripe, then the store stopped before recording the answer.
    orders.requestRefund(UUID.fromString(buyer.id()), false, UUID.fromString(paid.orderId()));
    gateway.refund(orders.order(UUID.fromString(paid.orderId())));
    assertThat(status(paid)).isEqualTo("paid");

    assertThat(refunds.sendDue()).isEqualTo(1);

    assertThat(status(paid)).isEqualTo("refunded");
    assertThat(StripeProfile.fake().refundsMade(paid.paymentIntent())).isEqualTo(1);
    assertThat(StripeProfile.fake().calls("/v1/refunds").stream().filter(call -> paid.paymentIntent().equals(call.form().get("payment_intent")))
        .map(FakeStripe.Call::idempotencyKey)).hasSize(2).containsOnly("carriage-order-" + paid.orderId() + "-refund");
  }

  @Test
  void aRefundTakenMoreThanADayBeforeTheStoreCameBack_isNotMadeAgain_thoughStripeForgotTheKey() {
    Paid paid = paidOrder();
    orders.requestRefund(UUID.fromString(buyer.id()), false, UUID.fromString(paid.orderId()));
    gateway.refund(orders.order(UUID.fromString(paid.orderId())));
    StripeProfile.fake().forgetIdempotencyKeys();
    clock.advance(Duration.ofHours(25));

    assertThat(refunds.sendDue()).isEqualTo(1);

    assertThat(status(paid)).isEqualTo("refunded");
    assertThat(StripeProfile.fake().refundsMade(paid.paymentIntent())).isEqualTo(1);
  }

  private record Paid(String orderId, String paymentIntent) {}

  private Paid paidOrder() {
    JsonPath order = Api.order(buyer, titleId);
    Paid paid = new Paid(order.getString("id"), order.getString("payment.paymentId"));
    StripeWebhooks.deliver(StripeWebhooks.paymentSucceeded("evt_test_" + UUID.randomUUID().toString().replace("-", ""),
        paid.paymentIntent(), paid.orderId())).then().statusCode(200).body("outcome", equalTo("applied"));
    return paid;
  }

  private String status(Paid paid) {
    return buyer.signInAgain().request().get("/api/orders/" + paid.orderId()).then().statusCode(200).extract().path("status");
  }

  private static long paymentIntentsFor(String orderId) {
    return StripeProfile.fake().calls("/v1/payment_intents").stream().filter(call -> orderId.equals(call.form().get("metadata[order_id]")))
        .map(FakeStripe.Call::idempotencyKey).distinct().count();
  }
}
