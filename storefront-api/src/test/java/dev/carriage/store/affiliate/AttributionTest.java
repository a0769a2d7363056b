package dev.carriage.store.affiliate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.carriage.store.support.Admins;
import dev.carriage.store.support.Api;
import dev.carriage.store.support.Api.User;
import dev.carriage.store.support.Referrals;
import dev.carriage.store.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which fan site a sale is attributed to, and whether it earns: the rules of DESIGN.md step 2. */
@QuarkusTest
class AttributionTest {

  private static final Duration THINKING_TIME = Duration.ofMinutes(3);

  @Inject TestClock clock;
  @Inject Admins admins;

  private User publisher;
  private User buyer;
  private String titleId;
  private User fan;
  private JsonPath site;

  @BeforeEach
  void setUp() {
    publisher = Api.signUp("Publisher", "publisher");
    buyer = Api.signUp("Buyer");
    titleId = Api.titleOnSale(publisher, 1999, null);
    fan = Api.signUp("Fan", "affiliate");
    site = Referrals.registerSite(fan, "Fan Reviews");
  }

  @AfterEach
  void resetClock() {
    clock.reset();
  }

  @Test
  void clickThenBuyWithinWindow_attributesTheSaleToThatSite() {
    String cookie = Referrals.click(site.getString("code"), titleId, "Firefox");
    clock.advance(Duration.ofDays(29));

    Referrals.buyWithCookie(buyer.signInAgain(), titleId, cookie);

    JsonPath totals = Referrals.totals(fan.signInAgain(), site.getString("id"));
    assertThat(totals.getLong("totals.clicks")).isEqualTo(1);
    assertThat(totals.getLong("totals.orders")).isEqualTo(1);
    assertThat(totals.getString("totals.earnings[0].currency")).isEqualTo("EUR");
    assertThat(totals.getLong("totals.earnings[0].grossReferred")).isEqualTo(1999);
    assertThat(totals.getLong("totals.earnings[0].pending")).isEqualTo(99); // floor(1999 × 5%)
  }

  @Test
  void secondSitesLaterClickWins_evenAgainstAClickRecordedOnTheAccount() {
    User otherFan = Api.signUp("Other fan", "affiliate");
    JsonPath secondSite = Referrals.registerSite(otherFan, "Second Site");
    // The first click is made signed in, so it is recorded on the buyer's account.
    buyer.request().redirects().follow(false).header("User-Agent", "Phone")
        .get("/r/" + site.getString("code") + "?title=" + titleId).then().statusCode(302);
    clock.advance(Duration.ofDays(2));
    String secondCookie = Referrals.click(secondSite.getString("code"), titleId, "Laptop");
    clock.advance(THINKING_TIME);

    Referrals.buyWithCookie(buyer.signInAgain(), titleId, secondCookie);

    assertThat(Referrals.totals(otherFan.signInAgain(), secondSite.getString("id")).getLong("totals.orders")).isEqualTo(1);
    assertThat(Referrals.totals(fan.signInAgain(), site.getString("id")).getLong("totals.orders")).isZero();
  }

  @Test
  void clickRecordedOnTheAccount_attributesAnOrderFromAnotherDevice() {
    String cookie = Referrals.click(site.getString("code"), titleId, "Phone");
    String otherTitle = Api.titleOnSale(publisher, 1000, null);
    clock.advance(THINKING_TIME);
    Referrals.buyWithCookie(buyer, titleId, cookie); // binds the click to the account

    clock.advance(Duration.ofDays(3));
    Referrals.buyWithCookie(buyer.signInAgain(), otherTitle, null); // a device with no cookie

    JsonPath totals = Referrals.totals(fan.signInAgain(), site.getString("id"));
    assertThat(totals.getLong("totals.orders")).isEqualTo(2);
    assertThat(totals.getLong("totals.earnings[0].pending")).isEqualTo(99 + 50);
  }

  @Test
  void clickMadeSignedIn_attributesAnOrderWithoutTheCookie() {
    buyer.request().redirects().follow(false).header("User-Agent", "Phone")
        .get("/r/" + site.getString("code") + "?title=" + titleId).then().statusCode(302);
    clock.advance(THINKING_TIME);

    Referrals.buyWithCookie(buyer, titleId, null);

    assertThat(Referrals.totals(fan, site.getString("id")).getLong("totals.orders")).isEqualTo(1);
  }

