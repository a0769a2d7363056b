package dev.carriage.store.support;

import static io.restassured.RestAssured.given;

import dev.carriage.store.affiliate.ReferralCookie;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.Map;

/** Steps of the referral tests: a fan site, a visitor following its link, a buyer checking out with the cookie. */
public final class Referrals {

  private Referrals() {}

  /** A registered site of {@code owner}; returns its JSON (id, code, ...). */
  public static JsonPath registerSite(Api.User owner, String name) {
    return owner.request()
        .body(Map.of("name", name, "url", "https://fans.example/" + name.replaceAll("\\W", "")))
        .post("/api/affiliate/sites")
        .then()
        .statusCode(201)
        .extract()
        .jsonPath();
  }

  /** An anonymous visitor (told apart by user agent) following a site's link; the raw response. */
  public static Response follow(String code, String titleId, String userAgent) {
    return follow(code, titleId, null, userAgent);
  }

  /** As above, with a campaign sub-id (null for none). */
  public static Response follow(String code, String titleId, String sub, String userAgent) {
    RequestSpecification request = given().redirects().follow(false).header("User-Agent", userAgent);
    if (titleId != null) {
      request.queryParam("title", titleId);
    }
    if (sub != null) {
      request.queryParam("sub", sub);
    }
    return request.get("/r/" + code);
  }

  /** The click id the visitor's browser now carries. */
  public static String click(String code, String titleId, String userAgent) {
    return click(code, titleId, null, userAgent);
  }

  public static String click(String code, String titleId, String sub, String userAgent) {
    Response response = follow(code, titleId, sub, userAgent);
    response.then().statusCode(302);
    return response.cookie(ReferralCookie.NAME);
  }

  /** Places an order carrying the attribution cookie (null for none); returns the order's JSON. */
  public static JsonPath orderWithCookie(Api.User buyer, String titleId, String cookie) {
    RequestSpecification request = buyer.request().body(Map.of("titleId", titleId));
    if (cookie != null) {
      request.cookie(ReferralCookie.NAME, cookie);
    }
    return request.post("/api/orders").then().statusCode(201).extract().jsonPath();
  }

  /** Orders with the cookie and pays with the card that succeeds; returns the order id. */
  public static String buyWithCookie(Api.User buyer, String titleId, String cookie) {
    JsonPath order = orderWithCookie(buyer, titleId, cookie);
    Api.confirm(buyer, order.getString("payment.paymentId"), Api.SUCCESS_CARD);
    return order.getString("id");
  }

  /** The site's dashboard totals from 100 days ago to as far as a test moves the clock. */
  public static JsonPath totals(Api.User owner, String siteId) {
    return owner.request()
        .queryParam("siteId", siteId)
        .queryParam("from", java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(100).toString())
        .queryParam("to", java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(250).toString())
        .get("/api/affiliate/stats")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }
}
