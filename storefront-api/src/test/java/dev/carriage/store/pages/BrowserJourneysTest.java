package dev.carriage.store.pages;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.RequestOptions;
import dev.carriage.grid.manifest.Manifest;
import dev.carriage.grid.receipt.Receipt;
import dev.carriage.node.client.DownloadProgress;
import dev.carriage.node.NodeDaemon;
import dev.carriage.store.ledger.SettlementJob;
import dev.carriage.store.support.Admins;
import dev.carriage.store.support.Api;
import dev.carriage.store.support.Api.User;
import dev.carriage.store.support.Browser;
import dev.carriage.store.support.GridLab;
import dev.carriage.store.support.Referrals;
import dev.carriage.store.support.TestClock;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The journeys people make in a browser, in Debian's headless Chromium against the running
 * store: following a fan site's link to a purchase, a trial and a refund, a carrier reading
 * what a real download earned, a fan site reading its stats; and what a hostile page or owner
 * cannot do. Figures on the pages are compared with the API's, formatted by the rule below.
 */
@QuarkusTest
class BrowserJourneysTest {

  private static Browser browser;

  @TestHTTPResource("/") URL storeUrl;
  @Inject Admins admins;
  @Inject TestClock clock;
  @Inject SettlementJob settlementJob;

  @BeforeAll
  static void launch() {
    browser = Browser.launch();
  }

  @AfterAll
  static void quit() {
    browser.close();
  }

  @AfterEach
  void resetClock() {
    clock.reset();
  }

  /** Waits until a source has kept the buyer's receipt for this many pieces (a receipt covers all its pieces so far). */
  private static final class KeptReceipts {
    private final java.util.concurrent.atomic.AtomicInteger kept = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger expected = new java.util.concurrent.atomic.AtomicInteger(-1);
    private final java.util.concurrent.CompletableFuture<Void> all = new java.util.concurrent.CompletableFuture<>();

    KeptReceipts(NodeDaemon source) {
      source.server().receipts().onKept(receipt -> {
        kept.accumulateAndGet(receipt.receipt().pieces().cardinality(), Math::max);
        check();
      });
    }

    void await(int pieces) throws Exception {
      expected.set(pieces);
      check();
      all.get(30, TimeUnit.SECONDS);
    }

    private void check() {
      if (expected.get() == 0 || kept.get() == expected.get()) {
        all.complete(null);
      }
    }
  }

  /** How a British-English reader sees a non-negative euro amount: "€29.99". */
  private static String euros(long minor) {
    return "€" + (minor / 100) + "." + String.format("%02d", minor % 100);
  }

  @Test
  void aVisitorFollowsAFanSitesLink_signsUp_isDeclined_thenBuysWith4242_andFindsTheTitleInTheLibrary() {
    User publisher = Api.signUp("Browser publisher", "publisher");
    String titleId = Api.titleOnSale(publisher, 2999, null);
    Api.publishContent(publisher, titleId);
    User fan = Api.signUp("Browser fan", "affiliate");
    String code = Referrals.registerSite(fan, "Browser fans").getString("code");
    String title = Api.titleBody("x").get("name").toString();

    try (Browser.Visitor visitor = browser.visitor(storeUrl.toString())) {
      Page page = visitor.open("/r/" + code + "?title=" + titleId);
      assertThat(page.url()).endsWith("/titles/" + titleId);
      assertThat(page.textContent("h1.title-name")).isNotBlank();
      assertThat(page.textContent("dd.price")).isEqualTo(euros(2999));
      visitor.checkAndKeep("title-page-anonymous");

      page.click("#signup-to-buy");
      visitor.signUp(Api.uniqueEmail("visitor"), Api.PASSWORD, "Visitor");
      assertThat(page.url()).endsWith("/titles/" + titleId);
      page.click("#buy");
      assertThat(page.url()).contains("/checkout/");
      visitor.checkAndKeep("checkout");

      page.fill("input[name=cardNumber]", Api.DECLINED_CARD);
      page.click("#pay");
      assertThat(page.textContent(".declined")).contains("card_declined").contains("was declined");
      visitor.checkAndKeep("checkout-declined");
      visitor.open("/library");
      assertThat(page.locator("article.entry").count()).as("a declined card grants nothing").isZero();

      page.goBack();
      page.fill("input[name=cardNumber]", Api.SUCCESS_CARD);
      page.click("#pay");
      assertThat(page.url()).contains("/library");
      assertThat(page.locator("article.entry[data-title='" + titleId + "'] .badge.owned").count()).isEqualTo(1);
      assertThat(page.textContent("article.entry[data-title='" + titleId + "'] .command-text"))
          .startsWith("peer-node get " + titleId + " --store ");
      visitor.checkAndKeep("library");
    }
    JsonPath totals = Referrals.totals(fan, Referrals.registerSite(fan, "Second site").getString("id"));
    assertThat(totals.getLong("totals.orders")).as("the second site referred nothing").isZero();
    assertThat(fan.request().get("/api/affiliate/stats").then().statusCode(200).extract().jsonPath().getLong("totals.orders"))
        .as("the link's click attributed the browser's purchase").isEqualTo(1);
    assertThat(title).isNotNull();
  }

