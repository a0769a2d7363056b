package dev.carriage.store.support;

import static io.restassured.RestAssured.given;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Small steps the API tests repeat: sign up, sign in, act as someone. */
public final class Api {

  public static final String PASSWORD = "correct horse battery";

  static {
    // A failing expectation prints the exchange, so a CI log shows what the store answered.
    RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
  }

  private Api() {}

  /** A fresh, unique email, so tests never collide in the shared database. */
  public static String uniqueEmail(String who) {
    String local = who.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "");
    return local + "-" + UUID.randomUUID() + "@test.carriage.local";
  }

  /** A user who has signed up with these roles and signed in. */
  public record User(String id, String email, String token) {
    /** Signs in again: after a test moves the clock past the token's lifetime, say. */
    public User signInAgain() {
      return new User(id, email, login(email, PASSWORD));
    }

    public RequestSpecification request() {
      return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + token);
    }
  }

  public static User signUp(String who, String... roles) {
    String email = uniqueEmail(who);
    String id =
        given()
            .contentType(ContentType.JSON)
            .body(Map.of("email", email, "password", PASSWORD, "displayName", who, "roles", List.of(roles)))
            .post("/api/auth/register")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    return new User(id, email, login(email, PASSWORD));
  }

  public static String login(String email, String password) {
    return given()
        .contentType(ContentType.JSON)
        .body(Map.of("email", email, "password", password))
        .post("/api/auth/login")
        .then()
        .statusCode(200)
        .extract()
        .path("token");
  }

  /** A valid title body; tests change one field to make it invalid. */
  public static Map<String, Object> titleBody(String name) {
    Map<String, Object> body = new java.util.HashMap<>();
    body.put("kind", "game");
    body.put("name", name);
    body.put("description", "A test title.");
    body.put("price", Map.of("amountMinor", 1999, "currency", "EUR"));
    body.put("sizeBytes", 1_048_576);
    body.put("releaseDate", "2025-01-15");
    body.put("tags", List.of("test"));
    body.put("demo", Map.of("policy", "none"));
    return body;
  }

  public static String createTitle(User publisher, Map<String, Object> body) {
    return publisher.request().body(body).post("/api/titles").then().statusCode(201).extract().path("id");
  }

  /** A title on sale at the given price, with an optional trial of {@code trialDays}. */
  public static String titleOnSale(User publisher, long priceMinor, Integer trialDays) {
    Map<String, Object> body = titleBody("Title " + UUID.randomUUID());
    body.put("price", Map.of("amountMinor", priceMinor, "currency", "EUR"));
    body.put("demo", trialDays == null ? Map.of("policy", "none") : Map.of("policy", "trial", "days", trialDays));
    return createTitle(publisher, body);
  }

  /** A title of the given kind ("game", "music", "video") on sale at the given price, without a trial. */
  public static String titleOfKindOnSale(User publisher, long priceMinor, String kind) {
    Map<String, Object> body = titleBody("Title " + UUID.randomUUID());
    body.put("price", Map.of("amountMinor", priceMinor, "currency", "EUR"));
    body.put("kind", kind);
    return createTitle(publisher, body);
  }

  /** Places an order and returns its JSON. */
  public static io.restassured.path.json.JsonPath order(User buyer, String titleId) {
    return buyer.request().body(Map.of("titleId", titleId)).post("/api/orders").then().statusCode(201).extract().jsonPath();
  }

  /** Confirms a sandbox payment with a test card and returns the order's JSON. */
  public static io.restassured.path.json.JsonPath confirm(User buyer, String paymentId, String card) {
    return buyer.request()
        .body(Map.of("cardNumber", card))
        .post("/api/payments/sandbox/" + paymentId + "/confirm")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  /** Buys a title in the sandbox with the card that succeeds; returns the order id. */
  public static String buy(User buyer, String titleId) {
    io.restassured.path.json.JsonPath order = order(buyer, titleId);
    confirm(buyer, order.getString("payment.paymentId"), SUCCESS_CARD);
    return order.getString("id");
  }

  public static final String SUCCESS_CARD = "4242 4242 4242 4242";
  public static final String DECLINED_CARD = "4000 0000 0000 0002";

  /** A fresh ephemeral Ed25519 client key, X.509 and base64, as a download client makes one. */
  public static String clientKey() {
    try {
      return java.util.Base64.getEncoder().encodeToString(
          java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded());
    } catch (java.security.GeneralSecurityException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  /** Asks for a download session of a title. */
  public static io.restassured.response.Response download(User who, String titleId) {
    return who.request().body(Map.of("titleId", titleId, "clientKey", clientKey())).post("/api/downloads");
  }

  /** Encrypts a small generated file as the title's content and registers it with the store. */
  public static void publishContent(User publisher, String titleId) {
    java.nio.file.Path dir = null;
    try {
      dir = java.nio.file.Files.createTempDirectory("carriage-content");
      java.nio.file.Path media = java.nio.file.Files.write(dir.resolve("media.bin"), new byte[40_000]);
      dev.carriage.grid.crypto.ContentEncryptor.Encrypted encrypted =
          dev.carriage.grid.crypto.ContentEncryptor.encrypt(UUID.fromString(titleId), media, dir.resolve("content.bin"), bytes -> { });
      publisher.request()
          .body(Map.of(
              "manifest", java.util.Base64.getEncoder().encodeToString(dev.carriage.grid.manifest.ManifestCodec.encode(encrypted.manifest())),
              "contentKey", encrypted.key().toBase64()))
          .post("/api/grid/titles/" + titleId + "/content")
          .then()
          .statusCode(200);
    } catch (java.io.IOException failed) {
      throw new java.io.UncheckedIOException(failed);
    } finally {
      deleteQuietly(dir);
    }
  }

  /** The store holds the manifest and key once they are posted; the files were only the way there. */
  private static void deleteQuietly(java.nio.file.Path dir) {
    if (dir == null) {
      return;
    }
    try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(dir)) {
      for (java.nio.file.Path file : files.toList()) {
        java.nio.file.Files.deleteIfExists(file);
      }
      java.nio.file.Files.deleteIfExists(dir);
    } catch (java.io.IOException ignored) {
      // a temporary directory left behind is harmless
    }
  }
}
