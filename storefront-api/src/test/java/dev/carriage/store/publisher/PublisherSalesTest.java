package dev.carriage.store.publisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.carriage.store.support.Api;
import dev.carriage.store.support.Api.User;
import dev.carriage.store.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A publisher's sales and statements against hand-computed values, and only their own. */
@QuarkusTest
class PublisherSalesTest {

  @Inject TestClock clock;

  @AfterEach
  void resetClock() {
    clock.reset();
  }

  /**
   * A seeded month. Day 1: two buyers buy A (10.00, royalty 70% = 7.00 each), one buys W (9.99,
   * wholesale 6.50), and another publisher's Z sells once. Day 2: one more W, and A's first buyer
   * is refunded inside the window, taking back its 7.00.
   */
  @Test
  void aSeededMonth_byTitleAndByDay_equalsHandComputedValues_andShowsOnlyTheCallersSales() {
    User publisher = Api.signUp("Statement publisher", "publisher");
    String a = Api.titleOnSale(publisher, 1000, null);
    Map<String, Object> wholesale = new java.util.HashMap<>(Api.titleBody("Wholesale W"));
    wholesale.put("price", Map.of("amountMinor", 999, "currency", "EUR"));
    wholesale.put("wholesale", Map.of("amountMinor", 650, "currency", "EUR"));
    String w = Api.createTitle(publisher, wholesale);
    User other = Api.signUp("Other publisher", "publisher");
    String z = Api.titleOnSale(other, 500, null);
    LocalDate day1 = moveToTheFirstOfNextMonthAtNoonUtc();

    User firstBuyer = Api.signUp("A buyer 1");
    String refunded = Api.buy(firstBuyer, a);
    Api.buy(Api.signUp("A buyer 2"), a);
    Api.buy(Api.signUp("W buyer 1"), w);
    Api.buy(Api.signUp("Z buyer"), z);
    clock.advance(Duration.ofDays(1));
    Api.buy(Api.signUp("W buyer 2"), w);
    firstBuyer.signInAgain().request().post("/api/orders/" + refunded + "/refund").then().statusCode(200);
    publisher = publisher.signInAgain();

    JsonPath statement = publisher.request().queryParam("period", YearMonth.from(day1).toString()).get("/api/publisher/statement")
        .then().statusCode(200).extract().jsonPath();
    assertThat(statement.getList("rows.titleId", String.class)).containsExactlyInAnyOrder(a, w);
    assertThat(row(statement, a)).containsExactly(2L, 2000L, 1400L, 1L, 1000L, 700L, 700L);
    assertThat(row(statement, w)).containsExactly(2L, 1998L, 1300L, 0L, 0L, 0L, 1300L);
    assertThat(statement.getLong("totals[0].units")).isEqualTo(4);
    assertThat(statement.getLong("totals[0].royaltyMinor")).isEqualTo(2700);
    assertThat(statement.getLong("totals[0].netRoyaltyMinor")).isEqualTo(2000);

    JsonPath byDay = publisher.request().queryParam("from", day1.toString()).queryParam("to", day1.plusDays(1).toString())
        .queryParam("groupBy", "day").get("/api/publisher/sales").then().statusCode(200).extract().jsonPath();
    assertThat(byDay.getList("rows.key", String.class)).containsExactly(day1.toString(), day1.plusDays(1).toString());
    assertThat(byDay.getLong("rows[0].units")).isEqualTo(3);
    assertThat(byDay.getLong("rows[0].royaltyMinor")).isEqualTo(700 + 700 + 650);
    assertThat(byDay.getLong("rows[1].units")).isEqualTo(1);
    assertThat(byDay.getLong("rows[1].refunds")).isEqualTo(1);
    assertThat(byDay.getLong("rows[1].netRoyaltyMinor")).isEqualTo(650 - 700);

    String csv = publisher.request().queryParam("period", YearMonth.from(day1).toString()).get("/api/publisher/statement.csv")
        .then().statusCode(200).header("Content-Disposition", org.hamcrest.Matchers.containsString("carriage-statement-"))
        .extract().asString();
    assertThat(csv.split("\r\n")[0]).isEqualTo("title,title,currency,units,gross,royalty,refunds,refunded_gross,refunded_royalty,net_royalty");
    assertThat(csv).contains(a + ",Title ").contains(",EUR,2,20.00,14.00,1,10.00,7.00,7.00\r\n")
        .contains(w + ",Wholesale W,EUR,2,19.98,13.00,0,0.00,0.00,13.00\r\n");

    JsonPath theirs = other.signInAgain().request().queryParam("period", YearMonth.from(day1).toString()).get("/api/publisher/statement")
        .then().statusCode(200).extract().jsonPath();
    assertThat(theirs.getList("rows.titleId", String.class)).containsExactly(z);
    assertThat(row(theirs, z)).containsExactly(1L, 500L, 350L, 0L, 0L, 0L, 350L);
  }

  @Test
  void badQuestions_getAProblemNamingTheField_andNonPublishersAreRefused() {
    User publisher = Api.signUp("Asking publisher", "publisher");
    publisher.request().queryParam("groupBy", "sub").get("/api/publisher/sales").then().statusCode(400)
        .body("errors[0].field", equalTo("groupBy"));
    publisher.request().queryParam("period", "November").get("/api/publisher/statement").then().statusCode(400)
        .body("errors[0].field", equalTo("period"));
    publisher.request().queryParam("from", "2026-01-01").queryParam("to", "2027-06-01").get("/api/publisher/sales").then().statusCode(400)
        .body("errors[0].field", equalTo("to"));
    Api.signUp("Just a buyer").request().get("/api/publisher/sales").then().statusCode(403);
    publisher.request().body(Map.of("method", "stripe_connect")).put("/api/publisher/payout").then().statusCode(400)
        .body("errors[0].field", equalTo("connectAccountId"));
    publisher.request().body(Map.of("method", "stripe_connect", "connectAccountId", "acct_1Publisher")).put("/api/publisher/payout")
        .then().statusCode(200).body("payoutMethod", equalTo("stripe_connect")).body("royaltyShareBasisPoints", equalTo(7000));
  }

  private static List<Long> row(JsonPath view, String titleId) {
    String at = "rows.find { it.titleId == '" + titleId + "' }.";
    return List.of(view.getLong(at + "units"), view.getLong(at + "grossMinor"), view.getLong(at + "royaltyMinor"),
        view.getLong(at + "refunds"), view.getLong(at + "refundedGrossMinor"), view.getLong(at + "refundedRoyaltyMinor"),
        view.getLong(at + "netRoyaltyMinor"));
  }

  private LocalDate moveToTheFirstOfNextMonthAtNoonUtc() {
    Instant now = clock.instant();
    LocalDate first = YearMonth.from(now.atZone(ZoneOffset.UTC)).plusMonths(1).atDay(1);
    clock.advance(Duration.between(now, first.atTime(12, 0).toInstant(ZoneOffset.UTC)));
    return first;
  }
}
