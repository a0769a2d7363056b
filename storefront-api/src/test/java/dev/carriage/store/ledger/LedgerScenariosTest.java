package dev.carriage.store.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.carriage.ledger.Account;
import dev.carriage.ledger.AccountType;
import dev.carriage.ledger.Money;
import dev.carriage.ledger.SaleEntries;
import dev.carriage.node.NodeDaemon;
import dev.carriage.store.payout.PayoutRun;
import dev.carriage.store.support.Admins;
import dev.carriage.store.support.Api;
import dev.carriage.store.support.Api.User;
import dev.carriage.store.support.Carriage;
import dev.carriage.store.support.GridLab;
import dev.carriage.store.support.Referrals;
import dev.carriage.store.support.TestClock;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One referred sale, carried by two carriers and the origin with receipts the test signs, then
 * settled, refunded, paid out, crashed and re-run. After every scenario the whole book balances.
 */
@QuarkusTest
class LedgerScenariosTest {

  private static final Currency EUR = Money.currency("EUR");
  private static final long PRICE = 2000;
  private static final Duration PAST_THE_HOLD = Duration.ofDays(14).plusMinutes(1);
  private static final int MEDIA_BYTES = 10 * 16 * 1024 + 777;

  @TestHTTPResource("/") URL storeUrl;
  @Inject javax.sql.DataSource database;
  @Inject Admins admins;
  @Inject TestClock clock;
  @Inject Journal journal;
  @Inject SettlementJob settlementJob;
  @Inject Settlement settlement;
  @Inject PayoutRun payoutRun;
  @Inject EntityManager entityManager;

  private GridLab lab;
  private UUID titleId;
  private NodeDaemon carrierA;
  private NodeDaemon carrierB;
  private User fan;
  private UUID siteId;
  private UUID orderId;
  private User buyer;
  private User publisher;
  private Map<String, Long> parts;

  @BeforeEach
  void aReferredSaleCarriedByTwoCarriersAndTheOrigin() throws Exception {
    lab = GridLab.start(URI.create(storeUrl.toString()), admins, 0);
    publisher = Api.signUp("Ledger publisher", "publisher");
    titleId = UUID.fromString(Api.titleOnSale(publisher, PRICE, null));
    lab.publish(publisher, titleId, GridLab.randomMedia(lab.newDirectory("media"), MEDIA_BYTES, 11), 16 * 1024);
    carrierA = lab.startCarrier(titleId, 0, false);
    carrierB = lab.startCarrier(titleId, 0, false);
    fan = Api.signUp("Ledger fan", "affiliate");
    JsonPath site = Referrals.registerSite(fan, "Ledger Fans");
    siteId = UUID.fromString(site.getString("id"));
    String cookie = Referrals.click(site.getString("code"), titleId.toString(), "Firefox");
    clock.advance(Duration.ofMinutes(3));
    buyer = Api.signUp("Ledger buyer");
    orderId = UUID.fromString(Referrals.buyWithCookie(buyer, titleId.toString(), cookie));
    carry(buyer, new int[] {0, 1, 2, 3, 4, 5}, new int[] {6, 7, 8, 9}, new int[] {10});
  }

  /** Receipts for one session of the buyer: pieces from A, from B and from the origin. */
  private Carriage.Session carry(User who, int[] fromA, int[] fromB, int[] fromOrigin) {
    Carriage.Session session = Carriage.open(who, titleId);
    Carriage.submit(carrierA, session.receipt(carrierA.nodeId(), 1, fromA));
    if (fromB.length > 0) {
      Carriage.submit(carrierB, session.receipt(carrierB.nodeId(), 1, fromB));
    }
    if (fromOrigin.length > 0) {
      Carriage.submit(lab.origin(), session.receipt(lab.origin().nodeId(), 1, fromOrigin));
    }
    parts = SaleEntries.poolParts(PRICE * 500 / 10_000,
        Map.of(carrierA.nodeId(), session.bytesOf(fromA), carrierB.nodeId(), session.bytesOf(fromB)), session.bytesOf(fromOrigin));
    return session;
  }

  @AfterEach
  void theBookBalances() throws Exception {
    try {
      BookCheck check = journal.check();
      assertThat(check.unbalancedEntries()).isEmpty();
      assertThat(check.currencies()).allSatisfy(total -> assertThat(total.differenceMinor()).isZero());
      assertThat(check.balanced()).isTrue();
    } finally {
      clock.reset();
      lab.close();
    }
  }

