package dev.carriage.store.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.carriage.node.NodeDaemon;
import dev.carriage.node.store.StoreApiException;
import dev.carriage.store.support.Admins;
import dev.carriage.store.support.Api;
import dev.carriage.store.support.Api.User;
import dev.carriage.store.support.GridLab;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Send to my node: the buyer's own node picks the title up at its heartbeat, downloads it over the
 * grid for its owner, reports progress, and holds the title afterwards; no one else can send to it,
 * and what a node reports is checked.
 */
@QuarkusTest
class SendToNodeTest {

  private static final int MEDIA_BYTES = 6 * 64 * 1024 + 123;

  @TestHTTPResource("/") URL storeUrl;
  @Inject Admins admins;

  private GridLab lab;
  private UUID titleId;
  private Path media;

  @BeforeEach
  void aTitleOnTheGrid() throws Exception {
    lab = GridLab.start(URI.create(storeUrl.toString()), admins, 0);
    User publisher = Api.signUp("Send publisher", "publisher");
    titleId = UUID.fromString(Api.titleOnSale(publisher, 1500, null));
    media = GridLab.randomMedia(lab.newDirectory("media"), MEDIA_BYTES, 31);
    lab.publish(publisher, titleId, media, 64 * 1024);
  }

  @AfterEach
  void stop() throws Exception {
    lab.close();
  }

  @Test
  void theBuyersOwnNode_fetchesTheTitleAtItsHeartbeat_reportsProgress_andHoldsItAfterwards() throws Exception {
    User buyer = Api.signUp("Send buyer", "carrier");
    Api.buy(buyer, titleId.toString());
    NodeDaemon node = lab.startClientNode(buyer, 0);
    CompletableFuture<UUID> sent = new CompletableFuture<>();
    node.onSent(sent::complete);

    JsonPath asked = buyer.request().body(Map.of("titleId", titleId.toString(), "nodeId", node.nodeId().toString()))
        .post("/api/library/sends").then().statusCode(201).extract().jsonPath();
    assertThat(asked.getString("state")).isEqualTo("requested");
    node.announce();

    assertThat(sent.get(60, TimeUnit.SECONDS).toString()).isEqualTo(asked.getString("id"));
    JsonPath done = buyer.request().get("/api/library/sends").then().statusCode(200).extract().jsonPath();
    assertThat(done.getString("[0].state")).isEqualTo("done");
    assertThat(done.getLong("[0].bytesDone")).isEqualTo(done.getLong("[0].bytesTotal")).isEqualTo(MEDIA_BYTES);
    Path fetched = node.settings().dataDirectory().resolve("downloads").resolve(titleId + ".bin");
    assertThat(Files.mismatch(fetched, media)).isEqualTo(-1);
    assertThat(node.store().get(titleId).orElseThrow().complete()).as("the node serves what it fetched").isTrue();

    // Finished is final: the node cannot walk it back or claim more than the title.
    Assertions.assertThatThrownBy(() -> node.api().reportSend(nodeToken(node), UUID.fromString(asked.getString("id")), "started", 1, 2, null))
        .isInstanceOf(StoreApiException.class).satisfies(e -> assertThat(((StoreApiException) e).status()).isEqualTo(409));
  }

  @Test
  void onlyTheBuyersOwnNode_forATitleTheyHold_andANodesClaimsAreChecked() throws Exception {
    User buyer = Api.signUp("Careful buyer", "carrier");
    User other = Api.signUp("Other operator", "carrier");
    NodeDaemon theirs = lab.startClientNode(other, 0);
    Map<String, String> toTheirs = Map.of("titleId", titleId.toString(), "nodeId", theirs.nodeId().toString());

    buyer.request().body(toTheirs).post("/api/library/sends").then().statusCode(403);
    Api.buy(buyer, titleId.toString());
    buyer.request().body(toTheirs).post("/api/library/sends").then().statusCode(400).body("errors[0].field", equalTo("nodeId"));
    buyer.request().body(Map.of("titleId", titleId.toString(), "nodeId", lab.origin().nodeId().toString())).post("/api/library/sends")
        .then().statusCode(400).body("errors[0].field", equalTo("nodeId"));

    NodeDaemon mine = lab.startClientNode(buyer, 0);
    // Stopped, so the send stays waiting while its claims are tried; its token still speaks for it.
    String mineToken = mine.identity().token();
    dev.carriage.node.store.StoreApi mineApi = mine.api();
    GridLab.closeQuietly(mine);
    String sendId = buyer.request().body(Map.of("titleId", titleId.toString(), "nodeId", mine.nodeId().toString()))
        .post("/api/library/sends").then().statusCode(201).extract().path("id");
    // Another node cannot see, open or report on it; the right node cannot claim more bytes than it has.
    assertThat(theirs.api().pendingSends(nodeToken(theirs))).isEmpty();
    Assertions.assertThatThrownBy(() -> theirs.api().reportSend(nodeToken(theirs), UUID.fromString(sendId), "started", 1, 2, null))
        .satisfies(e -> assertThat(((StoreApiException) e).status()).isEqualTo(404));
    Assertions.assertThatThrownBy(() -> mineApi.reportSend(mineToken, UUID.fromString(sendId), "started", 3, 2, null))
        .satisfies(e -> assertThat(((StoreApiException) e).status()).isEqualTo(400));
    Assertions.assertThatThrownBy(() -> mineApi.reportSend(mineToken, UUID.fromString(sendId), "done", 2, 2, null))
        .as("a send never started cannot be done").satisfies(e -> assertThat(((StoreApiException) e).status()).isEqualTo(409));
    mineApi.reportSend(mineToken, UUID.fromString(sendId), "started", 1, 2, null);
    Assertions.assertThatThrownBy(() -> mineApi.reportSend(mineToken, UUID.fromString(sendId), "done", 1, 2, null))
        .as("done holds the whole title").satisfies(e -> assertThat(((StoreApiException) e).status()).isEqualTo(400));
    buyer.request().get("/api/library/sends").then().statusCode(200).body("[0].state", equalTo("started"))
        .body("[0].bytesDone", equalTo(MEDIA_BYTES / 2));
    assertThat(mineApi.pendingSends(mineToken)).extracting(dev.carriage.node.store.StoreApi.Send::sendId).containsExactly(UUID.fromString(sendId));
    other.request().get("/api/library/sends").then().statusCode(200).body("size()", equalTo(0));
  }

  private static String nodeToken(NodeDaemon node) {
    return node.identity().token();
  }
}
