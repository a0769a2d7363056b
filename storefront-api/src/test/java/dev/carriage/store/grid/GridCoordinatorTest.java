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
  @Inject jakarta.persistence.EntityManager entityManager;

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

  /** A carrier node, handed the title to fetch as a cache fill would hand it. */
  private Node enrol(User owner) throws Exception {
    Node node = enrolOnly(owner);
    admins.handedToFetch(java.util.UUID.fromString(node.id()), java.util.UUID.fromString(titleId));
    return node;
  }

  private Node enrolOnly(User owner) throws Exception {
    KeyPair keys = ed25519();
    String id = owner.request().body(Map.of("publicKey", encoded(keys), "name", "node", "region", "eu-north", "origin", false))
        .post("/api/nodes").then().statusCode(201).extract().path("nodeId");
    return new Node(keys, id);
  }

  private io.restassured.response.Response heartbeatClaiming(Node node, String host, long claimedRate, List<Map<String, Object>> holdings) {
    return given().contentType("application/json").header(NodeTokens.HEADER, node.token(clock.instant()))
        .body(Map.of("host", host, "port", 7000, "serving", true, "activeConnections", 0,
            "uploadBytesPerSecond", claimedRate, "bytesServed", 0, "holdings", holdings))
        .post("/api/nodes/heartbeat");
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

  /**
   * A session's sources, asked again while it downloads: a node that began serving the title since
   * the list was made (another downloader seeding as it goes, holding nothing yet) is in it; only
   * the session's buyer may ask, and only until its ticket expires.
   */
  @Test
  void aSessionsSourcesAskedAgain_includeANodeServingSince_andOnlyItsBuyerMayAsk() throws Exception {
    User buyer = Api.signUp("Refreshing buyer");
    Api.buy(buyer, titleId);
    Node holder = enrol(carrier);
    heartbeat(holder, true, 0, true).then().statusCode(200);
    io.restassured.path.json.JsonPath session = buyer.request().body(Map.of("titleId", titleId, "clientKey", Api.clientKey()))
        .post("/api/downloads").then().statusCode(201).extract().jsonPath();
    Node seeding = enrol(Api.signUp("Seeding downloader", "carrier"));
    assertThat(session.getList("sources.nodeId", String.class)).contains(holder.id()).doesNotContain(seeding.id());

    heartbeatClaiming(seeding, "127.0.0.1", 0, List.of(Map.of("titleId", titleId, "piecesHeld", 0, "complete", false)))
        .then().statusCode(200).body("holdingsRefused", org.hamcrest.Matchers.empty());
    String path = "/api/downloads/" + session.getString("sessionId") + "/sources";
    List<String> now = buyer.request().get(path).then().statusCode(200).extract().jsonPath().getList("nodeId", String.class);
    assertThat(now).contains(holder.id(), seeding.id());

    Api.signUp("Someone else").request().get(path).then().statusCode(404);
    buyer.request().get("/api/downloads/" + java.util.UUID.randomUUID() + "/sources").then().statusCode(404);
    buyer.request().get("/api/downloads/not-a-session/sources").then().statusCode(404);
    clock.advance(Duration.between(clock.instant(), Instant.parse(session.getString("ticketExpiresAt"))).plusSeconds(1));
    buyer.request().get(path).then().statusCode(409).body("detail", org.hamcrest.Matchers.containsString("expired"));
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

  /**
   * A node's player address is kept only in its one shape, the loopback address with a port and
   * a token, since the owner's library page points a media element at it; anything else is a 400
   * naming the field, and the node keeps what it had.
   */
  @Test
  void heartbeat_keepsOnlyALoopbackPlayerAddress() throws Exception {
    Node node = enrol(carrier);
    String good = "http://127.0.0.1:41234/abcdefghijklmnopqrstuvwx/";
    for (String bad : List.of("http://evil.example/abcdefghijklmnopqrstuvwx/", "http://127.0.0.1:41234/short/",
        "javascript:alert(1)//127.0.0.1:1/abcdefghijklmnopqrstuvwx/", "http://127.0.0.1:41234/abcdefghijklmnopqrstuvwx/\"><script>",
        "https://127.0.0.1:41234/abcdefghijklmnopqrstuvwx/", "http://127.0.0.1:0/abcdefghijklmnopqrstuvwx/",
        "http://127.0.0.1.evil.example:80/abcdefghijklmnopqrstuvwx/")) {
      playerBeat(node, bad).then().statusCode(400).body("errors[0].field", equalTo("player"));
    }
    playerBeat(node, good).then().statusCode(200);

    java.util.Optional<String> kept = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew()
        .call(() -> entityManager.find(GridNode.class, java.util.UUID.fromString(node.id())).playerUrl());
    assertThat(kept).hasValue(good);
  }

  private io.restassured.response.Response playerBeat(Node node, String player) {
    Map<String, Object> body = new java.util.HashMap<>(Map.of("host", "127.0.0.1", "port", 7000, "serving", true, "activeConnections", 0,
        "uploadBytesPerSecond", 0, "bytesServed", 0, "holdings", List.of()));
    body.put("player", player);
    return given().contentType("application/json").header(NodeTokens.HEADER, node.token(clock.instant())).body(body)
        .post("/api/nodes/heartbeat");
  }

  @Test
  void heartbeat_needsTheNodesOwnSignature() throws Exception {
    Node node = enrol(carrier);
    heartbeat(node, true, 0, true).then().statusCode(200).body("holdingsRefused", org.hamcrest.Matchers.empty());
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
    heartbeat(honest, true, 0, false).then().statusCode(200).body("holdingsRefused", org.hamcrest.Matchers.empty());
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

  /**
   * The sybil flood: ten nodes of one account, each claiming 1 TB/s and holding the title (they
   * bought it and fetched it, through the API), against three honest carriers of three accounts.
   * Every list keeps the honest carriers, gives the sybil account at most its two places, and
   * ends with the origin.
   */
  @Test
  void tenSybilsOfOneAccount_claimingOneTerabytePerSecond_takeAtMostTheirShareOfEveryPeerList() throws Exception {
    User admin = Api.signUp("Sybil test operator");
    admins.grant(admin.id());
    Node origin = new Node(ed25519(), null);
    String originId = admin.signInAgain().request()
        .body(Map.of("publicKey", encoded(origin.keys()), "name", "origin", "region", "eu-north", "origin", true))
        .post("/api/nodes").then().statusCode(201).extract().path("nodeId");
    origin = new Node(origin.keys(), originId);
    heartbeatClaiming(origin, "127.0.0.1", 0, List.of(Map.of("titleId", titleId, "piecesHeld", 1, "complete", true)))
        .then().statusCode(200);
    List<String> honest = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Node node = enrol(Api.signUp("Honest carrier " + i, "carrier"));
      heartbeatClaiming(node, "127.0.0.1", 1_000_000, List.of(Map.of("titleId", titleId, "piecesHeld", 1, "complete", true)))
          .then().statusCode(200).body("holdingsRefused", org.hamcrest.Matchers.empty());
      honest.add(node.id());
    }
    User sybil = Api.signUp("Sybil", "carrier");
    Api.buy(sybil, titleId);
    Set<String> sybils = new HashSet<>();
    for (int i = 0; i < 10; i++) {
      Node node = enrolOnly(sybil);
      sourcesFor(sybil, node.id()); // fetching it for the node: what lets the node claim the title
      heartbeatClaiming(node, "127.0.0.1", 1_000_000_000_000L, List.of(Map.of("titleId", titleId, "piecesHeld", 1, "complete", true)))
          .then().statusCode(200).body("holdingsRefused", org.hamcrest.Matchers.empty());
      sybils.add(node.id());
    }
    User buyer = Api.signUp("Buyer among sybils");
    Api.buy(buyer, titleId);

    for (int i = 0; i < 20; i++) {
      List<String> sources = sourcesFor(buyer, null);
      assertThat(sources).containsAll(honest);
      assertThat(sources.stream().filter(sybils::contains).count()).as("sybil places").isLessThanOrEqualTo(2);
      assertThat(sources.get(sources.size() - 1)).isEqualTo(originId);
    }
  }

  @Test
  void heartbeatClaims_areCheckedAgainstWhatTheStoreKnows() throws Exception {
    Node node = enrol(carrier);
    heartbeatClaiming(node, "203.0.113.7", 0, List.of()).then().statusCode(400)
        .body("errors[0].field", equalTo("host"))
        .body("errors[0].message", org.hamcrest.Matchers.containsString("127.0.0.1"));
    String unpublished = Api.titleOnSale(publisher, 999, null);
    String neverHanded = Api.titleOnSale(publisher, 999, null);
    Api.publishContent(publisher, neverHanded);
    heartbeatClaiming(node, "localhost", 0, List.of(
            Map.of("titleId", titleId, "piecesHeld", 5, "complete", true),
            Map.of("titleId", java.util.UUID.randomUUID().toString(), "piecesHeld", 1, "complete", true),
            Map.of("titleId", unpublished, "piecesHeld", 1, "complete", true),
            Map.of("titleId", neverHanded, "piecesHeld", 1, "complete", true)))
        .then().statusCode(200)
        .body("holdingsRefused.titleId", org.hamcrest.Matchers.hasSize(4))
        .body("holdingsRefused[0].reason", org.hamcrest.Matchers.containsString("5 pieces held of a title that has 1"))
        .body("holdingsRefused[1].reason", org.hamcrest.Matchers.containsString("has no content"))
        .body("holdingsRefused[3].reason", org.hamcrest.Matchers.containsString("never gave this node"));
    User buyer = Api.signUp("Buyer of claims");
    Api.buy(buyer, titleId);
    assertThat(sourcesFor(buyer, null)).doesNotContain(node.id());
    heartbeatClaiming(node, "127.0.0.1", 0, List.of(Map.of("titleId", titleId, "piecesHeld", 1, "complete", false)))
        .then().statusCode(200).body("holdingsRefused[0].reason", org.hamcrest.Matchers.containsString("complete must mean all"));
    heartbeatClaiming(node, "127.0.0.1", 0, List.of(Map.of("titleId", titleId, "piecesHeld", 1, "complete", true)))
        .then().statusCode(200).body("holdingsRefused", org.hamcrest.Matchers.empty());
    assertThat(sourcesFor(buyer, null)).contains(node.id());
  }

  @Test
  void peerList_holdsOnlyHealthyServingHolders_neverTheAsker_andSpreadsLoad() throws Exception {
    Node a = enrol(carrier);
    // Three owners: one account takes at most two places in a list.
    Node b = enrol(Api.signUp("Carrier B", "carrier"));
    Node c = enrol(Api.signUp("Carrier C", "carrier"));
    Node paused = enrol(carrier);
    Node stale = enrol(carrier);
    Node empty = enrol(carrier);
    heartbeat(stale, true, 0, true).then().statusCode(200).body("holdingsRefused", org.hamcrest.Matchers.empty());
    clock.advance(Duration.ofSeconds(31));
    for (Node node : List.of(a, b, c)) {
      heartbeat(node, true, 0, true).then().statusCode(200).body("holdingsRefused", org.hamcrest.Matchers.empty());
    }
    heartbeat(paused, false, 0, true).then().statusCode(200).body("holdingsRefused", org.hamcrest.Matchers.empty());
    heartbeat(empty, true, 0, false).then().statusCode(200).body("holdingsRefused", org.hamcrest.Matchers.empty());
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