  @Test
  void aTrialShowsItsTimeLeft_andARefundInsideTheWindowTakesTheTitleOut() {
    User publisher = Api.signUp("Trial publisher", "publisher");
    String trialTitle = Api.titleOnSale(publisher, 1500, 7);
    String boughtTitle = Api.titleOnSale(publisher, 1200, null);
    Api.publishContent(publisher, trialTitle);
    Api.publishContent(publisher, boughtTitle);

    try (Browser.Visitor visitor = browser.visitor(storeUrl.toString())) {
      Page page = visitor.open("/signup?next=/titles/" + trialTitle);
      visitor.signUp(Api.uniqueEmail("trier"), Api.PASSWORD, "Trier");
      page.click("#try");
      // 7 days from now, read a moment later: "6 days 23 hours left".
      assertThat(page.textContent("article.entry[data-title='" + trialTitle + "'] .time-left")).isEqualTo("6 days 23 hours left");
      visitor.checkAndKeep("library-trial");

      visitor.open("/titles/" + boughtTitle);
      page.click("#buy");
      page.fill("input[name=cardNumber]", Api.SUCCESS_CARD);
      page.click("#pay");
      visitor.open("/orders");
      assertThat(page.textContent("tr:has(a[href='/titles/" + boughtTitle + "']) .hint")).contains("13 days 23 hours left");
      visitor.checkAndKeep("orders");
      page.click("tr:has(a[href='/titles/" + boughtTitle + "']) button.refund");
      assertThat(page.textContent("[role=status]")).contains("Refunded").contains(euros(1200));
      assertThat(page.textContent("tr:has(a[href='/titles/" + boughtTitle + "']) .status")).isEqualTo("refunded");
      visitor.open("/library");
      assertThat(page.locator("article.entry[data-title='" + boughtTitle + "'] .badge.owned").count()).isZero();
      visitor.open("/orders");
      page.click("tr:has(a[href='/titles/" + boughtTitle + "']) a.receipt-link");
      page.waitForSelector(".receipt .amount");
      assertThat(page.textContent(".receipt .amount")).isEqualTo(euros(1200));
      assertThat(page.textContent(".receipt .history")).contains("paid").contains("refunded").contains("4242");
      visitor.checkAndKeep("order-receipt");
    }
  }

