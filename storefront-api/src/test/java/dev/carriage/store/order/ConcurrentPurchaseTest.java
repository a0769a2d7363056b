package dev.carriage.store.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carriage.store.support.Api;
import dev.carriage.store.support.Api.User;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ConcurrentPurchaseTest {

  private static final int ATTEMPTS = 50;

  /** A buyer's outcome for one attempt: the order it got (if any) and the HTTP statuses. */
  private record Attempt(String orderId, int orderStatus, int confirmStatus) {}

  @Test
  void fiftyParallelPurchasesOfOneTitle_makeOnePaidOrderAndOneLicence() throws Exception {
    User publisher = Api.signUp("Publisher", "publisher");
    User buyer = Api.signUp("Eager buyer");
    String titleId = Api.titleOnSale(publisher, 1500, null);

    ExecutorService pool = Executors.newFixedThreadPool(ATTEMPTS);
    List<Future<Attempt>> futures = new ArrayList<>();
    try {
      for (int i = 0; i < ATTEMPTS; i++) {
        futures.add(pool.submit(purchase(buyer, titleId)));
      }
      List<Attempt> attempts = new ArrayList<>();
      for (Future<Attempt> future : futures) {
        attempts.add(future.get());
      }
      assertThat(attempts).extracting(Attempt::orderStatus).allMatch(status -> List.of(200, 201, 409).contains(status));
      assertThat(attempts).extracting(Attempt::orderStatus).filteredOn(status -> status == 201).hasSize(1);
      assertThat(attempts).extracting(Attempt::confirmStatus).filteredOn(status -> status == 200).isNotEmpty();
      assertThat(attempts).extracting(Attempt::confirmStatus).allMatch(status -> List.of(0, 200, 409).contains(status));
    } finally {
      pool.shutdownNow();
    }

    List<Map<String, Object>> orders = buyer.request().get("/api/orders").then().statusCode(200).extract().jsonPath().getList("");
    assertThat(orders).hasSize(1);
    assertThat(orders.get(0)).containsEntry("status", "paid");
    List<Map<String, Object>> library = buyer.request().get("/api/library").then().extract().jsonPath().getList("");
    assertThat(library).hasSize(1);
  }

  private static Callable<Attempt> purchase(User buyer, String titleId) {
    return () -> {
      Response order = buyer.request().body(Map.of("titleId", titleId)).post("/api/orders");
      if (order.statusCode() >= 300) {
        return new Attempt(null, order.statusCode(), 0);
      }
      String paymentId = order.jsonPath().getString("payment.paymentId");
      Response confirmed =
          buyer.request().body(Map.of("cardNumber", Api.SUCCESS_CARD)).post("/api/payments/sandbox/" + paymentId + "/confirm");
      return new Attempt(order.jsonPath().getString("id"), order.statusCode(), confirmed.statusCode());
    };
  }
}
