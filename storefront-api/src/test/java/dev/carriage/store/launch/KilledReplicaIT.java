package dev.carriage.store.launch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.carriage.store.database.EmbeddedDatabase;
import dev.carriage.store.support.FakeStripe;
import dev.carriage.store.support.StripeWebhooks;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store replica killed outright (SIGKILL) in the middle of settlement, and another in the
 * middle of a payout run, at the worst moment: while the fake Stripe is answering its first
 * transfer, which Stripe makes but the store never hears of. A replica started after each picks
 * up where the dead one stopped: every sale settled once, every payout made once at Stripe, and
 * the book balanced.
 */
class KilledReplicaIT {

  private static final Path LOGS = Path.of("target", "packaged-store-it");
  private static final String SECRET = "whsec_killed_replica";
  private static final int PUBLISHERS = 4;
  private static final int SALES_EACH = 3;
  private static final long PRICE = 2000;
  /** The default royalty share, 70 %, of each sale: what each publisher is paid per sale. */
  private static final long ROYALTY = PRICE * 7000 / 10_000;

  @TempDir Path home;

  @Test
  void killedMidSettlement_andMidPayout_theNextReplicaFinishes_onceEach() throws Exception {
    Files.createDirectories(LOGS);
    FakeStripe stripe = new FakeStripe();
    stripe.start();
    try (EmbeddedDatabase database = EmbeddedDatabase.start(home.resolve("server"), false)) {
      Map<String, String> environment = new HashMap<>(Map.of(
          "CARRIAGE_DB_URL", database.jdbcUrl(), "CARRIAGE_DB_USER", database.username(),
          "CARRIAGE_PAYMENTS_STRIPE_API_KEY", "sk_test_fake", "CARRIAGE_PAYMENTS_STRIPE_WEBHOOK_SECRET", SECRET,
          "CARRIAGE_PAYMENTS_STRIPE_API_BASE", stripe.baseUrl(), "CARRIAGE_HOME", home.resolve("store").toString(),
          "CARRIAGE_SECRETS_MASTER_KEY", java.util.Base64.getEncoder().encodeToString(new java.security.SecureRandom().generateSeed(32)),
          "CARRIAGE_ORDERS_REFUND_WINDOW", "PT3S", "CARRIAGE_LEDGER_SETTLE_EVERY", "1s", "CARRIAGE_LEDGER_PAYOUT_EVERY", "off"));
      List<String> orders = new ArrayList<>();

      // 1. Sales, then settlement killed after its first sale committed (the test's trigger makes each take 300 ms).
      try (StoreProcess first = StoreProcess.start(environment, LOGS.resolve("killed-settlement.log"));
          Connection settled = listen(database, "settled", "sale_record", "perform pg_sleep(0.3);")) {
        for (int p = 0; p < PUBLISHERS; p++) {
          String publisher = Replicas.register(first, "publisher " + p, "publisher");
          given().baseUri(first.baseUri()).auth().oauth2(publisher).contentType(ContentType.JSON)
              .body(Map.of("method", "stripe_connect", "connectAccountId", "acct_killed" + p)).put("/api/publisher/payout")
              .then().statusCode(200);
          for (int s = 0; s < SALES_EACH; s++) {
            orders.add(sell(first, publisher, p * SALES_EACH + s));
          }
        }
        awaitNotification(settled, Duration.ofSeconds(60));
        first.kill();
      }
      long settledAtKill;
      try (Connection sql = Replicas.connect(database)) {
        settledAtKill = Replicas.count(sql, "select count(*) from sale_record where royalty_payable_at is not null");
      }
      System.out.printf("[killed replica] killed during settlement with %d of %d sales settled%n", settledAtKill, orders.size());
      assertThat(settledAtKill).as("killed in the middle of settlement").isBetween(1L, (long) orders.size() - 1);

      // 2. The next replica settles the rest and pays out; it is killed while Stripe answers its first transfer.
      environment.put("CARRIAGE_LEDGER_PAYOUT_EVERY", "1s");
      CountDownLatch killed = new CountDownLatch(1);
      stripe.whileAnswering(path -> {
        if (path.equals("/v1/transfers") && killed.getCount() > 0) {
          // Whichever store is asking: the one running now, a child of this test.
          ProcessHandle.current().children().filter(child -> child.info().commandLine().orElse("").contains("quarkus-run.jar"))
              .forEach(store -> {
                store.destroyForcibly();
                store.onExit().join();
              });
          killed.countDown();
        }
      });
      try (StoreProcess second = StoreProcess.start(environment, LOGS.resolve("killed-payout.log"))) {
        assertThat(killed.await(90, TimeUnit.SECONDS)).as("a payout run reached Stripe").isTrue();
      } catch (IllegalStateException killedBeforeItSaidReady) {
        // Its jobs start with it: the payout run may reach Stripe, and be killed there, before the store reports ready.
        // The kill lands before the fake counts it: wait for that, not for the store.
        assertThat(killed.await(30, TimeUnit.SECONDS)).as(killedBeforeItSaidReady.getMessage()).isTrue();
      }
      stripe.whileAnswering(null);
      try (Connection sql = Replicas.connect(database)) {
        assertThat(Replicas.count(sql, "select count(*) from payout where state = 'SENDING'")).as("a payout left in the middle").isPositive();
      }

      // 3. A replica started afterwards finishes: the payout Stripe made is recorded, not made again.
      try (StoreProcess third = StoreProcess.start(environment, LOGS.resolve("killed-after.log"));
          Connection payouts = listen(database, "payouts", "payout", "")) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Replicas.paidOut(database) < orders.size() * ROYALTY && Instant.now().isBefore(deadline)) {
          payouts.unwrap(org.postgresql.PGConnection.class).getNotifications((int) Math.max(1, Duration.between(Instant.now(), deadline).toMillis()));
        }
      }

