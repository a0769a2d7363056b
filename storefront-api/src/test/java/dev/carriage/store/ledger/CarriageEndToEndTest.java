package dev.carriage.store.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carriage.grid.manifest.Manifest;
import dev.carriage.grid.receipt.Receipt;
import dev.carriage.ledger.Account;
import dev.carriage.ledger.Money;
import dev.carriage.ledger.SaleEntries;
import dev.carriage.node.NodeDaemon;
import dev.carriage.node.client.Download;
import dev.carriage.node.client.DownloadProgress;
import dev.carriage.store.support.Admins;
import dev.carriage.store.support.Api;
import dev.carriage.store.support.Api.User;
import dev.carriage.store.support.GridLab;
import dev.carriage.store.support.TestClock;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The whole promise on real sockets: a buyer pays, downloads from the origin and three carriers
 * with the real client, which signs receipts; the carriers' daemons submit them; the hold
 * closes on the test clock; each carrier's payable is its share of the pool to the cent.
 */
@QuarkusTest
class CarriageEndToEndTest {

  private static final int MEDIA_BYTES = 4 * 1024 * 1024 + 4321;
  private static final int PIECE_BYTES = 64 * 1024;
  private static final long CAP = 1_000_000;
  private static final long PRICE = 2999;

  @TestHTTPResource("/") URL storeUrl;
  @Inject Admins admins;
  @Inject TestClock clock;
  @Inject Journal journal;
  @Inject SettlementJob settlementJob;
  @Inject EntityManager entityManager;

  private GridLab lab;

  @AfterEach
  void stop() throws Exception {
    clock.reset();
    lab.close();
  }

  @Test
  void buyDownloadReceiptsSettle_payEachCarrierItsShareToTheCent() throws Exception {
    lab = GridLab.start(URI.create(storeUrl.toString()), admins, CAP);
    User publisher = Api.signUp("E2E publisher", "publisher");
    UUID titleId = UUID.fromString(Api.titleOnSale(publisher, PRICE, null));
    Path media = GridLab.randomMedia(lab.newDirectory("media"), MEDIA_BYTES, 99);
    lab.publish(publisher, titleId, media, PIECE_BYTES);
    List<NodeDaemon> carriers = List.of(lab.startCarrier(titleId, CAP, false), lab.startCarrier(titleId, CAP, false),
        lab.startCarrier(titleId, CAP, false));
    User buyer = Api.signUp("E2E buyer");
    Api.buy(buyer, titleId.toString());
    List<NodeDaemon> sources = new java.util.ArrayList<>(carriers);
    sources.add(lab.origin());
    ReceiptsKept kept = new ReceiptsKept();
    sources.forEach(node -> node.server().receipts().onKept(receipt -> kept.add(node.nodeId(), receipt.receipt().pieces().cardinality())));

    Path output = lab.newDirectory("out").resolve("title.bin");
    Download.Result result = lab.prepareDownload(buyer, titleId, output, DownloadProgress.SILENT)
        .start().get(2, TimeUnit.MINUTES);
    assertThat(Files.mismatch(output, media)).isEqualTo(-1);

    Manifest manifest = lab.origin().store().get(titleId).orElseThrow().manifest();
    Map<UUID, Long> accepted = new HashMap<>();
    result.piecesBySource().forEach((node, pieces) -> accepted.put(node, Receipt.storedBytes(manifest, pieces)));
    assertThat(accepted.keySet()).as("pieces came from several sources").hasSizeGreaterThanOrEqualTo(3);
    Map<UUID, Integer> acceptedPieces = new HashMap<>();
    result.piecesBySource().forEach((node, pieces) -> acceptedPieces.put(node, pieces.cardinality()));
    assertThat(kept.await(acceptedPieces, Duration.ofSeconds(30))).as("every source holds its last receipt").isTrue();
    sources.forEach(NodeDaemon::submitReceipts); // takes turns with any submission already under way
    Map<UUID, Long> credited = credits(UUID.fromString(buyer.id()), titleId);
    assertThat(credited).isEqualTo(accepted);
    assertThat(credited.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(manifest.storedSizeBytes());

    Map<UUID, Long> carrierBytes = new HashMap<>(accepted);
    long originBytes = carrierBytes.getOrDefault(lab.origin().nodeId(), 0L);
    carrierBytes.remove(lab.origin().nodeId());
    Map<String, Long> parts = SaleEntries.poolParts(PRICE * 500 / 10_000, carrierBytes, originBytes);
    NodeDaemon first = carriers.get(0);
    JsonPath provisional = earnings(lab.operatorOf(first), first);
    assertThat(provisional.getLong("nodes[0].money[0].provisionalMinor")).isEqualTo(parts.getOrDefault(first.nodeId().toString(), 0L));
    assertThat(provisional.getLong("nodes[0].bytesCarried")).isEqualTo(accepted.getOrDefault(first.nodeId(), 0L));

    clock.advance(Duration.ofDays(14).plusMinutes(1));
    settlementJob.runOnce();

    long paidToCarriers = 0;
    for (NodeDaemon carrier : carriers) {
      long expected = parts.getOrDefault(carrier.nodeId().toString(), 0L);
      assertThat(journal.balance(Account.carrierPayable(carrier.nodeId()), Money.currency("EUR")).minor()).isEqualTo(expected);
      JsonPath settled = earnings(lab.operatorOf(carrier).signInAgain(), carrier);
      assertThat(settled.getLong("nodes[0].money[0].payableMinor")).isEqualTo(expected);
      assertThat(settled.getLong("nodes[0].money[0].provisionalMinor")).isZero();
      paidToCarriers += expected;
    }
    assertThat(paidToCarriers + parts.get(SaleEntries.STORE)).isEqualTo(PRICE * 500 / 10_000);
    assertThat(journal.check().balanced()).isTrue();
  }

  private static JsonPath earnings(User operator, NodeDaemon carrier) {
    return operator.request().queryParam("nodeId", carrier.nodeId().toString()).get("/api/carrier/earnings")
        .then().statusCode(200).extract().jsonPath();
  }

  /** The most pieces any receipt kept by each source has covered; waiters are woken as it grows. */
  private static final class ReceiptsKept {
    private final Map<UUID, Integer> pieces = new HashMap<>();

    synchronized void add(UUID node, int covered) {
      pieces.merge(node, covered, Math::max);
      notifyAll();
    }

    /** Waits until each source holds a receipt for everything the client accepted from it; false on timeout. */
    synchronized boolean await(Map<UUID, Integer> expected, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!pieces.equals(expected)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      return true;
    }
  }

  @SuppressWarnings("unchecked")
  private Map<UUID, Long> credits(UUID buyerId, UUID titleId) {
    Map<UUID, Long> credited = new HashMap<>();
    List<Object[]> rows = entityManager.createNativeQuery("select c.node_id, sum(c.bytes) from carriage_credit c join licence l on l.id = c.licence_id"
            + " where l.account_id = ?1 and l.title_id = ?2 group by c.node_id")
        .setParameter(1, buyerId).setParameter(2, titleId).getResultList();
    rows.forEach(row -> credited.put((UUID) row[0], ((Number) row[1]).longValue()));
    return credited;
  }
}
