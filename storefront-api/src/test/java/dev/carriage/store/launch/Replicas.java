package dev.carriage.store.launch;

import static io.restassured.RestAssured.given;

import dev.carriage.store.database.EmbeddedDatabase;
import io.restassured.http.ContentType;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the tests with several store processes on one database share: accounts made through a replica, and counts read from the database. */
final class Replicas {

  private static final String PASSWORD = "replicas share one database";

  private Replicas() {}

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

  static Connection connect(EmbeddedDatabase database) throws Exception {
    return DriverManager.getConnection(database.jdbcUrl(), database.username(), "");
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
