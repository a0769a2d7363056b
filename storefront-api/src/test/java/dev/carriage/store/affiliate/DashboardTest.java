package dev.carriage.store.affiliate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.carriage.store.support.Api;
import dev.carriage.store.support.Api.User;
import dev.carriage.store.support.Referrals;
import dev.carriage.store.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fan-site owner's dashboard: figures against hand-computed values, and who may read them. */
@QuarkusTest
class DashboardTest {

  @Inject TestClock clock;

  @AfterEach
  void resetClock() {
    clock.reset();
  }

  /**
   * A seeded month. Day 0: four clicks from three visitors on title A (sub "spring"), one
   * buys A (19.99 → 0.99). Day 10: three clicks from two visitors on title B (sub "summer"),
   * both buy B (12.99 → 0.64 each). Day 20: one click on the store front, no sub, no order.
   * Seen on day 20: A's commission is past its 14-day hold (payable), B's are pending.
   */
  @Test
  void seededMonth_figuresEqualHandComputedValues() {
    User publisher = Api.signUp("Publisher", "publisher");
    String titleA = Api.titleOnSale(publisher, 1999, null);
    String titleB = Api.titleOnSale(publisher, 1299, null);
    User fan = Api.signUp("Fan", "affiliate");
    JsonPath site = Referrals.registerSite(fan, "Month Site");
    String code = site.getString("code");
    moveToNextNoonUtc();
    LocalDate day0 = today();

    String v1 = Referrals.click(code, titleA, "spring", "visitor-1");
    Referrals.click(code, titleA, "spring", "visitor-2");
    Referrals.click(code, titleA, "spring", "visitor-3");
    Referrals.click(code, titleA, "spring", "visitor-1");
    clock.advance(Duration.ofMinutes(10));
    Referrals.buyWithCookie(Api.signUp("Buyer 1"), titleA, v1);

    clock.advance(Duration.ofDays(10));
    String v4 = Referrals.click(code, titleB, "summer", "visitor-4");
    String v5 = Referrals.click(code, titleB, "summer", "visitor-5");
    Referrals.click(code, titleB, "summer", "visitor-5");
    clock.advance(Duration.ofMinutes(10));
    Referrals.buyWithCookie(Api.signUp("Buyer 4"), titleB, v4);
    Referrals.buyWithCookie(Api.signUp("Buyer 5"), titleB, v5);

    clock.advance(Duration.ofDays(10));
    Referrals.click(code, null, null, "visitor-6");
    fan = fan.signInAgain();

    JsonPath byDay = stats(fan, day0, day0.plusDays(20), "day");
    JsonPath totals = byDay.setRootPath("totals");
    assertThat(totals.getLong("clicks")).isEqualTo(8);
    assertThat(totals.getLong("uniqueVisitors")).isEqualTo(6);
    assertThat(totals.getLong("orders")).isEqualTo(3);
    assertThat(totals.getString("conversionRate")).isEqualTo("0.3750");
    assertThat(totals.getLong("earnings[0].grossReferred")).isEqualTo(1999 + 1299 + 1299);
    assertThat(totals.getLong("earnings[0].payable")).isEqualTo(99);
    assertThat(totals.getLong("earnings[0].pending")).isEqualTo(64 + 64);
    assertThat(totals.getLong("earnings[0].paid")).isZero();
    assertThat(totals.getLong("earnings[0].reversed")).isZero();
    // (99 + 128) / 8 clicks = 28.375 cents per click, half-even to 28.38.
    assertThat(totals.getString("earnings[0].earningsPerClick")).isEqualTo("28.38");

    byDay.setRootPath("");
    assertThat(byDay.getList("rows.key")).containsExactly(day0.toString(), day0.plusDays(10).toString(), day0.plusDays(20).toString());
    assertThat(byDay.getList("rows.clicks", Long.class)).containsExactly(4L, 3L, 1L);
    assertThat(byDay.getList("rows.uniqueVisitors", Long.class)).containsExactly(3L, 2L, 1L);
    assertThat(byDay.getList("rows.orders", Long.class)).containsExactly(1L, 2L, 0L);
    assertThat(byDay.getList("rows.conversionRate", String.class)).containsExactly("0.2500", "0.6667", "0.0000");
    assertThat(byDay.getString("rows[1].earnings[0].earningsPerClick")).isEqualTo("42.67"); // 128 / 3

    JsonPath bySub = stats(fan, day0, day0.plusDays(20), "sub");
    assertThat(bySub.getList("rows.key")).containsExactly("", "spring", "summer");
    assertThat(bySub.getList("rows.orders", Long.class)).containsExactly(0L, 1L, 2L);

    JsonPath byTitle = stats(fan, day0, day0.plusDays(20), "title");
    assertThat(byTitle.getList("topTitles.key")).containsExactly(titleB, titleA);
    assertThat(byTitle.getList("topTitles.orders", Long.class)).containsExactly(2L, 1L);
    assertThat(byTitle.getString("rows.find { it.key == '' }.label")).isEqualTo("store front");

    JsonPath onlyDay10 = stats(fan, day0.plusDays(10), day0.plusDays(10), "day");
    assertThat(onlyDay10.getLong("totals.clicks")).isEqualTo(3);
    assertThat(onlyDay10.getLong("totals.orders")).isEqualTo(2);

    String csv = fan.request().queryParam("from", day0.toString()).queryParam("to", day0.plusDays(20).toString())
        .queryParam("groupBy", "day").get("/api/affiliate/stats.csv")
        .then().statusCode(200).header("Content-Type", containsString("text/csv"))
        .extract().asString();
    assertThat(csv.split("\r\n")).containsExactly(
        "key,label,currency,clicks,unique_visitors,orders,conversion_rate,gross_referred_minor,epc_minor,held_minor,"
            + "pending_minor,payable_minor,paid_minor,reversed_minor",
        day0 + "," + day0 + ",EUR,4,3,1,0.2500,1999,24.75,0,0,99,0,0",
        day0.plusDays(10) + "," + day0.plusDays(10) + ",EUR,3,2,2,0.6667,2598,42.67,0,128,0,0,0",
        day0.plusDays(20) + "," + day0.plusDays(20) + ",,1,1,0,0.0000,0,0.00,0,0,0,0,0");
  }