  @Test
  void aCarriersDashboard_afterARealDownload_showsTheApisBytesAndEarnings_andAStatementLineOpensToItsReceipts() throws Exception {
    try (GridLab lab = GridLab.start(URI.create(storeUrl.toString()), admins, 0)) {
      User publisher = Api.signUp("Dash publisher", "publisher");
      UUID titleId = UUID.fromString(Api.titleOnSale(publisher, 2999, null));
      lab.publish(publisher, titleId, GridLab.randomMedia(lab.newDirectory("media"), 2 * 1024 * 1024 + 77, 5), 64 * 1024);
      NodeDaemon carrier = lab.startCarrier(titleId, 0, false);
      User buyer = Api.signUp("Dash buyer");
      String orderId = Api.buy(buyer, titleId.toString());
      KeptReceipts byCarrier = new KeptReceipts(carrier);
      KeptReceipts byOrigin = new KeptReceipts(lab.origin());
      Path output = lab.newDirectory("out").resolve("title.bin");
      var result = lab.prepareDownload(buyer, titleId, output, DownloadProgress.SILENT)
          .start().get(2, TimeUnit.MINUTES);
      Manifest manifest = lab.origin().store().get(titleId).orElseThrow().manifest();
      long carried = result.piecesBySource().containsKey(carrier.nodeId())
          ? Receipt.storedBytes(manifest, result.piecesBySource().get(carrier.nodeId())) : 0;
      assertThat(carried).as("the carrier served part of the download").isPositive();
      // Every source's receipts in the store before any figure is read: the origin's bytes change the carrier's share too.
      byCarrier.await(result.piecesBySource().get(carrier.nodeId()).cardinality());
      byOrigin.await(result.piecesBySource().getOrDefault(lab.origin().nodeId(), new java.util.BitSet()).cardinality());
      carrier.submitReceipts();
      lab.origin().submitReceipts();
      User operator = lab.operatorOf(carrier);
      JsonPath api = operator.request().queryParam("nodeId", carrier.nodeId().toString()).get("/api/carrier/earnings")
          .then().statusCode(200).extract().jsonPath();
      assertThat(api.getLong("nodes[0].bytesCarried")).isEqualTo(carried);
      long provisional = api.getLong("nodes[0].money[0].provisionalMinor");

      try (Browser.Visitor visitor = browser.visitor(storeUrl.toString())) {
        Page page = visitor.page();
        visitor.signIn(operator.email(), Api.PASSWORD, "/carrier");
        String node = "section.node[data-node='" + carrier.nodeId() + "']";
        assertThat(page.getAttribute(node + " .bytes-carried", "data-bytes")).isEqualTo(String.valueOf(carried));
        assertThat(page.textContent(node + " .stat.provisional .value")).isEqualTo(euros(provisional));
        assertThat(page.textContent(node + " .paused")).isEqualTo("no");
        assertThat(page.textContent(node + " .caps")).contains("no cap in all");
        assertThat(page.textContent(node + " .held-titles")).contains("complete");
        assertThat(page.textContent(node + " .stat.estimate .value"))
            .isEqualTo(euros(api.getLong("nodes[0].money[0].estimatePer30DaysMinor")) + " per 30 days");
        visitor.checkAndKeep("carrier-dashboard");

        page.check(node + " .payout-form input[value=stripe_connect]");
        page.fill(node + " .payout-form input[name=connectAccountId]", "not an account");
        page.click(node + " .payout-form button[type=submit]");
        assertThat(page.textContent("body")).contains("connectAccountId").contains("must be a Stripe Connect account id");
        // That refusal was the point: the 400 the browser logged for it is no page's fault.
        visitor.consoleErrors().removeIf(error -> error.contains("status of 400") && error.contains("/payout"));
        visitor.open("/carrier");
        page.check(node + " .payout-form input[value=stripe_connect]");
        page.fill(node + " .payout-form input[name=connectAccountId]", "acct_1DashCarrier");
        page.click(node + " .payout-form button[type=submit]");
        page.waitForURL("**/carrier");
        assertThat(page.textContent(node + " .payout-now")).contains("Stripe Connect account acct_1DashCarrier");

        clock.advance(Duration.ofDays(14).plusMinutes(1));
        settlementJob.runOnce();
        visitor.signIn(operator.email(), Api.PASSWORD, "/carrier?from=" + java.time.LocalDate.now() + "&to="
            + java.time.LocalDate.now().plusDays(15));
        assertThat(page.textContent(node + " .stat.payable .value")).isEqualTo(euros(provisional));
        page.click(node + " details.lines summary");
        page.waitForSelector(node + " .sale-audit[data-order='" + orderId + "']");
        assertThat(page.textContent(node + " .sale-audit .session-bytes")).isEqualTo(String.valueOf(carried));
        assertThat(page.textContent(node + " .sale-audit .receipt.accepted")).contains("Accepted receipt");
        visitor.checkAndKeep("carrier-statement-opened");
      }
      try (Browser.Visitor reader = browser.visitor(storeUrl.toString())) {
        reader.signIn(buyer.email(), Api.PASSWORD, "/library");
        String came = "article.entry[data-title='" + titleId + "'] .provenance";
        assertThat(reader.page().getAttribute(came, "data-carrier-bytes")).isEqualTo(String.valueOf(carried));
        assertThat(reader.page().getAttribute(came, "data-carriers")).isEqualTo("1");
        assertThat(reader.page().textContent(came)).contains("from 1 carrier").contains("the store's origin");
        reader.checkAndKeep("library-provenance");
      }
      User stranger = Api.signUp("Another carrier", "carrier");
      try (Browser.Visitor other = browser.visitor(storeUrl.toString())) {
        other.signIn(stranger.email(), Api.PASSWORD, "/carrier");
        var refused = other.page().request().get("/carrier/nodes/" + carrier.nodeId() + "/sales/" + orderId);
        assertThat(refused.status()).as("another operator's statement is refused, not just hidden").isEqualTo(403);
        assertThat(refused.text()).doesNotContain(String.valueOf(carried));
      }
    }
  }

