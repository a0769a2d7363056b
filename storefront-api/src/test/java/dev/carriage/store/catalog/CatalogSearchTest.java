package dev.carriage.store.catalog;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

import dev.carriage.store.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Searches a publisher's own small catalog, so other tests' titles never interfere. */
@QuarkusTest
class CatalogSearchTest {

  private static Api.User publisher;

  @BeforeEach
  void seedOnce() {
    if (publisher != null) {
      return;
    }
    publisher = Api.signUp("Search Seeds", "publisher");
    add("Alpha Centauri Racer", "game", 1500, "2024-03-01", List.of("racing", "sci-fi"), "Fast ships.");
    add("beta Blues", "music", 900, "2023-01-01", List.of("blues"), "Slow songs.");
    add("Gamma Ray Odyssey", "game", 2500, "2025-07-07", List.of("sci-fi", "rpg"), "An odyssey in space.");
    add("Delta Docs", "video", 700, "2022-02-02", List.of("documentary"), "River deltas, 100% real.");
    add("Epsilon Quest", "game", 1500, "2024-03-01", List.of("rpg"), "A quest.");
    add("Zeta Zone", "game", 3000, "2026-01-01", List.of("racing"), "Zoom.");
    add("Eta Echoes", "music", 1100, "2021-05-05", List.of("ambient"), "Echoing sci-fi synths.");
  }

  private static void add(String name, String kind, long price, String date, List<String> tags, String description) {
    Map<String, Object> body = Api.titleBody(name);
    body.put("kind", kind);
    body.put("price", Map.of("amountMinor", price, "currency", "EUR"));
    body.put("releaseDate", date);
    body.put("tags", tags);
    body.put("description", description);
    Api.createTitle(publisher, body);
  }

  private static RequestSpecification ours() {
    return given().queryParam("publisher", publisher.id());
  }

  @Test
  void noFilters_listsAllByNameCaseInsensitively() {
    ours().get("/api/titles")
        .then()
        .statusCode(200)
        .body("totalItems", equalTo(7))
        .body("totalPages", equalTo(1))
        .body("items.name", equalTo(List.of(
            "Alpha Centauri Racer", "beta Blues", "Delta Docs", "Epsilon Quest", "Eta Echoes", "Gamma Ray Odyssey", "Zeta Zone")));
  }

  @Test
  void text_matchesNameOrDescription_caseInsensitively() {
    ours().queryParam("q", "ODYSSEY").get("/api/titles").then().body("items.name", equalTo(List.of("Gamma Ray Odyssey")));
    ours().queryParam("q", "sci-fi").get("/api/titles").then().body("items.name", equalTo(List.of("Eta Echoes")));
  }

  @Test
  void text_wildcardsAreLiteral() {
    ours().queryParam("q", "100%").get("/api/titles").then().body("items.name", equalTo(List.of("Delta Docs")));
    ours().queryParam("q", "%").get("/api/titles").then().body("items.name", equalTo(List.of("Delta Docs")));
    ours().queryParam("q", "_").get("/api/titles").then().body("totalItems", equalTo(0));
  }

  @Test
  void kindAndTags_filterTogether() {
    ours().queryParam("kind", "game").queryParam("tag", "sci-fi").get("/api/titles")
        .then()
        .body("items.name", containsInAnyOrder("Alpha Centauri Racer", "Gamma Ray Odyssey"));
    ours().queryParam("tag", "rpg").queryParam("tag", "SCI-FI").get("/api/titles")
        .then()
        .body("items.name", equalTo(List.of("Gamma Ray Odyssey")));
    ours().queryParam("kind", "music").get("/api/titles").then().body("totalItems", equalTo(2));
  }

  @Test
  void sortByPrice_tiesBrokenStably() {
    List<String> ascending = ours().queryParam("sort", "price").get("/api/titles").then().extract().path("items.name");
    List<Integer> prices = ours().queryParam("sort", "price").get("/api/titles").then().extract().path("items.price.amountMinor");

    assertThat(prices).isSorted().containsExactly(700, 900, 1100, 1500, 1500, 2500, 3000);
    assertThat(ours().queryParam("sort", "price").get("/api/titles").then().extract().<List<String>>path("items.name"))
        .isEqualTo(ascending);
    ours().queryParam("sort", "-price").get("/api/titles").then().body("items[0].name", equalTo("Zeta Zone"));
    ours().queryParam("sort", "-releaseDate").get("/api/titles").then().body("items[0].name", equalTo("Zeta Zone"));
  }

  @Test
  void paging_visitsEveryTitleExactlyOnce_inAStableOrder() {
    for (String sort : List.of("name", "-name", "price", "-price", "releaseDate", "-releaseDate")) {
      List<String> all = ours().queryParam("sort", sort).get("/api/titles").then().extract().path("items.id");
      List<String> paged = new ArrayList<>();
      for (int page = 1; page <= 3; page++) {
        paged.addAll(ours().queryParam("sort", sort).queryParam("page", page).queryParam("pageSize", 3)
            .get("/api/titles")
            .then()
            .statusCode(200)
            .body("totalPages", equalTo(3))
            .body("totalItems", equalTo(7))
            .extract().<List<String>>path("items.id"));
      }
      assertThat(paged).as("sort %s", sort).hasSize(7).doesNotHaveDuplicates().isEqualTo(all);
    }
  }

  @Test
  void pageBeyondTheLast_isEmptyNotAnError() {
    ours().queryParam("page", 9).get("/api/titles").then().statusCode(200).body("items", equalTo(List.of())).body("totalItems", equalTo(7));
  }

  @Test
  void badParameters_areNamedInOneProblem() {
    given().queryParam("page", "0").queryParam("pageSize", "1000").queryParam("kind", "podcast")
        .queryParam("sort", "popularity").queryParam("publisher", "me").queryParam("q", "x".repeat(101))
        .get("/api/titles")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.field", containsInAnyOrder("page", "pageSize", "kind", "sort", "publisher", "q"));
    given().queryParam("tag", "<b>").get("/api/titles").then().statusCode(400).body("errors[0].field", equalTo("tag"));
    given().queryParam("page", "two").get("/api/titles").then().statusCode(400).body("errors[0].field", equalTo("page"));
  }
}
