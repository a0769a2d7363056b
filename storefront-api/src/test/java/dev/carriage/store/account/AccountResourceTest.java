package dev.carriage.store.account;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import dev.carriage.store.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AccountResourceTest {

  @Test
  void register_login_me_showsTheAccount() {
    String email = Api.uniqueEmail("ada");

    String id =
        given().contentType(ContentType.JSON)
            .body(Map.of("email", email, "password", Api.PASSWORD, "displayName", "Ada", "roles", List.of("carrier")))
            .post("/api/auth/register")
            .then()
            .statusCode(201)
            .header("Location", endsWith("/api/me"))
            .body("email", equalTo(email))
            .body("roles", containsInAnyOrder("buyer", "carrier"))
            .body("$", not(hasKey("passwordHash")))
            .extract().path("id");

    String expiresAt =
        given().contentType(ContentType.JSON)
            .body(Map.of("email", email, "password", Api.PASSWORD))
            .post("/api/auth/login")
            .then()
            .statusCode(200)
            .body("token", not(emptyOrNullString()))
            .extract().path("expiresAt");
    assertThat(Instant.parse(expiresAt))
        .isBetween(Instant.now().plus(Duration.ofHours(11)), Instant.now().plus(Duration.ofHours(13)));

    given().header("Authorization", "Bearer " + Api.login(email, Api.PASSWORD))
        .get("/api/me")
        .then()
        .statusCode(200)
        .body("id", equalTo(id))
        .body("email", equalTo(email))
        .body("displayName", equalTo("Ada"))
        .body("roles", containsInAnyOrder("buyer", "carrier"))
        .body("createdAt", notNullValue());
  }

  @Test
  void register_emailInAnyCase_isOneAccount() {
    String email = Api.uniqueEmail("grace");
    register(email).then().statusCode(201);

    register("  " + email.toUpperCase() + " ")
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("type", equalTo("/problems/conflict"))
        .body("errors.field", hasItem("email"));

    Api.login(email.toUpperCase(), Api.PASSWORD);
  }

  @Test
  void login_wrongPasswordOrUnknownEmail_sameAnswerWithNoHint() {
    String email = Api.uniqueEmail("alan");
    register(email).then().statusCode(201);

    Map<String, Object> wrongPassword =
        login(email, "not the password").then().statusCode(401).contentType("application/problem+json").extract().jsonPath().getMap("$");
    Map<String, Object> unknownEmail =
        login(Api.uniqueEmail("nobody"), Api.PASSWORD).then().statusCode(401).extract().jsonPath().getMap("$");

    assertThat(wrongPassword).isEqualTo(unknownEmail).containsEntry("detail", "the email or the password is wrong");
  }

  @Test
  void register_adminRole_isRefusedAndNothingIsCreated() {
    String email = Api.uniqueEmail("mallory");

    given().contentType(ContentType.JSON)
        .body(Map.of("email", email, "password", Api.PASSWORD, "displayName", "M", "roles", List.of("admin")))
        .post("/api/auth/register")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("roles"));

    login(email, Api.PASSWORD).then().statusCode(401);
  }

  @Test
  void register_badFields_eachNamed() {
    given().contentType(ContentType.JSON)
        .body(Map.of("email", "not-an-email", "password", "short", "displayName", " ", "roles", List.of("pirate")))
        .post("/api/auth/register")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.field", hasItem("roles[0]"));

    given().contentType(ContentType.JSON)
        .body(Map.of("email", "not-an-email", "password", "short", "displayName", " "))
        .post("/api/auth/register")
        .then()
        .statusCode(400)
        .body("errors.field", containsInAnyOrder("displayName", "email", "password"));
  }

  @Test
  void register_withoutBody_is400() {
    given().contentType(ContentType.JSON).post("/api/auth/register").then().statusCode(400).body("status", equalTo(400));
  }

  @Test
  void me_withoutToken_is401Problem() {
    given().get("/api/me").then().statusCode(401).contentType("application/problem+json").body("type", equalTo("/problems/unauthenticated"));
  }

  private static Response register(String email) {
    return given().contentType(ContentType.JSON)
        .body(Map.of("email", email, "password", Api.PASSWORD, "displayName", "Someone"))
        .post("/api/auth/register");
  }

  private static Response login(String email, String password) {
    return given().contentType(ContentType.JSON).body(Map.of("email", email, "password", password)).post("/api/auth/login");
  }

  /**
   * A reset link works once, within the hour: an unknown address gets the same answer and no
   * letter; the letter's token sets the password; a second use, a forged token and a short password
   * are refused naming the field; three links an hour is the most one account is sent.
   */
  @Test
  void passwordReset_byEmailedLink_worksOnce_andTellsNoOneWhoHasAnAccount() {
    Api.User user = Api.signUp("Forgetful");
    String unknown = "nobody-" + java.util.UUID.randomUUID() + "@example.com";
    Response forUnknown = given().contentType(ContentType.JSON).body(Map.of("email", unknown)).post("/api/auth/password-reset");
    Response forKnown = given().contentType(ContentType.JSON).body(Map.of("email", user.email())).post("/api/auth/password-reset");
    assertThat(forUnknown.statusCode()).isEqualTo(202).isEqualTo(forKnown.statusCode());
    assertThat(forUnknown.asString()).isEqualTo(forKnown.asString());
    assertThat(dev.carriage.store.support.Outbox.lettersTo(unknown)).isEmpty();
    String link = dev.carriage.store.support.Outbox.resetLink(user.email()).orElseThrow();
    String token = link.substring(link.indexOf("token=") + "token=".length());

    given().contentType(ContentType.JSON).body(Map.of("token", token, "newPassword", "short")).post("/api/auth/password-reset/confirm")
        .then().statusCode(400).body("errors[0].field", equalTo("newPassword"));
    given().contentType(ContentType.JSON).body(Map.of("token", token + "x", "newPassword", "a brand new passphrase"))
        .post("/api/auth/password-reset/confirm").then().statusCode(400).body("errors[0].field", equalTo("token"));
    given().contentType(ContentType.JSON).body(Map.of("token", token, "newPassword", "a brand new passphrase"))
        .post("/api/auth/password-reset/confirm").then().statusCode(204);
    given().contentType(ContentType.JSON).body(Map.of("token", token, "newPassword", "yet another passphrase"))
        .post("/api/auth/password-reset/confirm").then().statusCode(400).body("errors[0].field", equalTo("token"));
    assertThat(Api.login(user.email(), "a brand new passphrase")).isNotBlank();
    given().contentType(ContentType.JSON).body(Map.of("email", user.email(), "password", Api.PASSWORD)).post("/api/auth/login")
        .then().statusCode(401);

    for (int i = 0; i < 4; i++) {
      given().contentType(ContentType.JSON).body(Map.of("email", user.email())).post("/api/auth/password-reset").then().statusCode(202);
    }
    assertThat(dev.carriage.store.support.Outbox.lettersTo(user.email())).as("at most three letters an hour").hasSize(3);
  }
}