  @Test
  void closingTheWindow_splitsThePoolByVerifiedBytes_andMakesTheCommissionPayable() {
    assertThat(payable(carrierA)).isZero();
    assertThat(journal.balance(Account.affiliatePending(siteId), EUR).minor()).isEqualTo(100);

    clock.advance(PAST_THE_HOLD);
    settlementJob.runOnce();

    assertThat(payable(carrierA)).isEqualTo(parts.get(carrierA.nodeId().toString())).isPositive();
    assertThat(payable(carrierB)).isEqualTo(parts.get(carrierB.nodeId().toString())).isPositive();
    assertThat(payable(carrierA) + payable(carrierB) + parts.get(SaleEntries.STORE)).isEqualTo(100);
    assertThat(journal.balance(Account.affiliatePayable(siteId), EUR).minor()).isEqualTo(100);
    assertThat(journal.balance(Account.affiliatePending(siteId), EUR).minor()).isZero();
    assertThat(netOf(orderId)).containsEntry(Account.of(AccountType.CARRIER_POOL), Money.of(0, "EUR"));
  }

  /**
   * A sale keeps the hold it was paid under. Here it was paid when the window was 30 days (its
   * stored hold says so); today's setting of 14 days must not settle it, nor close its refund.
   */
  @Test
  void aSaleKeepsTheHoldItWasPaidUnder_whateverTheWindowIsToday() {
    java.time.Instant paidAt = java.time.Instant.parse(buyer.request().get("/api/orders/" + orderId).then().statusCode(200)
        .extract().path("paidAt"));
    java.time.Instant heldUntil = paidAt.plus(Duration.ofDays(30));
    io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> {
      entityManager.createNativeQuery("update purchase_order set hold_until = ?2 where id = ?1")
          .setParameter(1, orderId).setParameter(2, heldUntil).executeUpdate();
      entityManager.createNativeQuery("update sale_record set hold_until = ?2 where order_id = ?1")
          .setParameter(1, orderId).setParameter(2, heldUntil).executeUpdate();
    });

    clock.advance(PAST_THE_HOLD);
    settlementJob.runOnce();

    assertThat(payable(carrierA)).isZero();
    assertThat(journal.balance(Account.affiliatePayable(siteId), EUR).minor()).isZero();
    buyer.signInAgain().request().get("/api/orders/" + orderId).then().statusCode(200)
        .body("refundableUntil", org.hamcrest.Matchers.equalTo(heldUntil.toString()));

