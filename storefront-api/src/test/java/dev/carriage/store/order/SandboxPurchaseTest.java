package dev.carriage.store.order;

import static dev.carriage.store.support.Api.DECLINED_CARD;
import static dev.carriage.store.support.Api.SUCCESS_CARD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.carriage.store.support.Admins;
import dev.carriage.store.support.Api;
import dev.carriage.store.support.Api.User;
import dev.carriage.store.support.StatusChangeRecorder;
import dev.carriage.store.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SandboxPurchaseTest {

  @Inject TestClock clock;
  @Inject StatusChangeRecorder ledger;
  @Inject Admins admins;

  private User publisher;
  private User buyer;
  private String titleId;

  @BeforeEach
  void setUp() {
    publisher = Api.signUp("Publisher", "publisher");
    buyer = Api.signUp("Buyer");
    titleId = Api.titleOnSale(publisher, 1999, null);
    Api.publishContent(publisher, titleId);
  }

  @AfterEach
  void resetClock() {
    clock.reset();
  }

  @Test
  void successCard_paysOrder_issuesLicence_andAllowsDownload() {
    JsonPath order = Api.order(buyer, titleId);
    assertThat(order.getString("status")).isEqualTo("created");
    assertThat(order.getLong("amount.amountMinor")).isEqualTo(1999);
    assertThat(order.getString("amount.currency")).isEqualTo("EUR");
    assertThat(order.getString("payment.provider")).isEqualTo("sandbox");
    assertThat(order.getString("payment.clientSecret")).startsWith(order.getString("payment.paymentId") + "_secret_");

    JsonPath paid = Api.confirm(buyer, order.getString("payment.paymentId"), SUCCESS_CARD);

    assertThat(paid.getString("status")).isEqualTo("paid");
    assertThat(paid.getString("paidAt")).isNotNull();
    assertThat(paid.getList("history.to", String.class)).containsExactly("paid");
    assertThat(paid.getString("history[0].cause")).contains("payment_intent.succeeded").contains("4242");
    buyer.request().get("/api/library").then().statusCode(200)
        .body("", hasSize(1))
        .body("[0].titleId", equalTo(titleId))
        .body("[0].kind", equalTo("perpetual"))
        .body("[0].state", equalTo("valid"))
        .body("[0].orderId", equalTo(order.getString("id")));
    Api.download(buyer, titleId).then().statusCode(201)
        .body("titleId", equalTo(titleId))
        .body("licence.kind", equalTo("perpetual"))
        .body("sessionId", org.hamcrest.Matchers.notNullValue())
        .body("ticket", org.hamcrest.Matchers.notNullValue())
        .body("contentKey", org.hamcrest.Matchers.notNullValue());
    assertThat(ledger.of(order.getString("id")))
        .extracting(OrderStatusChanged::to)
        .containsExactly(OrderStatus.PAID);
  }

  @Test
  void declinedCard_failsOrder_andIssuesNoLicence() {
    JsonPath order = Api.order(buyer, titleId);

    JsonPath failed = Api.confirm(buyer, order.getString("payment.paymentId"), DECLINED_CARD);

    assertThat(failed.getString("status")).isEqualTo("failed");
    assertThat(failed.getString("failureReason")).contains("card_declined");
    buyer.request().get("/api/library").then().statusCode(200).body("", hasSize(0));
    Api.download(buyer, titleId).then().statusCode(403)
        .body("type", equalTo("/problems/no-valid-licence"))
        .body("detail", containsString("no licence"));
  }

  @Test
  void afterADecline_theBuyerCanTryAgainAndPay() {
    JsonPath order = Api.order(buyer, titleId);
    Api.confirm(buyer, order.getString("payment.paymentId"), DECLINED_CARD);

    JsonPath paid = Api.confirm(buyer, order.getString("payment.paymentId"), SUCCESS_CARD);

    assertThat(paid.getString("status")).isEqualTo("paid");
    assertThat(paid.getList("history.to", String.class)).containsExactly("failed", "paid");
  }

  /**
   * After a decline, every new checkout for the title, ten of them at once, returns the failed
   * order: paying it again is the retry, so no second order exists to be paid beside it.
   */
  @Test
  void afterADecline_concurrentCheckoutsReturnTheFailedOrder_andOnlyItCanBePaid() throws Exception {
    JsonPath declined = Api.order(buyer, titleId);
    Api.confirm(buyer, declined.getString("payment.paymentId"), DECLINED_CARD);
    int checkouts = 10;
    java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(checkouts);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(checkouts);
    List<java.util.concurrent.Future<io.restassured.response.Response>> answers = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < checkouts; i++) {
        answers.add(pool.submit(() -> {
          together.await(10, java.util.concurrent.TimeUnit.SECONDS);
          return buyer.request().body(Map.of("titleId", titleId)).post("/api/orders");
        }));
      }
      for (var answer : answers) {
        answer.get(30, java.util.concurrent.TimeUnit.SECONDS).then().statusCode(200).body("id", equalTo(declined.getString("id")))
            .body("status", equalTo("failed"));
      }
    } finally {
      pool.shutdownNow();
    }

    Api.confirm(buyer, declined.getString("payment.paymentId"), SUCCESS_CARD);

    buyer.request().get("/api/orders").then().statusCode(200).body("", hasSize(1)).body("[0].status", equalTo("paid"));
    buyer.request().get("/api/library").then().body("", hasSize(1)).body("[0].state", equalTo("valid"));
    assertThat(ledger.of(declined.getString("id"))).extracting(OrderStatusChanged::to).containsExactly(OrderStatus.FAILED, OrderStatus.PAID);
  }

  /** An order left from before this rule, for a title the buyer has since paid for, cannot be paid by card confirmation. */
  @Test
  void aSecondOrderOfAnOwnedTitle_cannotBePaid() {
    String paid = Api.buy(buyer, titleId);
    String second = admins.legacyOrder(buyer.id(), titleId, "SANDBOX", "pay_sandbox_legacy_" + java.util.UUID.randomUUID(), "FAILED");
    String secondPayment = buyer.request().get("/api/orders/" + second).then().statusCode(200).extract().path("payment.paymentId");

    buyer.request().body(Map.of("cardNumber", SUCCESS_CARD)).post("/api/payments/sandbox/" + secondPayment + "/confirm")
        .then().statusCode(409).body("type", equalTo("/problems/already-owned")).body("detail", containsString(paid));

    buyer.request().get("/api/orders/" + second).then().body("status", equalTo("failed"));
    assertThat(ledger.of(second)).isEmpty();
    buyer.request().get("/api/library").then().body("", hasSize(1)).body("[0].state", equalTo("valid"));
  }

  @Test
  void unknownTestCard_isRefused_andChangesNothing() {
    JsonPath order = Api.order(buyer, titleId);
    buyer.request().body(Map.of("cardNumber", "5555 5555 5555 4444"))
        .post("/api/payments/sandbox/" + order.getString("payment.paymentId") + "/confirm")
        .then().statusCode(400).body("errors[0].field", equalTo("cardNumber"));
    buyer.request().get("/api/orders/" + order.getString("id")).then().statusCode(200).body("status", equalTo("created"));
  }

  @Test
  void orderKeepsThePriceItWasPlacedAt() {
    JsonPath order = Api.order(buyer, titleId);
    Map<String, Object> dearer = Api.titleBody("Dearer");
    dearer.put("price", Map.of("amountMinor", 4999, "currency", "EUR"));
    publisher.request().body(dearer).put("/api/titles/" + titleId).then().statusCode(200);

    JsonPath paid = Api.confirm(buyer, order.getString("payment.paymentId"), SUCCESS_CARD);

    assertThat(paid.getLong("amount.amountMinor")).isEqualTo(1999);
    assertThat(ledger.of(order.getString("id")).get(0).amount().minor()).isEqualTo(1999);
  }

  @Test
  void orderingAgainBeforePaying_returnsTheSameOpenOrder() {
    String first = Api.order(buyer, titleId).getString("id");
    buyer.request().body(Map.of("titleId", titleId)).post("/api/orders").then().statusCode(200)
        .body("id", equalTo(first));
  }

  @Test
  void ownedTitle_cannotBeOrderedAgain() {
    Api.buy(buyer, titleId);
    buyer.request().body(Map.of("titleId", titleId)).post("/api/orders").then().statusCode(409)
        .body("type", equalTo("/problems/already-owned"));
  }

  @Test
  void withdrawnFreeAndUnknownTitles_areRefused() {
    publisher.request().delete("/api/titles/" + titleId).then().statusCode(200).body("onSale", equalTo(false));
    buyer.request().body(Map.of("titleId", titleId)).post("/api/orders").then().statusCode(409)
        .body("type", equalTo("/problems/not-for-sale")).body("detail", containsString("withdrawn"));

    String free = Api.titleOnSale(publisher, 0, null);
    buyer.request().body(Map.of("titleId", free)).post("/api/orders").then().statusCode(409)
        .body("type", equalTo("/problems/not-for-sale"));

    buyer.request().body(Map.of("titleId", "00000000-0000-0000-0000-000000000000")).post("/api/orders")
        .then().statusCode(400).body("errors[0].field", equalTo("titleId"));
    buyer.request().body(Map.of("titleId", titleId, "affiliateCode", "<script>")).post("/api/orders")
        .then().statusCode(400).body("errors[0].field", equalTo("affiliateCode"));
    buyer.request().get("/api/orders").then().statusCode(200).body("", hasSize(0));
  }

  @Test
  void buyer_refundsInsideTheWindow_licenceIsRevoked_andASecondRefundChangesNothing() {
    String orderId = Api.buy(buyer, titleId);
    clock.advance(Duration.ofDays(13));
    buyer = buyer.signInAgain();

    buyer.request().post("/api/orders/" + orderId + "/refund").then().statusCode(200)
        .body("status", equalTo("refunded"))
        .body("history.to", equalTo(List.of("paid", "refunded")))
        .body("history[1].cause", equalTo("refund requested by the buyer"));
    buyer.request().post("/api/orders/" + orderId + "/refund").then().statusCode(200)
        .body("status", equalTo("refunded"))
        .body("history", hasSize(2));

    buyer.request().get("/api/library").then().body("[0].state", equalTo("revoked"));
    Api.download(buyer, titleId).then().statusCode(403)
        .body("detail", containsString("revoked"));
    assertThat(ledger.of(orderId)).extracting(OrderStatusChanged::to).containsExactly(OrderStatus.PAID, OrderStatus.REFUNDED);
  }

  @Test
  void buyer_cannotRefundAfterTheWindow_butAnAdminCan() {
    String orderId = Api.buy(buyer, titleId);
    clock.advance(Duration.ofDays(14).plusSeconds(1));
    buyer = buyer.signInAgain();

    buyer.request().post("/api/orders/" + orderId + "/refund").then().statusCode(409)
        .body("type", equalTo("/problems/refund-window-closed"));
    buyer.request().get("/api/orders/" + orderId).then().body("status", equalTo("paid"));

    User admin = Api.signUp("Admin");
    admins.grant(admin.id());
    admin.signInAgain().request().post("/api/orders/" + orderId + "/refund").then().statusCode(200)
        .body("status", equalTo("refunded"))
        .body("history[1].cause", equalTo("refund by admin " + admin.id()));
  }

  @Test
  void unpaidOrder_cannotBeRefunded() {
    String orderId = Api.order(buyer, titleId).getString("id");
    buyer.request().post("/api/orders/" + orderId + "/refund").then().statusCode(409)
        .body("type", equalTo("/problems/order-state-conflict"));
  }

  @Test
  void aBuyerCannotSeeRefundPayOrDownloadAnotherBuyersOrder() {
    JsonPath order = Api.order(buyer, titleId);
    User stranger = Api.signUp("Stranger");

    stranger.request().get("/api/orders/" + order.getString("id")).then().statusCode(404);
    stranger.request().body(Map.of("cardNumber", SUCCESS_CARD))
        .post("/api/payments/sandbox/" + order.getString("payment.paymentId") + "/confirm").then().statusCode(404);
    Api.confirm(buyer, order.getString("payment.paymentId"), SUCCESS_CARD);
    stranger.request().post("/api/orders/" + order.getString("id") + "/refund").then().statusCode(404);
    stranger.request().get("/api/orders").then().statusCode(200).body("", hasSize(0));
    Api.download(stranger, titleId).then().statusCode(403);
    buyer.request().get("/api/orders/" + order.getString("id")).then().statusCode(200).body("status", equalTo("paid"));
  }

  @Test
  void ordersNeedASignedInBuyer() {
    io.restassured.RestAssured.given().contentType("application/json").body(Map.of("titleId", titleId))
        .post("/api/orders").then().statusCode(401);
    io.restassured.RestAssured.given().get("/api/library").then().statusCode(401);
  }
}
