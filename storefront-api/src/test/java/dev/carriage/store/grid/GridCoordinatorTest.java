package dev.carriage.store.grid;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.carriage.store.support.Admins;
import dev.carriage.store.support.Api;
import dev.carriage.store.support.Api.User;
import dev.carriage.store.support.TestClock;
import io.jsonwebtoken.Jwts;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The coordinator over HTTP, with nodes played by the test: enrolment, node tokens, peer lists, publishing. */
@QuarkusTest
class GridCoordinatorTest {

  @Inject TestClock clock;
  @Inject Admins admins;

  private User carrier;
  private User publisher;
  private String titleId;

  /** A node as the test plays it: its key and the id the store gave it. */
  private record Node(KeyPair keys, String id) {
    String token(Instant now) {
      return tokenNaming(id, now);
    }

    /** Signed with this node's key and naming it as {@code kid}, but claiming to be {@code subject}. */
    String tokenNaming(String subject, Instant now) {
      return Jwts.builder()
          .header().keyId(id).and()
          .subject(subject)
          .audience().add(NodeTokens.AUDIENCE).and()
          .issuedAt(Date.from(now))
          .expiration(Date.from(now.plus(Duration.ofMinutes(5))))
          .signWith(keys.getPrivate(), Jwts.SIG.EdDSA)
          .compact();
    }
  }

  @BeforeEach
  void setUp() {
    carrier = Api.signUp("Carrier", "carrier");
    publisher = Api.signUp("Publisher", "publisher");
    titleId = Api.titleOnSale(publisher, 999, null);
    Api.publishContent(publisher, titleId);
  }

  @AfterEach
  void resetClock() {
    clock.reset();
  }

  private static KeyPair ed25519() throws Exception {
    return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
  }

  private static String encoded(KeyPair keys) {
    return Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
  }

  private Node enrol(User owner) throws Exception {
    KeyPair keys = ed25519();
    String id = owner.request().body(Map.of("publicKey", encoded(keys), "name", "node", "region", "eu-north", "origin", false))
        .post("/api/nodes").then().statusCode(201).extract().path("nodeId");
    return new Node(keys, id);
  }

  private io.restassured.response.Response heartbeat(Node node, boolean serving, int connections, boolean holds) {
    List<Map<String, Object>> holdings = holds ? List.of(Map.of("titleId", titleId, "piecesHeld", 1, "complete", true)) : List.of();
    return given().contentType("application/json").header(NodeTokens.HEADER, node.token(clock.instant()))
        .body(Map.of("host", "127.0.0.1", "port", 7000, "serving", serving, "activeConnections", connections,
            "uploadBytesPerSecond", 5_000_000, "bytesServed", 0, "holdings", holdings))
        .post("/api/nodes/heartbeat");
  }

  private List<String> sourcesFor(User buyer, String nodeId) {
    Map<String, Object> body = nodeId == null
        ? Map.of("titleId", titleId, "clientKey", Api.clientKey())
        : Map.of("titleId", titleId, "clientKey", Api.clientKey(), "nodeId", nodeId);
    return buyer.request().body(body).post("/api/downloads").then().statusCode(201).extract().jsonPath().getList("sources.nodeId");
  }

  @Test
  void enrolment_refusesBadKeys_keepsOriginsForAdmins_andIsIdempotentPerKey() throws Exception {
    carrier.request().body(Map.of("publicKey", "bm90IGEga2V5", "name", "n", "region", "eu", "origin", false)).post("/api/nodes")
        .then().statusCode(400).body("errors[0].field", equalTo("publicKey"));
    KeyPair keys = ed25519();
    carrier.request().body(Map.of("publicKey", encoded(keys), "name", "n", "region", "eu", "origin", true)).post("/api/nodes")
        .then().statusCode(403);
    String first = carrier.request().body(Map.of("publicKey", encoded(keys), "name", "n", "region", "eu", "origin", false))
        .post("/api/nodes").then().statusCode(201).extract().path("nodeId");
    carrier.request().body(Map.of("publicKey", encoded(keys), "name", "n", "region", "eu", "origin", false)).post("/api/nodes")
        .then().statusCode(201).body("nodeId", equalTo(first));
    Api.signUp("Other carrier", "carrier").request()
        .body(Map.of("publicKey", encoded(keys), "name", "n", "region", "eu", "origin", false)).post("/api/nodes")
        .then().statusCode(409);
    Api.signUp("Just a buyer").request()
        .body(Map.of("publicKey", encoded(ed25519()), "name", "n", "region", "eu", "origin", false)).post("/api/nodes")
        .then().statusCode(403);
  }