  /**
   * Two sales of a 15.00 title at the default 70% share: 2 × 10.50 royalty. The page shows the
   * API's figures, a filed import's rejected row, and lets the publisher reprice, withdraw,
   * choose a payout method and set up a (sandbox) Stripe Connect account.
   */
  @Test
  void aPublishersPage_showsTheApisRoyalties_andItsImportErrors_andRepricesWithdrawsAndSetsThePayout() {
    User publisher = Api.signUp("Page publisher", "publisher");
    String titleId = Api.titleOnSale(publisher, 1500, null);
    Api.buy(Api.signUp("Page buyer 1"), titleId);
    Api.buy(Api.signUp("Page buyer 2"), titleId);
    publisher.request().body(Map.of("feed", "label-delivery.xml", "format", "ern", "dryRun", false,
            "counts", Map.of("created", 0, "updated", 0, "unchanged", 0, "ignored", 0, "rejected", 1, "failed", 0, "mediaIngested", 0),
            "rows", Map.of("feedProblems", List.of(), "rowsTotal", 1, "outcomes", List.of(Map.of("row", 1, "line", 0, "externalId", "5099000000017",
                "action", "rejected", "media", "none", "problems", List.of(Map.of("path", "DealTerms/PriceInformation", "code", "no-price",
                    "message", "no retail price: the deal names no price code")))))))
        .post("/api/imports").then().statusCode(201);
    JsonPath api = publisher.request().queryParam("groupBy", "title").get("/api/publisher/sales").then().statusCode(200).extract().jsonPath();
    long royalty = api.getLong("rows[0].royaltyMinor");
    assertThat(royalty).as("2 × floor(1500 × 70%)").isEqualTo(2 * (1500 * 7000 / 10_000));

    try (Browser.Visitor visitor = browser.visitor(storeUrl.toString())) {
      Page page = visitor.page();
      visitor.signIn(publisher.email(), Api.PASSWORD, "/publisher");
      String sold = "table.sales-by-title tr[data-title='" + titleId + "']";
      assertThat(page.textContent(sold + " td.net")).isEqualTo(euros(royalty));
      assertThat(page.textContent(".stat.pending .value")).isEqualTo(euros(royalty));
      assertThat(page.textContent("strong.share")).isEqualTo("70%");
      assertThat(page.textContent("details.import")).contains("label-delivery.xml").contains("no retail price: the deal names no price code");
      visitor.checkAndKeep("publisher-dashboard");

      String own = "table.titles tr[data-title='" + titleId + "']";
      page.fill(own + " input[name=price]", "12.50");
      page.click(own + " form.edit-title button[type=submit]");
      page.waitForURL("**/publisher#titles");
      io.restassured.RestAssured.get("/api/titles/" + titleId).then().statusCode(200)
          .body("price.amountMinor", org.hamcrest.Matchers.equalTo(1250));
      page.click(own + " button.danger");
      page.waitForURL("**/publisher#titles");
      io.restassured.RestAssured.get("/api/titles/" + titleId).then().statusCode(200).body("onSale", org.hamcrest.Matchers.equalTo(false));

      page.check("#payouts .payout-form input[value=stripe_connect]");
      page.fill("#payouts .payout-form input[name=connectAccountId]", "acct_1PagePublisher");
      page.click("#payouts .payout-form button[type=submit]");
      page.waitForURL("**/publisher");
      publisher.request().get("/api/publisher/account").then().statusCode(200)
          .body("payoutMethod", org.hamcrest.Matchers.equalTo("stripe_connect"))
          .body("connectAccountId", org.hamcrest.Matchers.equalTo("acct_1PagePublisher"));

      visitor.open("/account");
      page.click("form[action='/account/connect'] button[type=submit]");
      page.waitForSelector(".connect-status");
      assertThat(page.textContent(".connect-status")).contains("acct_sandbox").contains("can receive transfers");
      visitor.checkAndKeep("account-connect");
    }
  }

