package dev.carriage.store.payout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.carriage.ledger.Account;
import dev.carriage.ledger.Money;
import dev.carriage.node.NodeDaemon;
import dev.carriage.store.ledger.Journal;
import dev.carriage.store.ledger.SettlementJob;
import dev.carriage.store.support.Admins;
import dev.carriage.store.support.Api;
import dev.carriage.store.support.Api.User;
import dev.carriage.store.support.Carriage;
import dev.carriage.store.support.FakeStripe;
import dev.carriage.store.support.GridLab;
import dev.carriage.store.support.StripeProfile;
import dev.carriage.store.support.StripeWebhooks;
import dev.carriage.store.support.TestClock;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cash payouts through the real stripe-java client against the fake Stripe: one transfer per
 * payout, keyed by it; refusals, server errors and {@code transfer.reversed} each leave the
 * payee owed exactly what was not paid. And the clearing account reconciled with Stripe.
 */
@QuarkusTest
@TestProfile(StripeProfile.class)
class StripePayoutTest {

  /** The pool of a 200.00 sale is 10.00: exactly the default transfer minimum. */
  private static final long PRICE = 20_000;
  private static final long POOL = 1_000;
  private static final Duration PAST_THE_HOLD = Duration.ofDays(14).plusMinutes(1);

  @TestHTTPResource("/") URL storeUrl;
  @Inject Admins admins;
  @Inject TestClock clock;
  @Inject Journal journal;
  @Inject SettlementJob settlementJob;
  @Inject PayoutRun payoutRun;
  @Inject PayoutBook payoutBook;
  @Inject TransferGateway transfers;
  @Inject ConnectAccounts connectAccounts;
  @Inject javax.sql.DataSource database;

  private GridLab lab;
  private User publisher;

  @BeforeEach
  void aGrid() throws Exception {
    lab = GridLab.start(URI.create(storeUrl.toString()), admins, 0);
    publisher = Api.signUp("Payout publisher", "publisher");
  }

  @AfterEach
  void stop() throws Exception {
    try {
      assertThat(journal.check().balanced()).isTrue();
    } finally {
      clock.reset();
      lab.close();
    }
  }

  /** A sale paid through Stripe (by webhook) and carried whole by this carrier. */
  private void saleCarriedBy(NodeDaemon carrier, UUID titleId) {
    User buyer = Api.signUp("Stripe payout buyer");
    JsonPath order = Api.order(buyer, titleId.toString());
    StripeWebhooks.deliver(StripeWebhooks.paymentSucceeded(eventId(), order.getString("payment.paymentId"), order.getString("id")))
        .then().statusCode(200);
    Carriage.Session session = Carriage.open(buyer, titleId);
    Carriage.submit(carrier, session.receipt(carrier.nodeId(), 1, IntStream.range(0, session.manifest().pieceCount()).toArray()));
  }

  private NodeDaemon connectCarrier(UUID titleId, String connectAccount) throws Exception {
    NodeDaemon carrier = lab.startCarrier(titleId, 0, false);
    lab.operatorOf(carrier).request().body(Map.of("method", "stripe_connect", "connectAccountId", connectAccount))
        .put("/api/carrier/nodes/" + carrier.nodeId() + "/payout").then().statusCode(200);
    return carrier;
  }

  /** A carrier paid by Stripe Connect to this account, owed the pool of one sale at this price, settled. */
  private NodeDaemon carrierOwedOneSettledPool(String connectAccount, long price) throws Exception {
    UUID titleId = titleWithContent(price);
    NodeDaemon carrier = connectCarrier(titleId, connectAccount);
    saleCarriedBy(carrier, titleId);
    clock.advance(PAST_THE_HOLD);
    settlementJob.runOnce();
    return carrier;
  }