  @Test
  void clickOlderThanTheWindow_isNotAttributed() {
    String cookie = Referrals.click(site.getString("code"), titleId, "Firefox");
    clock.advance(Duration.ofDays(31));

    Referrals.buyWithCookie(buyer.signInAgain(), titleId, cookie);

    JsonPath totals = Referrals.totals(fan.signInAgain(), site.getString("id"));
    assertThat(totals.getLong("totals.clicks")).isEqualTo(1);
    assertThat(totals.getLong("totals.orders")).isZero();
    assertThat(totals.getList("totals.earnings")).isEmpty();
  }

  @Test
  void aClickAfterTheOrderWasPlaced_cannotTakeIt() {
    User otherFan = Api.signUp("Other fan", "affiliate");
    JsonPath secondSite = Referrals.registerSite(otherFan, "Thief");
    String cookie = Referrals.click(site.getString("code"), titleId, "Firefox");
    clock.advance(THINKING_TIME);
    JsonPath order = Referrals.orderWithCookie(buyer, titleId, cookie);
    String thiefCookie = Referrals.click(secondSite.getString("code"), titleId, "Firefox");
    clock.advance(THINKING_TIME);
    // Checkout again (the same open order comes back), now with the thief's cookie, then pay.
    buyer.signInAgain().request().cookie(ReferralCookie.NAME, thiefCookie).body(Map.of("titleId", titleId))
        .post("/api/orders").then().statusCode(200).body("id", equalTo(order.getString("id")));
    Api.confirm(buyer.signInAgain(), order.getString("payment.paymentId"), Api.SUCCESS_CARD);

    assertThat(Referrals.totals(fan.signInAgain(), site.getString("id")).getLong("totals.orders")).isEqualTo(1);
    assertThat(Referrals.totals(otherFan.signInAgain(), secondSite.getString("id")).getLong("totals.orders")).isZero();
  }

  @Test
  void selfReferral_isNotPaid_andShowsInTheAdminQueue() {
    User fanWhoBuys = Api.signUp("Fan who buys", "affiliate", "buyer");
    JsonPath ownSite = Referrals.registerSite(fanWhoBuys, "My Own Site");
    String cookie = Referrals.click(ownSite.getString("code"), titleId, "Firefox");
    clock.advance(THINKING_TIME);

    String orderId = Referrals.buyWithCookie(fanWhoBuys.signInAgain(), titleId, cookie);

    assertThat(Referrals.totals(fanWhoBuys.signInAgain(), ownSite.getString("id")).getLong("totals.orders")).isZero();
    admin().request().get("/api/admin/affiliate/review").then().statusCode(200)
        .body("selfReferrals.orderId", hasItem(orderId))
        .body("held.orderId", not(hasItem(orderId)));
  }

  @Test
  void suspendedSite_earnsNothingNew() {
    User admin = admin();
    admin.request().body(Map.of("reason", "spam in comments"))
        .post("/api/admin/affiliate/sites/" + site.getString("id") + "/suspend")
        .then().statusCode(200).body("suspended", equalTo(true));
    String cookie = Referrals.click(site.getString("code"), titleId, "Firefox");
    clock.advance(THINKING_TIME);

    Referrals.buyWithCookie(buyer.signInAgain(), titleId, cookie);

    JsonPath totals = Referrals.totals(fan.signInAgain(), site.getString("id"));
    assertThat(totals.getLong("totals.clicks")).isEqualTo(1);
    assertThat(totals.getLong("totals.orders")).isZero();
  }

  @Test
  void siteSuspendedBetweenOrderAndPayment_earnsNothing() {
    String cookie = Referrals.click(site.getString("code"), titleId, "Firefox");
    clock.advance(THINKING_TIME);
    JsonPath order = Referrals.orderWithCookie(buyer, titleId, cookie);
    admin().request().body(Map.of("reason", "fraud"))
        .post("/api/admin/affiliate/sites/" + site.getString("id") + "/suspend").then().statusCode(200);

    Api.confirm(buyer, order.getString("payment.paymentId"), Api.SUCCESS_CARD);

    assertThat(Referrals.totals(fan, site.getString("id")).getLong("totals.orders")).isZero();
  }

