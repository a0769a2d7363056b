package dev.carriage.store.launch;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;

/** The calls the process benchmarks make of a running store: accounts, a title, a purchase. Demo accounts share one password. */
final class BenchStore {

  static final String PASSWORD = "carriage-demo";
  static final String ADMIN = "admin@demo.carriage.local";
  static final String PUBLISHER = "publisher@demo.carriage.local";

  private BenchStore() {}

  static String login(String baseUri, String email) {
    return given().baseUri(baseUri).contentType(ContentType.JSON).body(Map.of("email", email, "password", PASSWORD))
        .post("/api/auth/login").then().statusCode(200).extract().path("token");
  }

  /** A game on sale for 9.99, as the demo publisher: its id. */
  static String newTitle(String baseUri, String name, long sizeBytes) {
    return newTitle(baseUri, name, sizeBytes, "game");
  }

  /** A title of this kind ({@code game}, {@code music}, {@code video}) on sale for 9.99, as the demo publisher: its id. */
  static String newTitle(String baseUri, String name, long sizeBytes, String kind) {
    return given().baseUri(baseUri).auth().oauth2(login(baseUri, PUBLISHER)).contentType(ContentType.JSON).body(Map.of("kind", kind,
            "name", name, "description", "Random bytes.", "price", Map.of("amountMinor", 999, "currency", "EUR"),
            "sizeBytes", sizeBytes, "releaseDate", "2026-01-01", "tags", List.of("bench"), "demo", Map.of("policy", "none")))
        .post("/api/titles").then().statusCode(201).extract().path("id");
  }

  static void register(String baseUri, String email) {
    given().baseUri(baseUri).contentType(ContentType.JSON)
        .body(Map.of("email", email, "password", PASSWORD, "displayName", "Bench " + email.substring(0, email.indexOf('@'))))
        .post("/api/auth/register").then().statusCode(201);
  }

  static void grantCarrier(String baseUri, String adminToken, String email) {
    given().baseUri(baseUri).auth().oauth2(adminToken).contentType(ContentType.JSON).body(Map.of("email", email, "role", "carrier"))
        .post("/api/admin/accounts/roles").then().statusCode(200);
  }

  /** Buys the title with the sandbox's test card. */
  static void buy(String baseUri, String email, String titleId) {
    String token = login(baseUri, email);
    JsonPath order = given().baseUri(baseUri).auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("titleId", titleId))
        .post("/api/orders").then().statusCode(201).extract().jsonPath();
    given().baseUri(baseUri).auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("cardNumber", "4242 4242 4242 4242"))
        .post(order.getString("payment.confirmUrl")).then().statusCode(200);
  }

  /** The bytes the store credited to the account's nodes from receipts. */
  static long bytesCredited(String baseUri, String email) {
    List<Number> carried = given().baseUri(baseUri).auth().oauth2(login(baseUri, email)).get("/api/carrier/earnings")
        .then().statusCode(200).extract().jsonPath().getList("nodes.bytesCarried", Number.class);
    return carried.stream().mapToLong(Number::longValue).sum();
  }
}
