package dev.carriage.store.affiliate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.carriage.ledger.Account;
import dev.carriage.ledger.Money;
import dev.carriage.store.ledger.BookCheck;
import dev.carriage.store.ledger.Journal;
import dev.carriage.store.ledger.SettlementJob;
import dev.carriage.store.payout.PayoutRun;
import dev.carriage.store.support.Admins;
import dev.carriage.store.support.Api;
import dev.carriage.store.support.Api.User;
import dev.carriage.store.support.Referrals;
import dev.carriage.store.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The affiliate rules that races, suspensions and copied cookies got around: the click-flood
 * limit under sixty simultaneous clicks, a suspended site paid nothing it had not been paid, and
 * a click bound to one account earning on that account's orders only. The book balances after each.
 */
@QuarkusTest
class AffiliateTrustTest {

  private static final Duration THINKING_TIME = Duration.ofMinutes(3);
  private static final Duration PAST_THE_HOLD = Duration.ofDays(14).plusMinutes(1);
  /** floor(1999 × 500 / 10000): the commission of one sale at the test price. */
  private static final long COMMISSION = 1999 * 500 / 10_000;
  /** The flood limit: clicks past this many from one visitor on one site within the hour are flagged. */
  private static final int FLOOD_LIMIT = 20;

  @Inject TestClock clock;
  @Inject Admins admins;
  @Inject EntityManager entityManager;
  @Inject Journal journal;
  @Inject SettlementJob settlement;
  @Inject PayoutRun payouts;

  private User publisher;
  private String titleId;
  private User fan;
  private JsonPath site;
  private UUID siteId;

  @BeforeEach
  void aSite() {
    publisher = Api.signUp("Trust publisher", "publisher");
    titleId = Api.titleOnSale(publisher, 1999, null);
    fan = Api.signUp("Trust fan", "affiliate");
    site = Referrals.registerSite(fan, "Trusted Reviews");
    siteId = UUID.fromString(site.getString("id"));
  }

  @AfterEach
  void theBookBalances() {
    try {
      BookCheck check = journal.check();
      assertThat(check.balanced()).isTrue();
    } finally {
      clock.reset();
    }
  }

