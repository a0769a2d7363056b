package dev.carriage.store.licence;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import dev.carriage.store.support.Api;
import dev.carriage.store.support.Api.User;
import dev.carriage.store.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TrialLicenceTest {

  @Inject TestClock clock;

  private User publisher;
  private User buyer;
  private String titleId;

  @BeforeEach
  void setUp() {
    publisher = Api.signUp("Publisher", "publisher");
    buyer = Api.signUp("Trial buyer");
    titleId = Api.titleOnSale(publisher, 2999, 7);
    Api.publishContent(publisher, titleId);
  }

  @AfterEach
  void resetClock() {
    clock.reset();
  }

  /** Moves the store's clock; tokens expire on it too, so the buyer signs in again. */
  private void advance(Duration by) {
    clock.advance(by);
    buyer = buyer.signInAgain();
  }

  private io.restassured.response.Response startTrial(User who, String title) {
    return who.request().body(Map.of("titleId", title)).post("/api/library/trials");
  }

  private io.restassured.response.Response download(User who) {
    return Api.download(who, titleId);
  }

  @Test
  void trial_allowsDownloadsBeforeItsExpiry_andRefusesThemAfter() {
    startTrial(buyer, titleId).then().statusCode(201).body("kind", equalTo("trial")).body("state", equalTo("valid"));
    advance(Duration.ofDays(7).minusMinutes(1));
    download(buyer).then().statusCode(201).body("licence.kind", equalTo("trial"));

    advance(Duration.ofMinutes(1));

    download(buyer).then().statusCode(403)
        .body("type", equalTo("/problems/no-valid-licence"))
        .body("detail", containsString("trial"));
    buyer.request().get("/api/library").then().body("[0].state", equalTo("expired"));
  }

  @Test
  void eachBuyerGetsOneTrialPerTitle() {
    startTrial(buyer, titleId).then().statusCode(201);
    startTrial(buyer, titleId).then().statusCode(409).body("detail", containsString("already been used"));
    buyer.request().get("/api/library").then().body("", hasSize(1));
  }

  @Test
  void buyingAfterTheTrial_makesTheLicencePerpetual() {
    startTrial(buyer, titleId).then().statusCode(201);
    advance(Duration.ofDays(30));
    download(buyer).then().statusCode(403);

    String orderId = Api.buy(buyer, titleId);

    buyer.request().get("/api/library").then()
        .body("", hasSize(1))
        .body("[0].kind", equalTo("perpetual"))
        .body("[0].state", equalTo("valid"))
        .body("[0].expiresAt", nullValue())
        .body("[0].orderId", equalTo(orderId));
    download(buyer).then().statusCode(201);
  }

  @Test
  void titlesWithoutATrial_andUnknownTitles_giveNoTrial() {
    String noTrial = Api.titleOnSale(publisher, 999, null);
    startTrial(buyer, noTrial).then().statusCode(409).body("type", equalTo("/problems/no-trial"));
    startTrial(buyer, "9b2e4a8e-0000-4000-8000-000000000000").then().statusCode(400)
        .body("errors[0].field", equalTo("titleId"));
    buyer.request().get("/api/library").then().body("", hasSize(0));
  }
}