  @Test
  void tooFastConversion_isHeld_thenPaidOnlyWhenAnAdminApproves() {
    String cookie = Referrals.click(site.getString("code"), titleId, "Firefox");
    String orderId = Referrals.buyWithCookie(buyer, titleId, cookie); // no time passes: under 5 s

    JsonPath held = Referrals.totals(fan, site.getString("id"));
    assertThat(held.getLong("totals.earnings[0].held")).isEqualTo(99);
    assertThat(held.getLong("totals.earnings[0].pending")).isZero();
    User admin = admin();
    admin.request().get("/api/admin/affiliate/review").then().statusCode(200)
        .body("held.find { it.orderId == '" + orderId + "' }.state", equalTo("held"))
        .body("held.find { it.orderId == '" + orderId + "' }.reason", equalTo("ordered less than 5 s after the click"));

    admin.request().post("/api/admin/affiliate/conversions/" + orderId + "/approve").then().statusCode(200)
        .body("state", equalTo("pending"));
    admin.request().post("/api/admin/affiliate/conversions/" + orderId + "/approve").then().statusCode(409);

    assertThat(Referrals.totals(fan, site.getString("id")).getLong("totals.earnings[0].pending")).isEqualTo(99);
  }

  @Test
  void rejectedHeldConversion_isNeverPaid() {
    String cookie = Referrals.click(site.getString("code"), titleId, "Firefox");
    String orderId = Referrals.buyWithCookie(buyer, titleId, cookie);

    admin().request().post("/api/admin/affiliate/conversions/" + orderId + "/reject").then().statusCode(200)
        .body("state", equalTo("rejected"));

    JsonPath totals = Referrals.totals(fan, site.getString("id"));
    assertThat(totals.getLong("totals.orders")).isZero();
    assertThat(totals.getList("totals.earnings")).isEmpty();
  }

  @Test
  void clickFloodFromOneVisitor_isFlagged_andItsConversionHeld() {
    String cookie = null;
    for (int i = 0; i <= 20; i++) {
      cookie = Referrals.click(site.getString("code"), titleId, "Click bot");
    }
    clock.advance(THINKING_TIME);
    String orderId = Referrals.buyWithCookie(buyer.signInAgain(), titleId, cookie);

    admin().request().get("/api/admin/affiliate/review").then().statusCode(200)
        .body("floodClicks.clickId", hasItem(cookie))
        .body("held.find { it.orderId == '" + orderId + "' }.reason", equalTo("the click came in a burst from one visitor"));
    JsonPath totals = Referrals.totals(fan.signInAgain(), site.getString("id"));
    assertThat(totals.getLong("totals.clicks")).isEqualTo(21);
    assertThat(totals.getLong("totals.uniqueVisitors")).isEqualTo(1);
  }

  @Test
  void refundInsideTheWindow_reversesTheCommission_afterTheWindowItBecomesPayable() {
    String firstCookie = Referrals.click(site.getString("code"), titleId, "Firefox");
    clock.advance(THINKING_TIME);
    String refunded = Referrals.buyWithCookie(buyer, titleId, firstCookie);
    buyer.request().post("/api/orders/" + refunded + "/refund").then().statusCode(200);
    User secondBuyer = Api.signUp("Second buyer");
    String secondCookie = Referrals.click(site.getString("code"), titleId, "Chrome");
    clock.advance(THINKING_TIME);
    Referrals.buyWithCookie(secondBuyer.signInAgain(), titleId, secondCookie);

    clock.advance(Duration.ofDays(14));

    JsonPath totals = Referrals.totals(fan.signInAgain(), site.getString("id"));
    assertThat(totals.getLong("totals.orders")).isEqualTo(2);
    assertThat(totals.getLong("totals.earnings[0].reversed")).isEqualTo(99);
    assertThat(totals.getLong("totals.earnings[0].pending")).isZero();
    assertThat(totals.getLong("totals.earnings[0].payable")).isEqualTo(99);
  }

  @Test
  void checkoutNamingAnotherSitesCode_onlyCountsThatSitesClicks() {
    User otherFan = Api.signUp("Other fan", "affiliate");
    JsonPath secondSite = Referrals.registerSite(otherFan, "Named");
    String cookie = Referrals.click(site.getString("code"), titleId, "Firefox");
    clock.advance(THINKING_TIME);

    JsonPath order = buyer.signInAgain().request().cookie(ReferralCookie.NAME, cookie)
        .body(Map.of("titleId", titleId, "affiliateCode", secondSite.getString("code")))
        .post("/api/orders").then().statusCode(201).extract().jsonPath();
    Api.confirm(buyer.signInAgain(), order.getString("payment.paymentId"), Api.SUCCESS_CARD);

    // A code with no click of that site behind it earns nothing, and does not fall back to the cookie's site.
    assertThat(Referrals.totals(otherFan.signInAgain(), secondSite.getString("id")).getLong("totals.orders")).isZero();
    assertThat(Referrals.totals(fan.signInAgain(), site.getString("id")).getLong("totals.orders")).isZero();
  }

  private User admin() {
    User admin = Api.signUp("Admin");
    admins.grant(admin.id());
    return admin.signInAgain();
  }
}
