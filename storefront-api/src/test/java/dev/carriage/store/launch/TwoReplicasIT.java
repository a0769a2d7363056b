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
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two store processes on one PostgreSQL, with settlement and payouts due every second on both:
 * sales paid by webhooks delivered to either replica are each settled once, and their publisher's
 * royalties reach Stripe Connect once, counted at the fake Stripe by distinct payout.
 */
class TwoReplicasIT {

  private static final Path LOGS = Path.of("target", "packaged-store-it");
  private static final String SECRET = "whsec_two_replicas";
  private static final int SALES = 8;
  private static final long PRICE = 2000;

  @TempDir Path home;

  @Test
  void twoReplicas_settleEachSaleOnce_andSendEachPayoutOnce() throws Exception {
    Files.createDirectories(LOGS);
    FakeStripe stripe = new FakeStripe();
    stripe.start();
    try (EmbeddedDatabase database = EmbeddedDatabase.start(home.resolve("server"), false)) {
      Map<String, String> environment = new HashMap<>(Map.of(
          "CARRIAGE_DB_URL", database.jdbcUrl(), "CARRIAGE_DB_USER", database.username(),
          "CARRIAGE_PAYMENTS_STRIPE_API_KEY", "sk_test_fake", "CARRIAGE_PAYMENTS_STRIPE_WEBHOOK_SECRET", SECRET,
          "CARRIAGE_PAYMENTS_STRIPE_API_BASE", stripe.baseUrl(),
          "CARRIAGE_ORDERS_REFUND_WINDOW", "PT3S", "CARRIAGE_LEDGER_SETTLE_EVERY", "1s", "CARRIAGE_LEDGER_PAYOUT_EVERY", "1s"));
      // Replicas share one master key, as they share one database: what one seals the other opens.
      environment.put("CARRIAGE_SECRETS_MASTER_KEY", java.util.Base64.getEncoder().encodeToString(new java.security.SecureRandom().generateSeed(32)));
      environment.put("CARRIAGE_HOME", home.resolve("a").toString());
      try (StoreProcess a = StoreProcess.start(environment, LOGS.resolve("replica-a.log"))) {
        environment.put("CARRIAGE_HOME", home.resolve("b").toString());
        try (StoreProcess b = StoreProcess.start(environment, LOGS.resolve("replica-b.log"));
            Connection payoutChanges = listenForPayouts(database)) {
          String publisher = Replicas.register(a, "publisher", "publisher");
          given().baseUri(b.baseUri()).auth().oauth2(publisher).contentType(ContentType.JSON)
              .body(Map.of("method", "stripe_connect", "connectAccountId", "acct_twoReplicas")).put("/api/publisher/payout")
              .then().statusCode(200);
          List<String> orders = new ArrayList<>();
          for (int i = 0; i < SALES; i++) {
            StoreProcess seller = i % 2 == 0 ? a : b;
            String title = given().baseUri(seller.baseUri()).auth().oauth2(publisher).contentType(ContentType.JSON).body(title(i))
                .post("/api/titles").then().statusCode(201).extract().path("id");
            String buyer = Replicas.register(seller, "buyer " + i, null);
            JsonPath order = given().baseUri(seller.baseUri()).auth().oauth2(buyer).contentType(ContentType.JSON)
                .body(Map.of("titleId", title)).post("/api/orders").then().statusCode(201).extract().jsonPath();
            String event = StripeWebhooks.paymentSucceeded("evt_two_" + i, order.getString("payment.paymentId"), order.getString("id"),
                PRICE, "eur");
            // The webhook lands on the other replica than the one that took the order.
            given().baseUri((i % 2 == 0 ? b : a).baseUri()).header("Stripe-Signature", StripeWebhooks.sign(event, SECRET, Instant.now()))
                .contentType(ContentType.JSON).body(event).post("/api/payments/stripe/webhook").then().statusCode(200);
            orders.add(order.getString("id"));
          }

          // Both replicas' jobs run every second; wait, on PostgreSQL's notifications, until every sale's royalty is paid out.
          long royalties = SALES * (PRICE * 7000 / 10_000);
          Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
          while (Replicas.paidOut(database) < royalties && Instant.now().isBefore(deadline)) {
            payoutChanges.unwrap(org.postgresql.PGConnection.class)
                .getNotifications((int) Math.max(1, Duration.between(Instant.now(), deadline).toMillis()));
          }

          try (Connection sql = DriverManager.getConnection(database.jdbcUrl(), database.username(), "")) {
            for (String order : orders) {
              assertThat(Replicas.count(sql, "select count(*) from ledger_entry where order_id = '" + order + "' and code = 'POOL_SETTLED'"))
                  .as("pool of " + order).isEqualTo(1);
              assertThat(Replicas.count(sql, "select count(*) from ledger_entry where order_id = '" + order + "' and code = 'ROYALTY_PAYABLE'"))
                  .as("royalty of " + order).isEqualTo(1);
            }
            assertThat(Replicas.count(sql, "select count(*) from payout where state <> 'SENT'")).isZero();
            long payouts = Replicas.count(sql, "select count(*) from payout");
            List<FakeStripe.Call> transfers = stripe.calls("/v1/transfers");
            assertThat(transfers.stream().map(FakeStripe.Call::idempotencyKey).distinct().count()).as("one transfer per payout").isEqualTo(payouts);
            Map<String, Long> byPayout = new HashMap<>();
            transfers.forEach(call -> byPayout.put(call.idempotencyKey(), Long.parseLong(call.form().get("amount"))));
            assertThat(byPayout.values().stream().mapToLong(Long::longValue).sum()).as("every royalty once").isEqualTo(royalties);
            assertThat(Replicas.count(sql, "select coalesce(sum(amount_minor), 0) from ledger_posting")).as("the book balances").isZero();
          }
          System.out.printf("[two replicas] %d sales settled once each, %d payouts sent once each (%d transfer calls)%n", SALES,
              stripe.calls("/v1/transfers").stream().map(FakeStripe.Call::idempotencyKey).distinct().count(),
              stripe.calls("/v1/transfers").size());
        }
      }
    } finally {
      stripe.stop();
    }
  }

  /** A connection told of every change to a payout (a trigger of this test's own), so the test waits on them instead of sleeping. */
  private static Connection listenForPayouts(EmbeddedDatabase database) throws Exception {
    Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(), "");
    try (var sql = connection.createStatement()) {
      sql.execute("create or replace function test_notify_payout() returns trigger language plpgsql as"
          + " $$ begin perform pg_notify('payouts', new.state); return new; end $$");
      sql.execute("create trigger test_payout_notify after insert or update on payout for each row execute function test_notify_payout()");
      sql.execute("listen payouts");
    }
    return connection;
  }




  private static Map<String, Object> title(int i) {
    return Map.of("kind", "music", "name", "Replica record " + i, "description", "Sold on two replicas.",
        "price", Map.of("amountMinor", PRICE, "currency", "EUR"), "sizeBytes", 1_048_576, "releaseDate", "2026-01-01",
        "tags", List.of("replicas"), "demo", Map.of("policy", "none"));
  }
}