    clock.advance(Duration.ofDays(16));
    settlementJob.runOnce();
    assertThat(payable(carrierA)).isEqualTo(parts.get(carrierA.nodeId().toString())).isPositive();
  }

  @Test
  void aRefundInsideTheWindow_reversesEveryPendingSplit() {
    buyer.request().post("/api/orders/" + orderId + "/refund").then().statusCode(200);

    Map<Account, Money> net = netOf(orderId);
    net.forEach((account, amount) -> {
      if (account.type() != AccountType.REVENUE && account.type() != AccountType.REFUNDS) {
        assertThat(amount.minor()).as(account.toString()).isZero();
      }
    });
    assertThat(net.get(Account.of(AccountType.REVENUE)).plus(net.get(Account.of(AccountType.REFUNDS))).minor()).isZero();
    clock.advance(PAST_THE_HOLD);
    settlementJob.runOnce();
    assertThat(payable(carrierA)).isZero();
    assertThat(journal.balance(Account.affiliatePayable(siteId), EUR).minor()).isZero();
  }

  @Test
  void aRefundAfterPayout_leavesThePayeesOwing_andTheirNextEarningsPayItBackFirst() throws Exception {
    clock.advance(PAST_THE_HOLD);
    settlementJob.runOnce();
    payoutRun.runOnce();
    long partA = parts.get(carrierA.nodeId().toString());
    assertThat(payable(carrierA)).isZero();
    assertThat(storeCredit(lab.operatorOf(carrierA))).isEqualTo(partA);

    User admin = admin();
    admin.request().post("/api/orders/" + orderId + "/refund").then().statusCode(200);

    assertThat(payable(carrierA)).isEqualTo(-partA);
    assertThat(journal.balance(Account.affiliatePayable(siteId), EUR).minor()).isEqualTo(-100);
    payoutRun.runOnce();
    assertThat(payable(carrierA)).isEqualTo(-partA);

    // A second sale, carried by A alone: its whole pool of 100 first pays back what A owes.
    clock.reset();
    User second = Api.signUp("Second ledger buyer");
    Api.buy(second, titleId.toString());
    carry(second, java.util.stream.IntStream.range(0, 11).toArray(), new int[0], new int[0]);
    clock.advance(PAST_THE_HOLD);
    settlementJob.runOnce();
    assertThat(payable(carrierA)).isEqualTo(100 - partA);
    payoutRun.runOnce();
    assertThat(payable(carrierA)).isZero();
    assertThat(storeCredit(lab.operatorOf(carrierA))).isEqualTo(100);
  }

  /**
   * The publisher's default share is 70% of gross; the pool and the commission are 5% each; every
   * rate is floored on the gross and the store keeps the rest: 2000 = 1400 + 100 + 100 + 400.
   */
  @Test
  void aReferredCarriedSale_paysItsPublisherCarriersAndSite_eachItsPartToTheCent() {
    long royalty = PRICE * 7000 / 10_000;
    long pool = PRICE * 500 / 10_000;
    long commission = PRICE * 500 / 10_000;
    long margin = PRICE - royalty - pool - commission;
    assertThat(journal.balance(Account.publisherPending(publisherId()), EUR).minor()).isEqualTo(royalty);
    assertThat(netOf(orderId).get(Account.of(AccountType.REVENUE)).minor()).isEqualTo(-margin);
    JsonPath record = admin().request().get("/api/admin/sales/" + orderId).then().statusCode(200).extract().jsonPath();
    assertThat(List.of(record.getLong("grossMinor"), record.getLong("royaltyMinor"), record.getLong("poolMinor"),
        record.getLong("commissionMinor"), record.getLong("marginMinor"))).containsExactly(PRICE, royalty, pool, commission, margin);
    assertThat(record.getString("royaltyBasis")).isEqualTo("share");

    clock.advance(PAST_THE_HOLD);
    settlementJob.runOnce();

    assertThat(journal.balance(Account.publisherPending(publisherId()), EUR).minor()).isZero();
    assertThat(journal.balance(Account.publisherPayable(publisherId()), EUR).minor()).isEqualTo(royalty);
    assertThat(payable(carrierA) + payable(carrierB) + parts.get(SaleEntries.STORE)).isEqualTo(pool);
    assertThat(journal.balance(Account.affiliatePayable(siteId), EUR).minor()).isEqualTo(commission);
    payoutRun.runOnce();
    assertThat(storeCredit(publisher)).isEqualTo(royalty);
    JsonPath account = publisher.signInAgain().request().get("/api/publisher/account").then().statusCode(200).extract().jsonPath();
    assertThat(account.getLong("balances[0].paidMinor")).isEqualTo(royalty);
    assertThat(account.getLong("balances[0].payableMinor")).isZero();
    assertThat(publisher.signInAgain().request().get("/api/publisher/payouts").then().statusCode(200).extract().jsonPath()
        .getList("amountMinor", Long.class)).containsExactly(royalty);
  }

  @Test
  void aRefundAfterPayout_leavesThePublisherOwingItsRoyalty_likeEveryOtherPayee() {
    clock.advance(PAST_THE_HOLD);
    settlementJob.runOnce();
    payoutRun.runOnce();

    admin().request().post("/api/orders/" + orderId + "/refund").then().statusCode(200);

    assertThat(journal.balance(Account.publisherPayable(publisherId()), EUR).minor()).isEqualTo(-(PRICE * 7000 / 10_000));
    assertThat(journal.balance(Account.affiliatePayable(siteId), EUR).minor()).isEqualTo(-(PRICE * 500 / 10_000));
    assertThat(payable(carrierA)).isEqualTo(-parts.get(carrierA.nodeId().toString()));
  }

  /** The sale was split when it was paid: a new royalty share applies to the next sale, never to this one. */
  @Test
  void aSettingChangedAfterTheSale_changesNothingAboutIt() {
    admin().request().body(Map.of("royaltyShareBasisPoints", 5000)).put("/api/admin/publishers/" + publisher.id() + "/royalty")
        .then().statusCode(200).body("royaltyShareBasisPoints", org.hamcrest.Matchers.equalTo(5000));
    User later = Api.signUp("Later ledger buyer");
    Api.buy(later, titleId.toString());

    clock.advance(PAST_THE_HOLD);
    settlementJob.runOnce();

    assertThat(journal.balance(Account.publisherPayable(publisherId()), EUR).minor()).isEqualTo(PRICE * 7000 / 10_000 + PRICE * 5000 / 10_000);
  }

  @Test
  void aShareOrPriceThatLeavesTheStoreANegativeMargin_isRefused_namingWhatIsWrong() {
    // 9200 + 500 + 500 basis points is more than the whole gross.
    admin().request().body(Map.of("royaltyShareBasisPoints", 9200)).put("/api/admin/publishers/" + publisher.id() + "/royalty")
        .then().statusCode(400)
        .body("errors[0].field", org.hamcrest.Matchers.equalTo("royaltyShareBasisPoints"))
        .body("errors[0].message", org.hamcrest.Matchers.containsString("title " + titleId));
    Map<String, Object> body = new java.util.HashMap<>(Api.titleBody("Too dear to wholesale"));
    body.put("price", Map.of("amountMinor", 1000, "currency", "EUR"));
    body.put("wholesale", Map.of("amountMinor", 950, "currency", "EUR"));
    publisher.signInAgain().request().body(body).post("/api/titles").then().statusCode(400)
        .body("errors[0].field", org.hamcrest.Matchers.equalTo("wholesale"))
        .body("errors[0].message", org.hamcrest.Matchers.containsString("does not cover its shares"));
    assertThat(journal.balance(Account.publisherPending(publisherId()), EUR).minor()).isEqualTo(PRICE * 7000 / 10_000);
  }

  @Test
  void theSettlementJob_runTwiceAndConcurrently_postsOnce() throws Exception {
    clock.advance(PAST_THE_HOLD);
    CompletableFuture<SettlementJob.Run> first = CompletableFuture.supplyAsync(settlementJob::runOnce);
    CompletableFuture<SettlementJob.Run> second = CompletableFuture.supplyAsync(settlementJob::runOnce);
    first.get();
    second.get();
    settlementJob.runOnce();

    assertThat(entriesWithKey("pool:" + orderId)).isEqualTo(1);
    assertThat(entriesWithKey("commission:" + orderId)).isEqualTo(1);
    assertThat(entriesWithKey("royalty:" + orderId)).isEqualTo(1);
    assertThat(payable(carrierA)).isEqualTo(parts.get(carrierA.nodeId().toString()));
  }

  @Test
  void thePayoutRun_runTwiceAndConcurrently_paysOnce() throws Exception {
    clock.advance(PAST_THE_HOLD);
    settlementJob.runOnce();
    CompletableFuture<PayoutRun.Run> first = CompletableFuture.supplyAsync(payoutRun::runOnce);
    CompletableFuture<PayoutRun.Run> second = CompletableFuture.supplyAsync(payoutRun::runOnce);
    first.get();
    second.get();
    payoutRun.runOnce();

    assertThat(payoutsOf(carrierA.nodeId())).isEqualTo(1);
    assertThat(payoutsOf(siteId)).isEqualTo(1);
    assertThat(storeCredit(lab.operatorOf(carrierA))).isEqualTo(parts.get(carrierA.nodeId().toString()));
    assertThat(storeCredit(fan)).isEqualTo(100);
    JsonPath history = fan.signInAgain().request().get("/api/affiliate/payouts").then().statusCode(200).extract().jsonPath();
    assertThat(history.getList("amountMinor", Long.class)).containsExactly(100L);
    assertThat(history.getList("state", String.class)).containsExactly("paid");
    JsonPath dashboard = Referrals.totals(fan.signInAgain(), siteId.toString());
    assertThat(dashboard.getLong("totals.earnings[0].paid")).isEqualTo(100);
    assertThat(dashboard.getLong("totals.earnings[0].payable")).isZero();
  }

  @Test
  void aCrashBetweenTheTwoStepsOfSettlement_leavesNoPartialEntry() {
    clock.advance(PAST_THE_HOLD);

    assertThatThrownBy(() -> settlement.settle(orderId, () -> {
      throw new IllegalStateException("the machine died between the pool split and the commission");
    })).hasMessageContaining("machine died");

    assertThat(entriesWithKey("pool:" + orderId)).isZero();
    assertThat(entriesWithKey("commission:" + orderId)).isZero();
    assertThat(payable(carrierA)).isZero();
    settlementJob.runOnce();
    assertThat(entriesWithKey("pool:" + orderId)).isEqualTo(1);
    assertThat(payable(carrierA)).isEqualTo(parts.get(carrierA.nodeId().toString()));
  }

  @Test
  void storeCredit_isSpendableOnPurchases_andNeverBelowZero() {
    clock.advance(PAST_THE_HOLD);
    settlementJob.runOnce();
    payoutRun.runOnce();
    clock.reset();
    User fanAgain = fan.signInAgain();
    User publisher = Api.signUp("Cheap publisher", "publisher");
    String cheap = Api.titleOnSale(publisher, 60, null);
    String dear = Api.titleOnSale(publisher, 4000, null);

    fanAgain.request().body(Map.of("titleId", dear, "payWith", "store_credit")).post("/api/orders")
        .then().statusCode(409).body("title", org.hamcrest.Matchers.equalTo("Insufficient store credit"));
    JsonPath paid = fanAgain.request().body(Map.of("titleId", cheap, "payWith", "store_credit")).post("/api/orders")
        .then().statusCode(201).extract().jsonPath();

    assertThat(paid.getString("status")).isEqualTo("paid");
    assertThat(storeCredit(fan)).isEqualTo(40);
    fanAgain.request().get("/api/store-credit").then().statusCode(200).body("[0].amountMinor", org.hamcrest.Matchers.equalTo(40));
    fanAgain.request().get("/api/library").then().statusCode(200).body("titleId", org.hamcrest.Matchers.hasItem(cheap));
  }

  /**
   * The operator's metrics move with their events: this sale's three accepted receipts and their
   * bytes, a refused replay, the settlement lag while the hold has closed but settlement has not
   * run, and the payouts it then makes.
   */
  @Test
  void theOperatorsMetrics_moveWithReceiptsSettlementAndPayouts() {
    Map<String, Double> before = metrics();
    assertThat(before.get("carriage_receipts_total{outcome=\"accepted\"}")).isGreaterThanOrEqualTo(3);
    assertThat(before.get("carriage_credited_bytes_total{source=\"carrier\"}")).isGreaterThanOrEqualTo(10 * 16 * 1024);
    assertThat(before.get("carriage_credited_bytes_total{source=\"origin\"}")).isPositive();
    assertThat(before).containsKeys("carriage_nodes{state=\"healthy\"}", "carriage_nodes{state=\"stale\"}", "carriage_origin_share");
    assertThat(before.get("carriage_settlement_lag_seconds")).isZero();

    assertThat(before).containsKey("carriage_titles_without_healthy_carrier");
    Carriage.Session replayed = Carriage.open(buyer, titleId);
    assertThat(metrics().get("carriage_peer_list_size_count")).as("one more download handed its sources")
        .isEqualTo(before.getOrDefault("carriage_peer_list_size_count", 0.0) + 1);
    byte[] first = replayed.receipt(carrierA.nodeId(), 1, 0);
    Carriage.submit(carrierA, first);
    io.restassured.RestAssured.given().header("Carriage-Node-Token", carrierA.identity().token()).contentType("application/json")
        .body(Map.of("receipt", java.util.Base64.getEncoder().encodeToString(first))).post("/api/receipts").then().statusCode(422);
    assertThat(metrics().get("carriage_receipts_total{outcome=\"replayed\"}"))
        .isEqualTo(before.getOrDefault("carriage_receipts_total{outcome=\"replayed\"}", 0.0) + 1);

    clock.advance(PAST_THE_HOLD.plusMinutes(10));
    assertThat(metrics().get("carriage_settlement_lag_seconds")).as("the hold closed 10 minutes ago").isGreaterThanOrEqualTo(600);
    settlementJob.runOnce();
    payoutRun.runOnce();
    Map<String, Double> after = metrics();
    assertThat(after.get("carriage_settlement_lag_seconds")).isZero();
    assertThat(after.get("carriage_payouts_total{outcome=\"store_credit\"}"))
        .isGreaterThanOrEqualTo(before.getOrDefault("carriage_payouts_total{outcome=\"store_credit\"}", 0.0) + 4);
  }

  /**
   * The book check runs on one replica at a time: while another holds its lock (as a replica
   * running the check does), this one reports the stored result instead of scanning the book too.
   */
  @Test
  void theBookGauge_readsTheStoredCheck_whileAnotherReplicaIsRunningIt() throws Exception {
    assertThat(metrics().get("carriage_ledger_imbalance_minor")).isZero();
    try (java.sql.Connection otherReplica = database.getConnection()) {
      otherReplica.setAutoCommit(false);
      otherReplica.createStatement().execute("select pg_advisory_xact_lock(" + BookMetrics.CHECK_LOCK + ")");
      otherReplica.createStatement().execute("update book_check set imbalance_minor = 7, entries = 1");
      otherReplica.commit();
      otherReplica.createStatement().execute("select pg_advisory_xact_lock(" + BookMetrics.CHECK_LOCK + ")");

      assertThat(metrics().get("carriage_ledger_imbalance_minor")).as("the other replica's stored result").isEqualTo(7.0);

      otherReplica.rollback();
    }
    assertThat(metrics().get("carriage_ledger_imbalance_minor")).as("checked again once the lock is free").isZero();
  }

  /** The store's Prometheus page as series name (with labels) to value. */
  private static Map<String, Double> metrics() {
    Map<String, Double> series = new java.util.HashMap<>();
    for (String line : io.restassured.RestAssured.get("/q/metrics").then().statusCode(200).extract().asString().split("\n")) {
      if (!line.startsWith("#") && line.startsWith("carriage_")) {
        int space = line.lastIndexOf(' ');
        series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
      }
    }
    return series;
  }

  @Test
  void theAdminSeesTheInvariant_andAStatementPerAccount() {
    clock.advance(PAST_THE_HOLD);
    settlementJob.runOnce();
    User admin = admin();

    admin.request().get("/api/admin/ledger/check").then().statusCode(200).body("balanced", org.hamcrest.Matchers.equalTo(true));
    JsonPath statement = admin.request().queryParam("account", "CARRIER_PAYABLE:" + carrierA.nodeId()).queryParam("currency", "EUR")
        .get("/api/admin/ledger/statement").then().statusCode(200).extract().jsonPath();
    assertThat(statement.getLong("closingMinor")).isEqualTo(parts.get(carrierA.nodeId().toString()));
    assertThat(statement.getList("lines.code", String.class)).containsExactly("POOL_SETTLED");
    JsonPath balances = admin.request().queryParam("type", "carrier_payable").get("/api/admin/ledger/balances")
        .then().statusCode(200).extract().jsonPath();
    assertThat(balances.getLong("find { it.account == 'CARRIER_PAYABLE:" + carrierA.nodeId() + "' }.balanceMinor"))
        .isEqualTo(parts.get(carrierA.nodeId().toString()));
    admin.request().queryParam("type", "nonsense").get("/api/admin/ledger/balances").then().statusCode(400);
    admin.request().queryParam("account", "NO_SUCH_TYPE").queryParam("currency", "EUR").get("/api/admin/ledger/statement")
        .then().statusCode(400);
    buyer.signInAgain().request().get("/api/admin/ledger/check").then().statusCode(403);
    String metrics = io.restassured.RestAssured.get("/q/metrics").then().statusCode(200).extract().asString();
    assertThat(metrics).containsPattern("(?m)^carriage_ledger_imbalance_minor(\\{[^}]*\\})? 0\\.0$");
  }

  private User admin() {
    User admin = Api.signUp("Ledger admin");
    admins.grant(admin.id());
    return admin.signInAgain();
  }

  private UUID publisherId() {
    return UUID.fromString(publisher.id());
  }

  private long payable(NodeDaemon carrier) {
    return journal.balance(Account.carrierPayable(carrier.nodeId()), EUR).minor();
  }

  private long storeCredit(User owner) {
    return journal.balance(Account.storeCredit(UUID.fromString(owner.id())), EUR).minor();
  }

  private Map<Account, Money> netOf(UUID order) {
    return io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> journal.netForOrder(order));
  }

  private long entriesWithKey(String key) {
    return ((Number) entityManager.createNativeQuery("select count(*) from ledger_entry where idempotency_key = ?1").setParameter(1, key)
        .getSingleResult()).longValue();
  }

  private long payoutsOf(UUID payee) {
    return ((Number) entityManager.createNativeQuery("select count(*) from payout where payee_id = ?1").setParameter(1, payee)
        .getSingleResult()).longValue();
  }
}
