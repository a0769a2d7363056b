package dev.carriage.store.problem;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.carriage.store.support.Api;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Whatever a client sends, the answer is a 4xx problem that changes nothing, never a 500. */
@QuarkusTest
class HostileInputTest {

  private static final int MUTATIONS = 300;

  @TestHTTPResource("/api/titles")
  URL titles;

  @Test
  void malformedJson_isA400Problem() {
    Api.User publisher = Api.signUp("Malformed", "publisher");

    publisher.request().body("{\"kind\": ").post("/api/titles")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("type", equalTo("/problems/malformed-request"))
        .body("errors[0].field", equalTo("body"));
    publisher.request().body("[]").post("/api/titles").then().statusCode(400);
    publisher.request().body("{} {}").post("/api/titles").then().statusCode(400);
  }

  @Test
  void aFractionalAmountOrCount_isRefused_neverRoundedDown() {
    Api.User publisher = Api.signUp("Fractions", "publisher");
    String name = "Fractional " + java.util.UUID.randomUUID();
    Map<String, Object> body = Api.titleBody(name);
    body.put("price", Map.of("amountMinor", 1.5, "currency", "EUR"));

    publisher.request().body(body).post("/api/titles").then().statusCode(400)
        .body("errors[0].field", equalTo("price.amountMinor"));
    body.put("price", Map.of("amountMinor", 150, "currency", "EUR"));
    body.put("demo", Map.of("policy", "trial", "days", 2.5));
    publisher.request().body(body).post("/api/titles").then().statusCode(400).body("errors[0].field", equalTo("demo.days"));
    given().queryParam("q", name).get("/api/titles").then().statusCode(200).body("items", org.hamcrest.Matchers.empty());
  }

  @Test
  void bidirectionalOverrides_areRefusedInNames() {
    Api.User publisher = Api.signUp("Bidi", "publisher");
    for (String sneaky : List.of("Free \u202Egnp.exe", "Game \u2066hidden\u2069", "Left\u200Fright")) {
      Map<String, Object> body = Api.titleBody(sneaky);
      publisher.request().body(body).post("/api/titles").then().statusCode(400).body("errors[0].field", equalTo("name"));
    }
    given().contentType(ContentType.JSON)
        .body(Map.of("email", Api.uniqueEmail("bidi"), "password", Api.PASSWORD, "displayName", "Admin\u202E", "roles", List.of()))
        .post("/api/auth/register").then().statusCode(400).body("errors[0].field", equalTo("displayName"));
  }