  /**
   * The operator: the book balances and says so, settlement runs from the page, a conversion held
   * as too fast is approved from the queue, a site is suspended with its reason, a role is granted,
   * and the reconciliation and grid pages render; a non-admin is refused.
   */
  @Test
  void theOperatorsPages_checkTheBook_runSettlement_reviewAHeldConversion_suspendASite_andGrantARole() {
    User publisher = Api.signUp("Operator publisher", "publisher");
    String titleId = Api.titleOnSale(publisher, 1000, null);
    User owner = Api.signUp("Held site owner", "affiliate");
    JsonPath site = Referrals.registerSite(owner, "Too fast fans");
    String cookie = Referrals.click(site.getString("code"), titleId, "held agent");
    String heldOrder = Referrals.buyWithCookie(Api.signUp("Too fast buyer"), titleId, cookie);
    User admin = Api.signUp("Page operator");
    admins.grant(admin.id());
    User promoted = Api.signUp("Promoted buyer");

    try (Browser.Visitor visitor = browser.visitor(storeUrl.toString())) {
      Page page = visitor.page();
      visitor.signIn(admin.email(), Api.PASSWORD, "/admin");
      assertThat(page.textContent(".book-check")).isEqualTo("The whole book balances.");
      page.click("form[action='/admin/settlement/run'] button");
      page.waitForSelector("p.ok[role=status]");
      assertThat(page.textContent("p.ok[role=status]")).startsWith("Settlement ran: ");
      page.selectOption("select[name=type]", "REVENUE");
      page.click("form[action='/admin'] button");
      page.waitForURL("**/admin?type=REVENUE");
      assertThat(page.textContent("table.balances")).contains("REVENUE");
      visitor.checkAndKeep("admin-book");

      visitor.open("/admin/review");
      String held = "table.held tr[data-order='" + heldOrder + "']";
      assertThat(page.textContent(held)).contains("after the click");
      page.click(held + " button.approve");
      page.waitForURL("**/admin/review");
      assertThat(page.locator(held).count()).isZero();
      String row = "table.sites tr[data-site='" + site.getString("id") + "']";
      page.fill(row + " input[name=reason]", "bought traffic <b>bold</b>");
      page.click(row + " button.danger");
      page.waitForURL("**/admin/review");
      assertThat(page.textContent(row)).contains("suspended: bought traffic <b>bold</b>");
      visitor.checkAndKeep("admin-review");

      visitor.open("/admin/accounts");
      page.fill("input[name=email]", promoted.email());
      page.selectOption("select[name=role]", "publisher");
      page.click("form[action='/admin/accounts/roles'] button");
      page.waitForSelector("p.ok[role=status]");
      assertThat(promoted.signInAgain().request().get("/api/me").then().statusCode(200).extract().jsonPath()
          .getList("roles", String.class)).contains("publisher");

      visitor.open("/admin/reconciliation");
      assertThat(page.textContent("p.matched")).contains("The ledger and Stripe");
      visitor.checkAndKeep("admin-reconciliation");
      visitor.open("/admin/grid");
      assertThat(page.textContent("h1")).isEqualTo("The grid");
      visitor.checkAndKeep("admin-grid");
    }
    assertThat(Api.signUp("Not an operator").request().get("/api/admin/grid").then().extract().statusCode()).isEqualTo(403);
    try (Browser.Visitor stranger = browser.visitor(storeUrl.toString())) {
      User notAdmin = Api.signUp("Curious buyer");
      stranger.signIn(notAdmin.email(), Api.PASSWORD, "/");
      assertThat(stranger.page().request().get("/admin").status()).isEqualTo(403);
    }
  }