  @Test
  void sixtySimultaneousClicksFromOneVisitor_leaveExactlyTheLimitUnflagged_andAnOrderThroughALaterOneIsHeld() throws Exception {
    int clicks = 60;
    CyclicBarrier together = new CyclicBarrier(clicks);
    ExecutorService pool = Executors.newFixedThreadPool(clicks);
    List<CompletableFuture<String>> cookies = new ArrayList<>();
    try {
      for (int i = 0; i < clicks; i++) {
        cookies.add(CompletableFuture.supplyAsync(() -> {
          try {
            together.await(10, TimeUnit.SECONDS);
          } catch (Exception broken) {
            throw new IllegalStateException(broken);
          }
          return Referrals.click(site.getString("code"), titleId, "Click bot");
        }, pool));
      }
      CompletableFuture.allOf(cookies.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }

    assertThat(clicksOfSite(false)).isEqualTo(FLOOD_LIMIT);
    assertThat(clicksOfSite(true)).isEqualTo(clicks - FLOOD_LIMIT);
    String flagged = cookies.stream().map(CompletableFuture::join).filter(this::isFlood).findFirst().orElseThrow();
    clock.advance(THINKING_TIME);
    String orderId = Referrals.buyWithCookie(Api.signUp("Buyer through the flood"), titleId, flagged);
    admin().request().get("/api/admin/affiliate/review").then().statusCode(200)
        .body("held.find { it.orderId == '" + orderId + "' }.state", equalTo("held"));
  }

  /** Suspended after the sale and before its payout: nothing more goes to the site until the operator decides. */
  @Test
  void aSiteSuspendedBeforeItsCommissionWasPaid_isPaidNothing_untilApprovedAndReinstated() {
    String rejected = referredSale("First buyer");
    String approved = referredSale("Second buyer");
    // Both sales' holds close before the suspension: their commissions are payable, waiting for the payout run.
    clock.advance(PAST_THE_HOLD);
    settlement.runOnce();
    assertThat(payable()).isEqualTo(2 * COMMISSION);
    User admin = admin();

    admin.request().body(Map.of("reason", "fake reviews")).post("/api/admin/affiliate/sites/" + siteId + "/suspend").then().statusCode(200);

    assertThat(payable()).as("taken back from payable").isZero();
    assertThat(pending()).isEqualTo(2 * COMMISSION);
    admin.request().get("/api/admin/affiliate/review").then().statusCode(200)
        .body("held.find { it.orderId == '" + rejected + "' }.reason", equalTo("site suspended: fake reviews"))
        .body("held.find { it.orderId == '" + approved + "' }.state", equalTo("held"));
    settlement.runOnce();
    payouts.runOnce();
    assertThat(payable()).isZero();
    assertThat(storeCreditOf(fan)).as("nothing paid to a suspended site").isZero();

    admin.request().post("/api/admin/affiliate/conversions/" + approved + "/approve").then().statusCode(200);
    admin.request().post("/api/admin/affiliate/conversions/" + rejected + "/reject").then().statusCode(200);
    settlement.runOnce();
    assertThat(payable()).isEqualTo(COMMISSION);
    assertThat(pending()).isZero();
    payouts.runOnce();
    assertThat(storeCreditOf(fan)).as("still suspended").isZero();

    admin.request().post("/api/admin/affiliate/sites/" + siteId + "/reinstate").then().statusCode(200);
    payouts.runOnce();
    assertThat(storeCreditOf(fan)).isEqualTo(COMMISSION);
    assertThat(payable()).isZero();
  }

  /** A signed-in click by one account, replayed as the cookie by five others, refers none of their orders. */
  @Test
  void aClickBoundToOneAccount_attributesOnlyThatAccountsOrders() {
    User clicker = Api.signUp("Signed-in clicker");
    var response = clicker.request().redirects().follow(false).header("User-Agent", "Phone")
        .get("/r/" + site.getString("code") + "?title=" + titleId);
    response.then().statusCode(302);
    String cookie = response.cookie(ReferralCookie.NAME);
    clock.advance(THINKING_TIME);

    for (int i = 0; i < 5; i++) {
      Referrals.buyWithCookie(Api.signUp("Replayer " + i), titleId, cookie);
    }
    assertThat(Referrals.totals(fan.signInAgain(), site.getString("id")).getLong("totals.orders")).isZero();

    Referrals.buyWithCookie(clicker.signInAgain(), titleId, cookie);
    assertThat(Referrals.totals(fan.signInAgain(), site.getString("id")).getLong("totals.orders")).isEqualTo(1);

    // An anonymous click is bound by the first order that carries it; a copy earns nothing after.
    String anonymous = Referrals.click(site.getString("code"), titleId, "Laptop");
    clock.advance(THINKING_TIME);
    Referrals.buyWithCookie(Api.signUp("First with the cookie"), titleId, anonymous);
    Referrals.buyWithCookie(Api.signUp("Second with the cookie"), titleId, anonymous);
    assertThat(Referrals.totals(fan.signInAgain(), site.getString("id")).getLong("totals.orders")).isEqualTo(2);
  }

  private String referredSale(String buyerName) {
    String cookie = Referrals.click(site.getString("code"), titleId, buyerName + " browser");
    clock.advance(THINKING_TIME);
    return Referrals.buyWithCookie(Api.signUp(buyerName), titleId, cookie);
  }

  private long clicksOfSite(boolean flood) {
    return ((Number) entityManager.createNativeQuery("select count(*) from affiliate_click where site_id = ?1 and flood = ?2")
        .setParameter(1, siteId).setParameter(2, flood).getSingleResult()).longValue();
  }

  private boolean isFlood(String clickId) {
    return (Boolean) entityManager.createNativeQuery("select flood from affiliate_click where id = ?1")
        .setParameter(1, UUID.fromString(clickId)).getSingleResult();
  }

  private long payable() {
    return journal.balance(Account.affiliatePayable(siteId), Money.currency("EUR")).minor();
  }

  private long pending() {
    return journal.balance(Account.affiliatePending(siteId), Money.currency("EUR")).minor();
  }

  private long storeCreditOf(User owner) {
    return journal.balance(Account.storeCredit(UUID.fromString(owner.id())), Money.currency("EUR")).minor();
  }

  private User admin() {
    User admin = Api.signUp("Trust admin");
    admins.grant(admin.id());
    return admin.signInAgain();
  }
}