  @Test
  void heartbeat_needsTheNodesOwnSignature() throws Exception {
    Node node = enrol(carrier);
    heartbeat(node, true, 0, true).then().statusCode(204);
    given().contentType("application/json").body(Map.of()).post("/api/nodes/heartbeat").then().statusCode(401);
    Node impostor = new Node(ed25519(), node.id());
    heartbeat(impostor, true, 0, true).then().statusCode(401);
    given().contentType("application/json").header(NodeTokens.HEADER, "not.a.token")
        .body(Map.of("host", "h", "port", 1, "serving", true, "activeConnections", 0, "uploadBytesPerSecond", 0, "bytesServed", 0,
            "holdings", List.of()))
        .post("/api/nodes/heartbeat").then().statusCode(401);
    given().contentType("application/json").header(NodeTokens.HEADER, node.token(clock.instant()))
        .body(Map.of("host", "bad host!", "port", 0, "serving", true, "activeConnections", -1, "uploadBytesPerSecond", 0,
            "bytesServed", 0, "holdings", List.of()))
        .post("/api/nodes/heartbeat").then().statusCode(400);
    given().contentType("application/json").header(NodeTokens.HEADER, node.token(clock.instant())).body("{\"host\": ")
        .post("/api/nodes/heartbeat").then().statusCode(400).body("type", equalTo("/problems/malformed-request"));
    given().contentType("application/json").header(NodeTokens.HEADER, node.token(clock.instant())).body("{\"surprise\": 1}")
        .post("/api/nodes/heartbeat").then().statusCode(400);
  }

  @Test
  void aNodeTokenNamesExactlyOneNode_anotherSubjectThanItsKeyIsRefused() throws Exception {
    Node honest = enrol(carrier);
    Node hostile = enrol(Api.signUp("Hostile carrier", "carrier"));
    heartbeat(honest, true, 0, false).then().statusCode(204);
    String asHonest = hostile.tokenNaming(honest.id(), clock.instant());
    given().contentType("application/json").header(NodeTokens.HEADER, asHonest)
        .body(Map.of("host", "127.0.0.1", "port", 7000, "serving", false, "activeConnections", 0, "uploadBytesPerSecond", 0,
            "bytesServed", 0, "holdings", List.of()))
        .post("/api/nodes/heartbeat").then().statusCode(401);
    given().contentType("application/json").header(NodeTokens.HEADER, asHonest).body(Map.of("skip", List.of()))
        .post("/api/nodes/fills").then().statusCode(401);
    User admin = Api.signUp("Operator");
    admins.grant(admin.id());
    String origin = admin.signInAgain().request()
        .body(Map.of("publicKey", encoded(ed25519()), "name", "origin", "region", "eu-north", "origin", true))
        .post("/api/nodes").then().statusCode(201).extract().path("nodeId");
    given().contentType("application/json").header(NodeTokens.HEADER, hostile.tokenNaming(origin, clock.instant()))
        .body(Map.of("host", "127.0.0.1", "port", 7000, "serving", false, "activeConnections", 0, "uploadBytesPerSecond", 0,
            "bytesServed", 0, "holdings", List.of()))
        .post("/api/nodes/heartbeat").then().statusCode(401);
  }