  @Test
  void duplicateOrUnknownFields_areRefused() {
    Api.User publisher = Api.signUp("Duplicates", "publisher");

    publisher.request().body("{\"name\": \"a\", \"name\": \"b\"}").post("/api/titles").then().statusCode(400);
    Map<String, Object> typo = Api.titleBody("Typo");
    typo.put("prise", 5);
    publisher.request().body(typo).post("/api/titles")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("prise"))
        .body("errors[0].message", equalTo("is not a known field"));
  }

  @Test
  void wrongTypes_nameTheField() {
    Api.User publisher = Api.signUp("Types", "publisher");
    Map<String, Object> body = Api.titleBody("Types");
    body.put("price", Map.of("amountMinor", "lots", "currency", "EUR"));

    publisher.request().body(body).post("/api/titles")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("price.amountMinor"))
        .body("errors[0].message", equalTo("must be a whole number"));
  }

  @Test
  void wrongContentType_unknownPath_wrongMethod_areProblems() {
    given().contentType(ContentType.TEXT).body("hello").post("/api/auth/login")
        .then().statusCode(415).contentType("application/problem+json");
    given().get("/api/no-such-thing").then().statusCode(404).contentType("application/problem+json");
    given().delete("/api/titles").then().statusCode(405).contentType("application/problem+json");
  }

  /**
   * The store reads the declared length and refuses before taking the body, so the test sends
   * only the headers over a plain socket and reads the answer.
   */
  @Test
  void oversizeBody_isRefusedBeforeItIsRead() throws Exception {
    Api.User publisher = Api.signUp("Huge", "publisher");
    try (Socket socket = new Socket(titles.getHost(), titles.getPort())) {
      socket.setSoTimeout(10_000);
      String request =
          "POST /api/titles HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
              + "Authorization: Bearer " + publisher.token() + "\r\nContent-Length: " + (2 * 1024 * 1024) + "\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      BufferedReader response = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      String statusLine = response.readLine();
      List<String> headers = new ArrayList<>();
      for (String line = response.readLine(); line != null && !line.isEmpty(); line = response.readLine()) {
        headers.add(line.toLowerCase(Locale.ROOT));
      }
      int length = headers.stream().filter(h -> h.startsWith("content-length:"))
          .mapToInt(h -> Integer.parseInt(h.substring("content-length:".length()).strip())).findFirst().orElseThrow();
      char[] bodyChars = new char[length];
      int read = 0;
      while (read < length) {
        read += response.read(bodyChars, read, length - read);
      }
      String body = new String(bodyChars);

      assertThat(statusLine).startsWith("HTTP/1.1 413");
      assertThat(headers).contains("content-type: application/problem+json");
      assertThat(body).contains("\"type\":\"/problems/payload-too-large\"").contains("expected: <= 1048576");
    }
  }

  /**
   * Mutates a valid title body at random: fields dropped, retyped, replaced with huge, negative,
   * nested or hostile values. Every answer must be a 201 or a 4xx problem body.
   */
  @Test
  void randomlyMutatedBodies_neverCauseA500() throws Exception {
    Api.User publisher = Api.signUp("Fuzzer", "publisher");
    ObjectMapper json = new ObjectMapper();
    Random random = new Random(20261123);
    Object[] hostileValues = {
      null, -1, 0, Long.MAX_VALUE, Long.MIN_VALUE, 1e308, "", " ", "x".repeat(10_000), "<script>alert(1)</script>",
      "'; drop table title; --", "\u0000", "2025-02-30", "9999999999-01-01", true, Map.of(), Map.of("a", Map.of("b", 1)),
      List.of(), List.of(1, 2), List.of("x".repeat(40)), "game", "EUR", "XXX", "trial"
    };
    String[] fields = {"kind", "name", "description", "price", "sizeBytes", "releaseDate", "tags", "demo", "extra"};
    int created = 0;
    for (int i = 0; i < MUTATIONS; i++) {
      Map<String, Object> body = Api.titleBody("Fuzz " + i);
      int edits = 1 + random.nextInt(3);
      for (int e = 0; e < edits; e++) {
        String field = fields[random.nextInt(fields.length)];
        if (random.nextInt(5) == 0) {
          body.remove(field);
        } else {
          body.put(field, hostileValues[random.nextInt(hostileValues.length)]);
        }
      }
      String text = json.writeValueAsString(body);
      if (random.nextInt(4) == 0) {
        text = text.substring(0, random.nextInt(text.length()));
      }
      Response response = publisher.request().body(text).post("/api/titles");
      int status = response.statusCode();
      assertThat(status).as("body %s", text).isIn(201, 400);
      if (status == 201) {
        created++;
      } else {
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.jsonPath().getString("detail")).isNotBlank();
      }
    }
    int listed = given().queryParam("publisher", publisher.id()).queryParam("pageSize", 100)
        .get("/api/titles").then().extract().path("totalItems");
    assertThat(listed).isEqualTo(created);
  }

  @Test
  void problemBodies_echoNothingExecutable() {
    given().get("/api/titles/<script>alert(1)</script>")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("type", equalTo("/problems/not-found"));
    given().queryParam("kind", "<img src=x>").get("/api/titles")
        .then()
        .statusCode(400)
        .body("errors.field", hasItem("kind"));
  }
}