  @Test
  void ownerCannotReadAnotherOwnersStats_norReachTheirRowsThroughFilters() {
    User publisher = Api.signUp("Publisher", "publisher");
    String title = Api.titleOnSale(publisher, 1999, null);
    User alice = Api.signUp("Alice", "affiliate");
    User bob = Api.signUp("Bob", "affiliate");
    JsonPath aliceSite = Referrals.registerSite(alice, "Alice Site");
    Referrals.registerSite(bob, "Bob Site");
    Referrals.click(aliceSite.getString("code"), title, "visitor");
    Referrals.click(aliceSite.getString("code"), title, "visitor-2");

    bob.request().queryParam("siteId", aliceSite.getString("id")).get("/api/affiliate/stats").then().statusCode(403)
        .body("type", equalTo("/problems/forbidden"));
    bob.request().queryParam("siteId", aliceSite.getString("id")).get("/api/affiliate/stats.csv").then().statusCode(403);
    for (String groupBy : List.of("day", "title", "sub")) {
      JsonPath bobs = bob.request().queryParam("groupBy", groupBy).get("/api/affiliate/stats").then().statusCode(200).extract().jsonPath();
      assertThat(bobs.getLong("totals.clicks")).isZero();
      assertThat(bobs.getList("rows")).isEmpty();
    }
    bob.request().body(Map.of("siteId", aliceSite.getString("id"), "titleId", title)).post("/api/affiliate/links")
        .then().statusCode(403);
    Api.signUp("Just a buyer").request().get("/api/affiliate/stats").then().statusCode(403);
    assertThat(Referrals.totals(alice, aliceSite.getString("id")).getLong("totals.clicks")).isEqualTo(2);
  }

  @Test
  void badStatsParameters_getProblemsNamingTheParameter() {
    User fan = Api.signUp("Fan", "affiliate");
    Map<String, String> field = Map.of(
        "from=yesterday", "from", "groupBy=week", "groupBy", "siteId=42", "siteId",
        "from=2026-02-01&to=2026-01-01", "from", "from=2020-01-01&to=2026-01-01", "to");
    field.forEach((query, name) -> fan.request().get("/api/affiliate/stats?" + query).then().statusCode(400)
        .body("errors[0].field", equalTo(name)));
  }

  @Test
  void linkBuilder_andPayoutPreference() {
    User publisher = Api.signUp("Publisher", "publisher");
    String title = Api.titleOnSale(publisher, 1999, null);
    User fan = Api.signUp("Fan", "affiliate");
    JsonPath site = Referrals.registerSite(fan, "Links");
    assertThat(site.getString("payoutMethod")).isEqualTo("store_credit");
    assertThat(site.getString("referralUrl")).endsWith("/r/" + site.getString("code"));

    fan.request().body(Map.of("siteId", site.getString("id"), "titleId", title, "subId", "newsletter-07"))
        .post("/api/affiliate/links").then().statusCode(200)
        .body("url", org.hamcrest.Matchers.endsWith("/r/" + site.getString("code") + "?title=" + title + "&sub=newsletter-07"));
    fan.request().body(Map.of("siteId", site.getString("id"), "subId", "<script>"))
        .post("/api/affiliate/links").then().statusCode(400).body("errors[0].field", equalTo("subId"));
    fan.request().body(Map.of("siteId", site.getString("id"), "titleId", java.util.UUID.randomUUID().toString()))
        .post("/api/affiliate/links").then().statusCode(400).body("errors[0].field", equalTo("titleId"));

    String payout = "/api/affiliate/sites/" + site.getString("id") + "/payout";
    fan.request().body(Map.of("method", "stripe_connect")).put(payout).then().statusCode(400)
        .body("errors[0].field", equalTo("connectAccountId"));
    fan.request().body(Map.of("method", "stripe_connect", "connectAccountId", "acct_1Fan"))
        .put(payout).then().statusCode(200)
        .body("payoutMethod", equalTo("stripe_connect")).body("connectAccountId", equalTo("acct_1Fan"));
    Api.signUp("Other", "affiliate").request().body(Map.of("method", "store_credit")).put(payout).then().statusCode(403);
  }

  private JsonPath stats(User owner, LocalDate from, LocalDate to, String groupBy) {
    return owner.request().queryParam("from", from.toString()).queryParam("to", to.toString()).queryParam("groupBy", groupBy)
        .get("/api/affiliate/stats").then().statusCode(200).extract().jsonPath()
        // Rates are exact decimals; read as floats, 0.3750 would come back as 0.375.
        .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.BIG_DECIMAL));
  }

  /** Noon UTC, so a day's clicks never straddle midnight. */
  private void moveToNextNoonUtc() {
    Instant now = clock.instant();
    Instant noon = now.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(36));
    clock.advance(Duration.between(now, noon));
  }

  private LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
  }
}