  @Test
  void peerList_holdsOnlyHealthyServingHolders_neverTheAsker_andSpreadsLoad() throws Exception {
    Node a = enrol(carrier);
    Node b = enrol(carrier);
    Node c = enrol(carrier);
    Node paused = enrol(carrier);
    Node stale = enrol(carrier);
    Node empty = enrol(carrier);
    heartbeat(stale, true, 0, true).then().statusCode(204);
    clock.advance(Duration.ofSeconds(31));
    for (Node node : List.of(a, b, c)) {
      heartbeat(node, true, 0, true).then().statusCode(204);
    }
    heartbeat(paused, false, 0, true).then().statusCode(204);
    heartbeat(empty, true, 0, false).then().statusCode(204);
    User buyer = Api.signUp("Buyer").signInAgain();
    Api.buy(buyer, titleId);

    Set<String> firstChoices = new HashSet<>();
    for (int i = 0; i < 30; i++) {
      List<String> sources = sourcesFor(buyer, null);
      assertThat(sources).containsExactlyInAnyOrder(a.id(), b.id(), c.id());
      firstChoices.add(sources.get(0));
    }
    assertThat(firstChoices).as("the first carrier varies, so one carrier is not handed every client").hasSizeGreaterThan(1);
    Api.buy(carrier, titleId);
    assertThat(sourcesFor(carrier.signInAgain(), a.id())).containsExactlyInAnyOrder(b.id(), c.id());
  }

  @Test
  void aDownloadMayNameOnlyTheCallersOwnNode() throws Exception {
    Node others = enrol(carrier);
    User buyer = Api.signUp("Buyer naming nodes", "carrier");
    Api.buy(buyer, titleId);
    for (String nodeId : List.of(others.id(), java.util.UUID.randomUUID().toString())) {
      buyer.request().body(Map.of("titleId", titleId, "clientKey", Api.clientKey(), "nodeId", nodeId)).post("/api/downloads")
          .then().statusCode(400).body("errors[0].field", equalTo("nodeId"));
    }
    Node own = enrol(buyer);
    assertThat(sourcesFor(buyer, own.id())).doesNotContain(own.id());
  }

  @Test
  void publishing_refusesBadManifestsAndOtherPublishersTitles() {
    String otherTitle = Api.titleOnSale(publisher, 999, null);
    publisher.request().body(Map.of("manifest", "AAAA", "contentKey", Base64.getEncoder().encodeToString(new byte[32])))
        .post("/api/grid/titles/" + titleId + "/content").then().statusCode(400).body("errors[0].field", equalTo("manifest"));
    publisher.request().body(Map.of("manifest", "%%%", "contentKey", Base64.getEncoder().encodeToString(new byte[32])))
        .post("/api/grid/titles/" + titleId + "/content").then().statusCode(400).body("errors[0].field", equalTo("manifest"));
    String manifestOfTitle = given().get("/api/grid/titles/" + titleId + "/manifest").then().statusCode(200).extract().asByteArray().length > 0
        ? "present" : "missing";
    assertThat(manifestOfTitle).isEqualTo("present");
    Api.signUp("Another publisher", "publisher").request()
        .body(Map.of("manifest", "AAAA", "contentKey", Base64.getEncoder().encodeToString(new byte[32])))
        .post("/api/grid/titles/" + otherTitle + "/content").then().statusCode(403);
    given().get("/api/grid/titles/" + otherTitle + "/manifest").then().statusCode(404);
  }

  @Test
  void downloads_needAClientKey_andPublishedContent() {
    User buyer = Api.signUp("Buyer");
    String withoutContent = Api.titleOnSale(publisher, 999, null);
    Api.buy(buyer, titleId);
    Api.buy(buyer, withoutContent);
    buyer.request().body(Map.of("titleId", titleId)).post("/api/downloads").then().statusCode(400)
        .body("errors[0].field", equalTo("clientKey"));
    buyer.request().body(Map.of("titleId", titleId, "clientKey", "bm9wZQ==")).post("/api/downloads").then().statusCode(400)
        .body("errors[0].field", equalTo("clientKey"));
    Api.download(buyer, withoutContent).then().statusCode(409).body("type", equalTo("/problems/no-content"));
  }
}
