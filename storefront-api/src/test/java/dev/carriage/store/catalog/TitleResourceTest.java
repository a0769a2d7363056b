package dev.carriage.store.catalog;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.carriage.store.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TitleResourceTest {

  @Test
  void publisher_createsTitle_andAnyoneCanReadIt() {
    Api.User publisher = Api.signUp("Lumen Games", "publisher");
    Map<String, Object> body = Api.titleBody("Lantern Keeper");
    body.put("tags", List.of("Puzzle", "indie", "puzzle"));
    body.put("demo", Map.of("policy", "trial", "days", 30));

    String id =
        publisher.request().body(body).post("/api/titles")
            .then()
            .statusCode(201)
            .header("Location", containsString("/api/titles/"))
            .extract().path("id");

    given().get("/api/titles/" + id)
        .then()
        .statusCode(200)
        .body("name", equalTo("Lantern Keeper"))
        .body("kind", equalTo("game"))
        .body("publisher.id", equalTo(publisher.id()))
        .body("publisher.name", equalTo("Lumen Games"))
        .body("price.amountMinor", equalTo(1999))
        .body("price.currency", equalTo("EUR"))
        .body("price.formatted", equalTo("19.99 EUR"))
        .body("sizeBytes", equalTo(1_048_576))
        .body("releaseDate", equalTo("2025-01-15"))
        .body("tags", containsInAnyOrder("puzzle", "indie"))
        .body("demo.policy", equalTo("trial"))
        .body("demo.days", equalTo(30));
  }

  @Test
  void publisher_updatesOwnTitle() {
    Api.User publisher = Api.signUp("Owner", "publisher");
    String id = Api.createTitle(publisher, Api.titleBody("First Name"));
    Map<String, Object> changed = Api.titleBody("Second Name");
    changed.put("price", Map.of("amountMinor", 500, "currency", "JPY"));

    publisher.request().body(changed).put("/api/titles/" + id)
        .then()
        .statusCode(200)
        .body("name", equalTo("Second Name"))
        .body("price.formatted", equalTo("500 JPY"));
    given().get("/api/titles/" + id).then().body("name", equalTo("Second Name"));
  }

  @Test
  void publisherA_cannotEditPublisherBsTitle_andItIsUnchanged() {
    Api.User owner = Api.signUp("Publisher B", "publisher");
    Api.User other = Api.signUp("Publisher A", "publisher");
    String id = Api.createTitle(owner, Api.titleBody("B's Game"));
    Map<String, Object> before = given().get("/api/titles/" + id).then().extract().jsonPath().getMap("$");

    Map<String, Object> hijack = Api.titleBody("Stolen");
    hijack.put("price", Map.of("amountMinor", 1, "currency", "EUR"));
    other.request().body(hijack).put("/api/titles/" + id)
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("detail", equalTo("title " + id + " belongs to another publisher"));

    Map<String, Object> after = given().get("/api/titles/" + id).then().extract().jsonPath().getMap("$");
    assertThat(after).isEqualTo(before);
  }

  @Test
  void update_unknownOrMalformedId_is404() {
    Api.User publisher = Api.signUp("Nobody's", "publisher");

    publisher.request().body(Api.titleBody("Ghost")).put("/api/titles/" + UUID.randomUUID()).then().statusCode(404);
    given().get("/api/titles/" + UUID.randomUUID()).then().statusCode(404).body("type", equalTo("/problems/not-found"));
    given().get("/api/titles/not-a-uuid").then().statusCode(404).body("detail", equalTo("title not-a-uuid does not exist"));
  }

  @Test
  void create_invalidFields_eachNamed_andNothingIsCreated() {
    Api.User publisher = Api.signUp("Careless", "publisher");
    Map<String, Object> body = Api.titleBody("x".repeat(TitleRequest.NAME_LENGTH_MAX + 1));
    body.put("description", "d".repeat(TitleRequest.DESCRIPTION_LENGTH_MAX + 1));
    body.put("price", Map.of("amountMinor", -1, "currency", "EUR"));
    body.put("sizeBytes", 0);
    body.put("tags", List.of("ok", "<script>"));

    publisher.request().body(body).post("/api/titles")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("type", equalTo("/problems/validation-failed"))
        .body("errors.field", containsInAnyOrder("name", "description", "price.amountMinor", "sizeBytes", "tags[1]"));

    assertThat(titleCountOf(publisher)).isZero();
  }

  @Test
  void create_unknownCurrency_namesTheField() {
    Api.User publisher = Api.signUp("Doubloons", "publisher");
    Map<String, Object> body = Api.titleBody("Pirate Gold");
    body.put("price", Map.of("amountMinor", 100, "currency", "XXX"));

    publisher.request().body(body).post("/api/titles")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("price.currency"));
    assertThat(titleCountOf(publisher)).isZero();
  }

  @Test
  void create_inconsistentDemo_isRefused() {
    Api.User publisher = Api.signUp("Trialist", "publisher");
    Map<String, Object> trialWithoutDays = Api.titleBody("Trial");
    trialWithoutDays.put("demo", Map.of("policy", "trial"));
    Map<String, Object> tooLong = Api.titleBody("Trial");
    tooLong.put("demo", Map.of("policy", "trial", "days", 366));
    Map<String, Object> unknownPolicy = Api.titleBody("Trial");
    unknownPolicy.put("demo", Map.of("policy", "forever"));

    publisher.request().body(trialWithoutDays).post("/api/titles").then().statusCode(400).body("errors[0].field", equalTo("demo.days"));
    publisher.request().body(tooLong).post("/api/titles").then().statusCode(400).body("errors[0].field", equalTo("demo.days"));
    publisher.request().body(unknownPolicy).post("/api/titles").then().statusCode(400).body("errors[0].field", equalTo("demo.policy"));
    assertThat(titleCountOf(publisher)).isZero();
  }

  @Test
  void create_releaseDateOutOfRange_orMissingFields_isRefused() {
    Api.User publisher = Api.signUp("Time Traveller", "publisher");
    Map<String, Object> ancient = Api.titleBody("Ancient");
    ancient.put("releaseDate", "1066-10-14");

    publisher.request().body(ancient).post("/api/titles").then().statusCode(400).body("errors[0].field", equalTo("releaseDate"));
    publisher.request().body(Map.of("name", "Only a name")).post("/api/titles")
        .then()
        .statusCode(400)
        .body("errors.field", hasItem("kind"))
        .body("errors.field", hasItem("price"))
        .body("errors.field", hasItem("sizeBytes"));
    assertThat(titleCountOf(publisher)).isZero();
  }

  private static int titleCountOf(Api.User publisher) {
    return given().queryParam("publisher", publisher.id()).get("/api/titles").then().statusCode(200).extract().path("totalItems");
  }
}