  /** Send to my node: from the library, the buyer's own node fetches the title, and the page shows its progress until done. */
  @Test
  void sendToMyNode_fromTheLibrary_showsTheNodesProgressUntilTheTitleIsOnIt() throws Exception {
    try (GridLab lab = GridLab.start(URI.create(storeUrl.toString()), admins, 0)) {
      User publisher = Api.signUp("Send page publisher", "publisher");
      UUID titleId = UUID.fromString(Api.titleOnSale(publisher, 999, null));
      lab.publish(publisher, titleId, GridLab.randomMedia(lab.newDirectory("media"), 5 * 64 * 1024 + 9, 17), 64 * 1024);
      User buyer = Api.signUp("Send page buyer", "carrier");
      Api.buy(buyer, titleId.toString());
      NodeDaemon node = lab.startClientNode(buyer, 0);

      try (Browser.Visitor visitor = browser.visitor(storeUrl.toString())) {
        Page page = visitor.page();
        visitor.signIn(buyer.email(), Api.PASSWORD, "/library");
        String entry = "article.entry[data-title='" + titleId + "']";
        page.click(entry + " details.download summary");
        page.selectOption(entry + " form.send-to-node select[name=nodeId]", node.nodeId().toString());
        page.click(entry + " form.send-to-node button");
        page.waitForURL("**/library");
        page.waitForSelector(entry + " .send-status[data-state=done]", new Page.WaitForSelectorOptions().setTimeout(60_000));
        assertThat(page.textContent(entry + " .send-status")).contains("On").contains(node.settings().name()).contains("saved to");
        visitor.checkAndKeep("library-sent-to-node");
      }
      assertThat(node.store().get(titleId).orElseThrow().complete()).isTrue();
    }
  }

  /**
   * Play: with no node of the buyer's running, the library says so and gives the terminal's
   * {@code peer-node play} line; once the buyer's node has the title (a generated WAV of 24 s),
   * Play points an audio element at that node's player on this machine, and Chromium reads the
   * track's real length from it.
   */
  @Test
  void play_fromTheLibrary_streamsFromTheBuyersOwnNode_andSaysWhatToRunWithoutOne() throws Exception {
    try (GridLab lab = GridLab.start(URI.create(storeUrl.toString()), admins, 0)) {
      User publisher = Api.signUp("Play publisher", "publisher");
      UUID titleId = UUID.fromString(Api.titleOfKindOnSale(publisher, 999, "music"));
      Path tune = lab.newDirectory("media").resolve("tune.wav");
      dev.carriage.node.demo.DemoMedia.write(dev.carriage.node.demo.DemoMedia.Kind.TRACK, "Play journey", tune);
      lab.publish(publisher, titleId, tune, 64 * 1024);
      User buyer = Api.signUp("Play buyer", "carrier");
      Api.buy(buyer, titleId.toString());

      try (Browser.Visitor visitor = browser.visitor(storeUrl.toString())) {
        Page page = visitor.page();
        visitor.signIn(buyer.email(), Api.PASSWORD, "/library");
        String entry = "article.entry[data-title='" + titleId + "']";
        page.click(entry + " button.play");
        page.waitForSelector(entry + " .player .no-node");
        assertThat(page.textContent(entry + " .player")).contains("No node of yours is running")
            .contains("peer-node play " + titleId + " --open");
        visitor.checkAndKeep("library-play-without-node");

        NodeDaemon node = lab.startClientNode(buyer, 0);
        page.reload();
        page.click(entry + " details.download summary");
        page.selectOption(entry + " form.send-to-node select[name=nodeId]", node.nodeId().toString());
        page.click(entry + " form.send-to-node button");
        page.waitForURL("**/library");
        page.waitForSelector(entry + " .send-status[data-state=done]", new Page.WaitForSelectorOptions().setTimeout(60_000));
        page.click(entry + " button.play");
        page.waitForSelector(entry + " .player audio");

        assertThat(page.getAttribute(entry + " .player audio", "src")).isEqualTo(node.playerUrl().orElseThrow() + titleId + "/track/1");
        assertThat(page.textContent(entry + " .player")).contains("Playing from your node").contains(node.settings().name());
        page.waitForFunction("selector => { const audio = document.querySelector(selector);"
            + " return audio && audio.readyState >= 1 && Math.abs(audio.duration - 24) < 0.05; }", entry + " .player audio",
            new Page.WaitForFunctionOptions().setTimeout(30_000));
        visitor.checkAndKeep("library-playing-from-node");
      }
    }
  }