      try (Connection sql = Replicas.connect(database)) {
        for (String order : orders) {
          assertThat(Replicas.count(sql, "select count(*) from ledger_entry where order_id = '" + order + "' and code = 'ROYALTY_PAYABLE'"))
              .as("royalty of " + order + " posted once").isEqualTo(1);
          assertThat(Replicas.count(sql, "select count(*) from ledger_entry where order_id = '" + order + "' and code = 'POOL_SETTLED'"))
              .as("pool of " + order + " settled once").isEqualTo(1);
        }
        assertThat(Replicas.count(sql, "select count(*) from payout where state <> 'SENT'")).isZero();
        long paidAtStripe = 0;
        try (ResultSet rows = sql.createStatement().executeQuery("select id, amount_minor from payout")) {
          while (rows.next()) {
            assertThat(stripe.transfersMade(rows.getString(1))).as("payout " + rows.getString(1) + " made once at Stripe").isEqualTo(1);
            paidAtStripe += rows.getLong(2);
          }
        }
        assertThat(paidAtStripe).as("every royalty paid, once").isEqualTo(orders.size() * ROYALTY);
        assertThat(Replicas.count(sql, "select coalesce(sum(amount_minor), 0) from ledger_posting")).as("the book balances").isZero();
        System.out.printf("[killed replica] after two SIGKILLs: %d sales settled once each, %d payouts made once each at Stripe (%d transfer"
            + " requests)%n", orders.size(), Replicas.count(sql, "select count(*) from payout"), stripe.calls("/v1/transfers").size());
      }
    } finally {
      stripe.stop();
    }
  }

  private static String sell(StoreProcess store, String publisher, int i) {
    String title = given().baseUri(store.baseUri()).auth().oauth2(publisher).contentType(ContentType.JSON).body(Map.of("kind", "music",
            "name", "Killed record " + i, "description", "Sold before a crash.", "price", Map.of("amountMinor", PRICE, "currency", "EUR"),
            "sizeBytes", 1_048_576, "releaseDate", "2026-01-01", "tags", List.of("crash"), "demo", Map.of("policy", "none")))
        .post("/api/titles").then().statusCode(201).extract().path("id");
    String buyer = Replicas.register(store, "buyer " + i, null);
    JsonPath order = given().baseUri(store.baseUri()).auth().oauth2(buyer).contentType(ContentType.JSON)
        .body(Map.of("titleId", title)).post("/api/orders").then().statusCode(201).extract().jsonPath();
    String event = StripeWebhooks.paymentSucceeded("evt_killed_" + i, order.getString("payment.paymentId"), order.getString("id"), PRICE, "eur");
    given().baseUri(store.baseUri()).header("Stripe-Signature", StripeWebhooks.sign(event, SECRET, Instant.now()))
        .contentType(ContentType.JSON).body(event).post("/api/payments/stripe/webhook").then().statusCode(200);
    return order.getString("id");
  }

  /** A connection told of every update of the table's rows by a trigger of the test's own, which may also slow each one down. */
  private static Connection listen(EmbeddedDatabase database, String channel, String table, String slowDown) throws Exception {
    Connection connection = Replicas.connect(database);
    try (var sql = connection.createStatement()) {
      sql.execute("create or replace function test_notify_" + channel + "() returns trigger language plpgsql as"
          + " $$ begin " + slowDown + " perform pg_notify('" + channel + "', ''); return new; end $$");
      sql.execute("drop trigger if exists test_" + channel + " on " + table);
      sql.execute("create trigger test_" + channel + " after update on " + table + " for each row execute function test_notify_" + channel + "()");
      sql.execute("listen " + channel);
    }
    return connection;
  }

  private static void awaitNotification(Connection connection, Duration timeout) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      org.postgresql.PGNotification[] got = connection.unwrap(org.postgresql.PGConnection.class)
          .getNotifications((int) Math.max(1, Duration.between(Instant.now(), deadline).toMillis()));
      if (got != null && got.length > 0) {
        return;
      }
    }
    throw new AssertionError("no notification within " + timeout);
  }




}
