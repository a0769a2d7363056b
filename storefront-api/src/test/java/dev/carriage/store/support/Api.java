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
}