  @Test
  void aForgottenPassword_isResetByTheEmailedLink_fromTheSignInPage() {
    User forgetful = Api.signUp("Forgetful visitor");
    try (Browser.Visitor visitor = browser.visitor(storeUrl.toString())) {
      Page page = visitor.page();
      visitor.open("/signin");
      page.click("a.forgot");
      page.fill("input[name=email]", forgetful.email());
      page.click("form[action='/forgot-password'] button");
      assertThat(page.textContent("p.ok[role=status]")).contains("If an account has that email");
      visitor.checkAndKeep("password-forgot");
      String link = dev.carriage.store.support.Outbox.resetLink(forgetful.email()).orElseThrow();
      visitor.open(link.substring(link.indexOf("/reset-password")));
      page.fill("input[name=newPassword]", "remembered at last");
      page.click("form[action='/reset-password'] button");
      page.waitForURL("**/signin?reset=done");
      assertThat(page.textContent("p.ok[role=status]")).contains("Your password is changed");
      visitor.signIn(forgetful.email(), "remembered at last", "/account");
      page.waitForURL("**/account");
      assertThat(page.textContent("h1")).isEqualTo("Your account");
      visitor.checkAndKeep("password-reset-done");
    }
  }

  @Test
  void aFanSitesDashboard_showsTheApisStats_andItsCsvDownloads() throws Exception {
    User publisher = Api.signUp("Stats publisher", "publisher");
    String titleId = Api.titleOnSale(publisher, 2000, null);
    Api.publishContent(publisher, titleId);
    User owner = Api.signUp("Stats owner", "affiliate");
    JsonPath site = Referrals.registerSite(owner, "Stats fans");
    String code = site.getString("code");
    for (int visitor = 0; visitor < 3; visitor++) {
      Referrals.click(code, titleId, "campaign-a", "agent " + visitor);
    }
    User buyer = Api.signUp("Stats buyer");
    String cookie = Referrals.click(code, titleId, "campaign-a", "buyer agent");
    clock.advance(Duration.ofMinutes(1)); // a purchase seconds after its click would be held as cookie stuffing
    Referrals.buyWithCookie(buyer, titleId, cookie);
    JsonPath api = owner.request().get("/api/affiliate/stats").then().statusCode(200).extract().jsonPath();
    String csv = owner.request().get("/api/affiliate/stats.csv").then().statusCode(200).extract().asString();
    assertThat(api.getLong("totals.clicks")).isEqualTo(4);
    assertThat(api.getLong("totals.orders")).isEqualTo(1);

    try (Browser.Visitor visitor = browser.visitor(storeUrl.toString())) {
      Page page = visitor.page();
      visitor.signIn(owner.email(), Api.PASSWORD, "/affiliate");
      assertThat(page.textContent("#total-clicks")).isEqualTo(String.valueOf(api.getLong("totals.clicks")));
      assertThat(page.textContent("#total-visitors")).isEqualTo(String.valueOf(api.getLong("totals.uniqueVisitors")));
      assertThat(page.textContent("#total-orders")).isEqualTo(String.valueOf(api.getLong("totals.orders")));
      long earned = api.getLong("totals.earnings[0].pending") + api.getLong("totals.earnings[0].payable")
          + api.getLong("totals.earnings[0].paid");
      assertThat(earned).as("5% of 20.00").isEqualTo(100);
      assertThat(page.textContent(".totals .earnings")).isEqualTo(euros(earned));
      assertThat(page.textContent("table.commissions tbody")).contains(euros(100)).contains("pending");
      visitor.checkAndKeep("affiliate-dashboard");

      page.fill("input[name=titleId]", titleId); // any title: the suggestions list only the first hundred by name
      page.fill("input[name=subId]", "spring");
      page.click("form[action='/affiliate/links'] button[type=submit]");
      page.waitForSelector("#built-link .link-url");
      assertThat(page.textContent("#built-link .link-url")).contains("/r/" + code).contains("title=" + titleId).contains("sub=spring");

      Download download = page.waitForDownload(() -> page.click("#csv"));
      assertThat(Files.readString(download.path(), StandardCharsets.UTF_8)).isEqualTo(csv);
      visitor.checkAndKeep("affiliate-link-built");
    }
  }

