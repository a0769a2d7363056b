package dev.carriage.store.launch;

import static io.restassured.RestAssured.given;

import dev.carriage.store.database.EmbeddedDatabase;
import dev.carriage.store.support.FakeStripe;
import dev.carriage.store.support.StripeWebhooks;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the tests with several store processes on one database share: their settings, accounts
 * and sales made through a replica, and the database read and listened to.
 */
final class Replicas {

  static final String WEBHOOK_SECRET = "whsec_replicas";
  private static final String PASSWORD = "replicas share one database";

  private Replicas() {}

  /**
   * Settings for replicas of one store: this database, Stripe at the fake, one master key for all
   * (what one seals the other opens), a 3 s hold and settlement every second. Callers add each
   * replica's home and the payout schedule.
   */
  static Map<String, String> environment(EmbeddedDatabase database, FakeStripe stripe) {
    return new HashMap<>(Map.of(
        "CARRIAGE_DB_URL", database.jdbcUrl(), "CARRIAGE_DB_USER", database.username(),
        "CARRIAGE_PAYMENTS_STRIPE_API_KEY", "sk_test_fake", "CARRIAGE_PAYMENTS_STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET,
        "CARRIAGE_PAYMENTS_STRIPE_API_BASE", stripe.baseUrl(),
        "CARRIAGE_SECRETS_MASTER_KEY", Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32)),
        "CARRIAGE_ORDERS_REFUND_WINDOW", "PT3S", "CARRIAGE_LEDGER_SETTLE_EVERY", "1s"));
  }

  /** A new account through this replica's API, signed in: its bearer token. */
  static String register(StoreProcess store, String who, String role) {
    String email = who.replace(' ', '-') + "-" + UUID.randomUUID() + "@replicas.example";
    Map<String, Object> body = new HashMap<>(Map.of("email", email, "password", PASSWORD, "displayName", who));
    if (role != null) {
      body.put("roles", List.of(role));
    }
    given().baseUri(store.baseUri()).contentType(ContentType.JSON).body(body).post("/api/auth/register").then().statusCode(201);
    return given().baseUri(store.baseUri()).contentType(ContentType.JSON).body(Map.of("email", email, "password", PASSWORD))
        .post("/api/auth/login").then().statusCode(200).extract().path("token");
  }

  /** The publisher is paid by Stripe Connect to this account. */
  static void paidByConnect(StoreProcess store, String publisher, String connectAccount) {
    given().baseUri(store.baseUri()).auth().oauth2(publisher).contentType(ContentType.JSON)
        .body(Map.of("method", "stripe_connect", "connectAccountId", connectAccount)).put("/api/publisher/payout").then().statusCode(200);
  }

  /**
   * A new title of the publisher's bought by a new buyer at {@code orderedAt}, paid by a signed
   * {@code payment_intent.succeeded} delivered to {@code toldAt}: the order's id.
   */
  static String sale(StoreProcess orderedAt, StoreProcess toldAt, String publisher, int i, long price) {
    String title = given().baseUri(orderedAt.baseUri()).auth().oauth2(publisher).contentType(ContentType.JSON).body(Map.of("kind", "music",
            "name", "Replica record " + i, "description", "Sold on a replica.", "price", Map.of("amountMinor", price, "currency", "EUR"),
            "sizeBytes", 1_048_576, "releaseDate", "2026-01-01", "tags", List.of("replicas"), "demo", Map.of("policy", "none")))
        .post("/api/titles").then().statusCode(201).extract().path("id");
    String buyer = register(orderedAt, "buyer " + i, null);
    JsonPath order = given().baseUri(orderedAt.baseUri()).auth().oauth2(buyer).contentType(ContentType.JSON)
        .body(Map.of("titleId", title)).post("/api/orders").then().statusCode(201).extract().jsonPath();
    String event = StripeWebhooks.paymentSucceeded("evt_replicas_" + UUID.randomUUID(), order.getString("payment.paymentId"),
        order.getString("id"), price, "eur");
    given().baseUri(toldAt.baseUri()).header("Stripe-Signature", StripeWebhooks.sign(event, WEBHOOK_SECRET, Instant.now()))
        .contentType(ContentType.JSON).body(event).post("/api/payments/stripe/webhook").then().statusCode(200);
    return order.getString("id");
  }

  static Connection connect(EmbeddedDatabase database) throws Exception {
    return DriverManager.getConnection(database.jdbcUrl(), database.username(), "");
  }

  /**
   * A connection told of the table's row changes ({@code events}: "insert or update", "update"),
   * by a trigger of the test's own (which may also slow each one down, {@code slowDown} being
   * PL/pgSQL), so tests wait on the database instead of sleeping.
   */
  static Connection listen(EmbeddedDatabase database, String channel, String table, String events, String slowDown) throws Exception {
    Connection connection = connect(database);
    try (var sql = connection.createStatement()) {
      sql.execute("create or replace function test_notify_" + channel + "() returns trigger language plpgsql as"
          + " $$ begin " + slowDown + " perform pg_notify('" + channel + "', ''); return new; end $$");
      sql.execute("drop trigger if exists test_" + channel + " on " + table);
      sql.execute("create trigger test_" + channel + " after " + events + " on " + table + " for each row execute function test_notify_"
          + channel + "()");
      sql.execute("listen " + channel);
    }
    return connection;
  }

  /** Waits for one notification on a listening connection; fails after the timeout. */
  static void awaitNotification(Connection listening, Duration timeout) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (notifications(listening, deadline) > 0) {
        return;
      }
    }
    throw new AssertionError("no notification within " + timeout);
  }

  /** Waits, on a connection listening to payouts, until Stripe-confirmed payouts reach the amount or the timeout passes. */
  static void awaitPaidOut(EmbeddedDatabase database, Connection listening, long amount, Duration timeout) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    while (paidOut(database) < amount && Instant.now().isBefore(deadline)) {
      notifications(listening, deadline);
    }
  }

  private static int notifications(Connection listening, Instant deadline) throws Exception {
    org.postgresql.PGNotification[] got = listening.unwrap(org.postgresql.PGConnection.class)
        .getNotifications((int) Math.max(1, Duration.between(Instant.now(), deadline).toMillis()));
    return got == null ? 0 : got.length;
  }

  static long count(Connection sql, String query) throws Exception {
    try (ResultSet rows = sql.createStatement().executeQuery(query)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /** Minor units paid out by payouts Stripe has confirmed. */
  static long paidOut(EmbeddedDatabase database) throws Exception {
    try (Connection sql = connect(database)) {
      return count(sql, "select coalesce(sum(amount_minor), 0) from payout where state = 'SENT'");
    }
  }
}