  private static String newConnectAccount() {
    return "acct_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }

  private UUID titleWithContent(long price) throws Exception {
    UUID titleId = UUID.fromString(Api.titleOnSale(publisher, price, null));
    lab.publish(publisher, titleId, GridLab.randomMedia(lab.newDirectory("media"), 5 * 16 * 1024, price), 16 * 1024);
    return titleId;
  }

  @Test
  void aPayableBalance_goesOutAsOneTransfer_keyedByItsPayout_andARepeatedRunSendsNothing() throws Exception {
    String account = newConnectAccount();
    NodeDaemon carrier = carrierOwedOneSettledPool(account, PRICE);

    payoutRun.runOnce();
    payoutRun.runOnce();

    List<FakeStripe.Call> transfers = transfersTo(account);
    assertThat(transfers).hasSize(1);
    JsonPath payouts = lab.operatorOf(carrier).signInAgain().request().get("/api/carrier/payouts").then().statusCode(200).extract().jsonPath();
    assertThat(payouts.getList("state", String.class)).containsExactly("sent");
    assertThat(transfers.get(0).form()).containsEntry("amount", String.valueOf(POOL)).containsEntry("currency", "eur")
        .containsEntry("metadata[payout_id]", payouts.getString("[0].id"));
    assertThat(transfers.get(0).idempotencyKey()).isEqualTo("carriage-payout-" + payouts.getString("[0].id"));
    assertThat(payouts.getString("[0].transferId")).startsWith("tr_fake_");
    assertThat(payable(carrier)).isZero();
  }

  /**
   * Onboarding through Stripe's own flow: an Express account and an Account Link; the carrier names
   * the account; its payout waits while Stripe says the account cannot receive transfers, and is
   * sent once an {@code account.updated} event says it can.
   */
  @Test
  void aPayeeOnboardedThroughStripe_isPaidOnlyOnceStripeSaysTheAccountCanReceiveTransfers() throws Exception {
    UUID titleId = titleWithContent(PRICE);
    NodeDaemon carrier = lab.startCarrier(titleId, 0, false);
    User operator = lab.operatorOf(carrier).signInAgain();
    JsonPath onboarding = operator.request().post("/api/connect/onboarding").then().statusCode(200).extract().jsonPath();
    String account = onboarding.getString("accountId");
    assertThat(account).startsWith("acct_fake");
    assertThat(onboarding.getBoolean("transfersActive")).isFalse();
    assertThat(onboarding.getString("onboardingUrl")).startsWith("https://connect.stripe.test/setup/e/" + account + "/");
    assertThat(StripeProfile.fake().calls("/v1/accounts")).last().extracting(FakeStripe.Call::form).asInstanceOf(
        org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("type", "express")
        .containsEntry("capabilities[transfers][requested]", "true").containsEntry("metadata[carriage_account_id]", operator.id());
    assertThat(StripeProfile.fake().calls("/v1/account_links")).last().satisfies(link -> assertThat(link.form())
        .containsEntry("account", account).containsEntry("type", "account_onboarding"));
    // Asking again reuses the account with a fresh link.
    assertThat(operator.request().post("/api/connect/onboarding").then().statusCode(200).extract().path("accountId").toString())
        .isEqualTo(account);
    operator.request().body(Map.of("method", "stripe_connect", "connectAccountId", account))
        .put("/api/carrier/nodes/" + carrier.nodeId() + "/payout").then().statusCode(200);
    saleCarriedBy(carrier, titleId);
    clock.advance(PAST_THE_HOLD);
    settlementJob.runOnce();

    payoutRun.runOnce();
    assertThat(transfersTo(account)).isEmpty();
    assertThat(payable(carrier)).isEqualTo(POOL);

    StripeProfile.fake().finishOnboarding(account);
    StripeWebhooks.deliverAt(StripeWebhooks.withData(eventId(), "account.updated", """
        {"object": {"id": "%s", "object": "account", "details_submitted": true, "capabilities": {"transfers": "active"}}}"""
        .formatted(account)), clock.instant()).then().statusCode(200);
    payoutRun.runOnce();

    assertThat(transfersTo(account)).hasSize(1);
    assertThat(payable(carrier)).isZero();
    operator.signInAgain().request().get("/api/connect").then().statusCode(200)
        .body("accountId", org.hamcrest.Matchers.equalTo(account)).body("transfersActive", org.hamcrest.Matchers.equalTo(true));
  }

  @Test
  void aReversedTransfer_isOwedAgain_andPaidByTheNextRun() throws Exception {
    String account = newConnectAccount();
    NodeDaemon carrier = carrierOwedOneSettledPool(account, PRICE);
    payoutRun.runOnce();
    String transferId = lab.operatorOf(carrier).signInAgain().request().get("/api/carrier/payouts").then().extract().path("[0].transferId");

    String reversal = StripeWebhooks.transferReversed(eventId(), transferId, POOL);
    StripeWebhooks.deliverAt(reversal, clock.instant()).then().statusCode(200);
    StripeWebhooks.deliverAt(reversal, clock.instant()).then().statusCode(200);

    assertThat(payable(carrier)).isEqualTo(POOL);
    payoutRun.runOnce();
    assertThat(transfersTo(account)).hasSize(2);
    assertThat(payable(carrier)).isZero();
    JsonPath payouts = lab.operatorOf(carrier).signInAgain().request().get("/api/carrier/payouts").then().extract().jsonPath();
    assertThat(payouts.getList("state", String.class)).containsExactlyInAnyOrder("sent", "reversed");
  }

  @Test
  void aRefusedTransfer_failsThePayout_andTheBalanceIsOwedAgain() throws Exception {
    NodeDaemon carrier = carrierOwedOneSettledPool(FakeStripe.REFUSING_ACCOUNT, PRICE);

    payoutRun.runOnce();

    assertThat(payable(carrier)).isEqualTo(POOL);
    JsonPath payouts = lab.operatorOf(carrier).signInAgain().request().get("/api/carrier/payouts").then().extract().jsonPath();
    assertThat(payouts.getList("state", String.class)).containsExactly("failed");
    assertThat(payouts.getString("[0].failure")).contains("No such destination");
    payoutRun.runOnce();
    assertThat(transfersTo(FakeStripe.REFUSING_ACCOUNT).stream().filter(call -> call.form().get("metadata[payout_id]") != null)
        .map(call -> call.form().get("metadata[payout_id]")).distinct()).as("not retried until the payee changes account").hasSize(1);
  }

  @Test
  void aTransferThatCouldNotBeSent_isRetriedWithTheSameKey_andPaysOnce() throws Exception {
    NodeDaemon carrier = carrierOwedOneSettledPool(FakeStripe.FLAKY_ACCOUNT, PRICE);

    for (int run = 0; run < 5 && !sent(carrier); run++) {
      payoutRun.runOnce();
    }

    List<FakeStripe.Call> attempts = transfersTo(FakeStripe.FLAKY_ACCOUNT);
    assertThat(attempts).hasSizeGreaterThan(1);
    assertThat(attempts.stream().map(FakeStripe.Call::idempotencyKey).distinct()).hasSize(1);
    assertThat(sent(carrier)).isTrue();
    assertThat(payable(carrier)).isZero();
    assertThat(journal.balance(Account.payouts("stripe_connect"), Money.currency("EUR")).minor()).isNegative();
  }

  /** The run's first step done by hand, as by a store that stopped right after it: the balance is out of payable, the payout sending. */
  private PayoutBook.Opened openedByHand(NodeDaemon carrier) {
    connectAccounts.refreshNamed(100);
    PayoutBook.Opened opened = payoutBook.open(dev.carriage.ledger.AccountType.CARRIER_PAYABLE, carrier.nodeId().toString(),
        Money.currency("EUR")).orElseThrow();
    assertThat(payable(carrier)).isZero();
    assertThat(states(carrier)).containsExactly("sending");
    return opened;
  }

  @Test
  void crashAfterThePayoutOpened_beforeStripeWasAsked_theNextRunSendsItOnce_withNoTransactionOpenWhileStripeAnswers() throws Exception {
    NodeDaemon carrier = carrierOwedOneSettledPool(newConnectAccount(), PRICE);
    PayoutBook.Opened opened = openedByHand(carrier);
    dev.carriage.store.support.OpenTransactions open = new dev.carriage.store.support.OpenTransactions(database);
    StripeProfile.fake().whileAnswering(open::look);
    try {
      payoutRun.runOnce();
    } finally {
      StripeProfile.fake().whileAnswering(null);
    }

    assertThat(open.heldDuringStripeCalls()).isEmpty();
    assertThat(StripeProfile.fake().transfersMade(opened.payoutId().toString())).isEqualTo(1);
    assertThat(states(carrier)).containsExactly("sent");
    assertThat(payable(carrier)).isZero();
  }

  @Test
  void crashAfterStripeMadeTheTransfer_beforeItWasRecorded_theNextRunRecordsTheSameTransfer() throws Exception {
    NodeDaemon carrier = carrierOwedOneSettledPool(newConnectAccount(), PRICE);
    PayoutBook.Opened opened = openedByHand(carrier);
    String made = transfers.send(opened.payoutId(), opened.amount(), opened.connectAccountId());

    payoutRun.runOnce();

    assertThat(StripeProfile.fake().transfersMade(opened.payoutId().toString())).isEqualTo(1);
    assertThat(states(carrier)).containsExactly("sent");
    assertThat(lab.operatorOf(carrier).signInAgain().request().get("/api/carrier/payouts").then().extract().path("[0].transferId")
        .toString()).isEqualTo(made);
  }

  @Test
  void aPayoutLeftSendingLongerThanStripeKeepsKeys_isLookedUpBeforeAnythingIsResent() throws Exception {
    NodeDaemon carrier = carrierOwedOneSettledPool(newConnectAccount(), PRICE);
    PayoutBook.Opened opened = openedByHand(carrier);
    String made = transfers.send(opened.payoutId(), opened.amount(), opened.connectAccountId());
    StripeProfile.fake().forgetIdempotencyKeys();
    clock.advance(TransferGateway.KEYS_KEPT.plusHours(1));

    payoutRun.runOnce();

    assertThat(StripeProfile.fake().transfersMade(opened.payoutId().toString())).as("found, not made again").isEqualTo(1);
    assertThat(StripeProfile.fake().calls("/v1/transfers").stream().filter(call -> ("payout-" + opened.payoutId())
        .equals(call.form().get("transfer_group")) && call.idempotencyKey() == null)).as("looked up by its transfer group").hasSize(1);
    assertThat(lab.operatorOf(carrier).signInAgain().request().get("/api/carrier/payouts").then().extract().path("[0].transferId")
        .toString()).isEqualTo(made);
    assertThat(payable(carrier)).isZero();
  }

  @Test
  void aPayoutLeftSendingLongerThanStripeKeepsKeys_thatStripeNeverGot_isSentOnce() throws Exception {
    NodeDaemon carrier = carrierOwedOneSettledPool(newConnectAccount(), PRICE);
    PayoutBook.Opened opened = openedByHand(carrier);
    clock.advance(TransferGateway.KEYS_KEPT.plusHours(1));

    payoutRun.runOnce();
    payoutRun.runOnce();

    assertThat(StripeProfile.fake().transfersMade(opened.payoutId().toString())).isEqualTo(1);
    assertThat(states(carrier)).containsExactly("sent");
  }

  @Test
  void anIdempotencyConflict_isNotARefusal_theTransferStripeMadeIsRecorded() throws Exception {
    NodeDaemon carrier = carrierOwedOneSettledPool(FakeStripe.CONFLICTING_ACCOUNT, PRICE);

    payoutRun.runOnce();

    assertThat(states(carrier)).containsExactly("sent");
    assertThat(payable(carrier)).isZero();
    String payoutId = lab.operatorOf(carrier).signInAgain().request().get("/api/carrier/payouts").then().extract().path("[0].id");
    assertThat(StripeProfile.fake().transfersMade(payoutId)).isEqualTo(1);
  }

  private List<String> states(NodeDaemon carrier) {
    return lab.operatorOf(carrier).signInAgain().request().get("/api/carrier/payouts").then().statusCode(200).extract().jsonPath()
        .getList("state", String.class);
  }

  @Test
  void aBalanceUnderTheMinimum_staysPayable() throws Exception {
    String account = newConnectAccount();
    NodeDaemon carrier = carrierOwedOneSettledPool(account, 1999);

    payoutRun.runOnce();

    assertThat(transfersTo(account)).isEmpty();
    assertThat(payable(carrier)).isEqualTo(99);
  }

  @Test
  void reconciliation_listsARefundStripeHasNotConfirmed_untilItsEventArrives() throws Exception {
    PaidOrder paid = paidStripeOrder("Reconciled buyer");
    String orderId = paid.orderId();
    String paymentIntent = paid.paymentIntent();
    User signedIn = admin("Reconciling admin");

    assertThat(differenceOf(signedIn, orderId)).isNull();
    signedIn.request().post("/api/orders/" + orderId + "/refund").then().statusCode(200);
    assertThat(differenceOf(signedIn, orderId)).isEqualTo(-PRICE);
    StripeWebhooks.deliver(StripeWebhooks.chargeRefunded(eventId(), paymentIntent, true)).then().statusCode(200);
    assertThat(differenceOf(signedIn, orderId)).isNull();

    JsonPath report = signedIn.request().get("/api/admin/reconciliation").then().statusCode(200).extract().jsonPath();
    assertThat(report.getList("totals.what", String.class)).contains("PAYOUTS:stripe_connect vs transfers");
    assertThat(report.getList("totals.findAll { it.what == 'PAYOUTS:stripe_connect vs transfers' }.differenceMinor", Long.class))
        .containsOnly(0L);
  }

  /**
   * Events that changed nothing are not money: a second success for the paid intent (another
   * event id), a mismatched one and a refund that came after the order was refunded leave the
   * order reconciled.
   */
  @Test
  void reconciliation_countsOnlyEventsThatChangedTheOrder() throws Exception {
    PaidOrder paid = paidStripeOrder("Reconciled twice");
    String orderId = paid.orderId();
    String paymentIntent = paid.paymentIntent();
    StripeWebhooks.deliver(StripeWebhooks.paymentSucceeded(eventId(), paymentIntent, orderId)).then().body("outcome", equalTo("no_change"));
    StripeWebhooks.deliver(StripeWebhooks.paymentSucceeded(eventId(), paymentIntent, orderId, 1, "usd"))
        .then().body("outcome", equalTo("mismatch"));
    User signedIn = admin("Reconciling admin twice");

    assertThat(differenceOf(signedIn, orderId)).isNull();
    StripeWebhooks.deliver(StripeWebhooks.chargeRefunded(eventId(), paymentIntent, true)).then().body("outcome", equalTo("applied"));
    StripeWebhooks.deliver(StripeWebhooks.chargeRefunded(eventId(), paymentIntent, true)).then().body("outcome", equalTo("no_change"));
    assertThat(differenceOf(signedIn, orderId)).isNull();
  }

  private record PaidOrder(String orderId, String paymentIntent) {}

  /** A Stripe order for a new title, paid by its webhook. */
  private PaidOrder paidStripeOrder(String buyerName) throws Exception {
    UUID titleId = titleWithContent(PRICE);
    JsonPath order = Api.order(Api.signUp(buyerName), titleId.toString());
    PaidOrder paid = new PaidOrder(order.getString("id"), order.getString("payment.paymentId"));
    StripeWebhooks.deliver(StripeWebhooks.paymentSucceeded(eventId(), paid.paymentIntent(), paid.orderId())).then().statusCode(200)
        .body("outcome", equalTo("applied"));
    return paid;
  }

  private User admin(String name) {
    User admin = Api.signUp(name);
    admins.grant(admin.id());
    return admin.signInAgain();
  }

  private static Long differenceOf(User admin, String orderId) {
    JsonPath report = admin.request().get("/api/admin/reconciliation").then().statusCode(200).extract().jsonPath();
    Object difference = report.get("orders.find { it.orderId == '" + orderId + "' }.differenceMinor");
    return difference == null ? null : ((Number) difference).longValue();
  }

  private boolean sent(NodeDaemon carrier) {
    return lab.operatorOf(carrier).signInAgain().request().get("/api/carrier/payouts").then().extract().jsonPath()
        .getList("state", String.class).contains("sent");
  }

  private static List<FakeStripe.Call> transfersTo(String account) {
    return StripeProfile.fake().calls("/v1/transfers").stream().filter(call -> account.equals(call.form().get("destination"))).toList();
  }

  private long payable(NodeDaemon carrier) {
    return journal.balance(Account.carrierPayable(carrier.nodeId()), Money.currency("EUR")).minor();
  }

  private static String eventId() {
    return "evt_test_" + UUID.randomUUID().toString().replace("-", "");
  }
}