  @Test
  void anotherOwnersPagesAreRefused_aFormWithoutTheTokenChangesNothing_andMarkupInNamesStaysText() {
    User publisher = Api.signUp("Markup publisher", "publisher");
    String hostileName = "<img src=x id=pwned onerror=alert(1)> Title";
    Map<String, Object> body = new java.util.HashMap<>(Api.titleBody("x"));
    body.put("name", hostileName);
    String titleId = Api.createTitle(publisher, body);
    User owner = Api.signUp("Markup owner", "affiliate");
    owner.request().body(Map.of("name", "<script>alert('site')</script>", "url", "https://fans.example/m"))
        .post("/api/affiliate/sites").then().statusCode(201);

    try (Browser.Visitor visitor = browser.visitor(storeUrl.toString())) {
      Page page = visitor.page();
      visitor.open("/titles/" + titleId);
      assertThat(page.textContent("h1.title-name")).isEqualTo(hostileName);
      assertThat(page.locator("#pwned").count()).as("the name's markup made no element").isZero();
      visitor.checkAndKeep("markup-title");

      visitor.signIn(owner.email(), Api.PASSWORD, "/affiliate");
      assertThat(page.textContent("table.sites .site-name")).contains("<script>alert('site')</script>");
      page.fill("input[name=subId]", "<b>bold</b>");
      page.click("form[action='/affiliate/links'] button[type=submit]");
      page.waitForSelector("#built-link .error");
      assertThat(page.textContent("#built-link .error")).contains("subId");
      assertThat(page.locator("#built-link b").count()).isZero();
      visitor.checkAndKeep("markup-affiliate");

      // A form posted without the page's token (as another site would post it) is refused.
      var refused = page.request().post("/affiliate/sites", RequestOptions.create()
          .setForm(com.microsoft.playwright.options.FormData.create().set("name", "Forged").set("url", "https://forged.example")));
      assertThat(refused.status()).isEqualTo(403);
      assertThat(owner.request().get("/api/affiliate/sites").then().extract().jsonPath().getList("name"))
          .doesNotContain("Forged");
    }

    try (Browser.Visitor visitor = browser.visitor(storeUrl.toString())) {
      Page page = visitor.page();
      User buyerOnly = Api.signUp("Only a buyer");
      visitor.signIn(buyerOnly.email(), Api.PASSWORD, "/");
      var carrierPage = page.request().get("/carrier");
      assertThat(carrierPage.status()).as("a buyer has no carrier dashboard").isEqualTo(403);
      var affiliatePage = page.request().get("/affiliate");
      assertThat(affiliatePage.status()).isEqualTo(403);
    }
  }
}
