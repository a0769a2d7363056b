package dev.carriage.store.grid;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carriage.node.NodeDaemon;
import dev.carriage.node.client.Download;
import dev.carriage.node.client.DownloadProgress;
import dev.carriage.node.store.DownloadSession;
import dev.carriage.store.support.Admins;
import dev.carriage.store.support.Api;
import dev.carriage.store.support.Api.User;
import dev.carriage.store.support.GridLab;
import dev.carriage.store.support.TcpRelay;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Whole downloads over the grid: the store under test, an origin and carriers as real nodes on
 * loopback sockets, and the real download client. Connection caps keep each source slow enough
 * that the client must spread its requests, which is the behaviour under test.
 */
@QuarkusTest
class GridDownloadTest {

  private static final int MEDIA_BYTES = 6 * 1024 * 1024 + 12_345;
  private static final int PIECE_BYTES = 64 * 1024;
  private static final long CAP = 1_000_000;

  @TestHTTPResource("/") URL storeUrl;
  @Inject Admins admins;

  private GridLab lab;
  private User buyer;
  private UUID titleId;
  private Path media;

  @BeforeEach
  void publishATitle() throws Exception {
    lab = GridLab.start(URI.create(storeUrl.toString()), admins, CAP);
    User publisher = Api.signUp("Grid publisher", "publisher");
    titleId = UUID.fromString(Api.titleOnSale(publisher, 1999, null));
    media = GridLab.randomMedia(lab.newDirectory("media"), MEDIA_BYTES, titleId.getLeastSignificantBits());
    lab.publish(publisher, titleId, media, PIECE_BYTES);
    buyer = Api.signUp("Grid buyer");
    Api.buy(buyer, titleId.toString());
  }

  @AfterEach
  void stopTheGrid() throws Exception {
    lab.close();
  }

  private Download.Result download(Download download) throws Exception {
    return download.start().get(120, TimeUnit.SECONDS);
  }

  private Download prepare(Path output, DownloadProgress progress) throws Exception {
    return lab.prepareDownload(buyer, titleId, output, progress);
  }

  private void startCarriers(int count) throws Exception {
    for (int i = 0; i < count; i++) {
      lab.startCarrier(titleId, CAP, false);
    }
  }

  @Test
  void originPlusFiveCarriers_downloadFromSeveralAtOnce_byteIdentical_everyCarrierServes() throws Exception {
    startCarriers(5);
    Path output = lab.newDirectory("out").resolve("title.bin");

    Download.Result result = download(prepare(output, DownloadProgress.SILENT));

    assertThat(Files.mismatch(media, output)).isEqualTo(-1);
    Map<UUID, BitSet> bySource = result.piecesBySource();
    assertThat(bySource.values().stream().filter(pieces -> !pieces.isEmpty()).count()).isGreaterThanOrEqualTo(3);
    assertThat(bySource.values().stream().mapToInt(BitSet::cardinality).sum()).isEqualTo(result.piecesFetched());
    for (NodeDaemon carrier : lab.carriers()) {
      assertThat(carrier.server().stats().bytesServed(titleId)).as(carrier.settings().name()).isPositive();
      assertThat(bySource.get(carrier.nodeId())).as(carrier.settings().name()).isNotNull();
    }
    assertThat(result.banned()).isEmpty();
  }

  @Test
  void publishedWithoutAPieceSize_musicAndVideoComeInQuarterMibPieces_gamesInOneMib() throws Exception {
    User publisher = Api.signUp("Piece size publisher", "publisher");
    // What is played while it downloads is cut small, so the first second comes from several
    // sources at once; a game keeps the grid's 1 MiB.
    Map<String, Integer> expected = Map.of("music", 256 * 1024, "video", 256 * 1024, "game", 1024 * 1024);
    long size = 3L * 1024 * 1024 + 5;
    for (Map.Entry<String, Integer> kind : expected.entrySet()) {
      UUID title = UUID.fromString(Api.titleOfKindOnSale(publisher, 999, kind.getKey()));
      Path file = GridLab.randomMedia(lab.newDirectory("media-" + kind.getKey()), (int) size, 7);
      var manifest = lab.publish(publisher, title, file, 0).manifest();
      assertThat(manifest.pieceSizeBytes()).as(kind.getKey()).isEqualTo(kind.getValue());
      assertThat(manifest.pieceCount()).as(kind.getKey()).isEqualTo((int) ((size + kind.getValue() - 1) / kind.getValue()));
    }
  }

  @Test
  void carrierSendingCorruptPieces_isBanned_andNoPieceFromItIsAccepted() throws Exception {
    startCarriers(3);
    NodeDaemon liar = lab.startCarrier(titleId, CAP, true);
    Path output = lab.newDirectory("out").resolve("title.bin");

    Download.Result result = download(prepare(output, DownloadProgress.SILENT));

    assertThat(Files.mismatch(media, output)).isEqualTo(-1);
    assertThat(result.banned()).containsExactly(liar.nodeId());
    assertThat(result.piecesBySource().get(liar.nodeId())).isNull();
    assertThat(liar.server().stats().bytesServed(titleId)).as("the liar was asked").isPositive();
  }

  /**
   * A node that holds nothing relays the origin's bytes from its own address. The origin's
   * challenge names the origin, not the node the client was sent to, so the client drops the
   * relay before a handshake goes through it; the title comes from the real origin alone, and the
   * relay is in no receipt.
   */
  @Test
  void aRelayPassingOnAnotherNodesBytes_isDropped_andCarriesNothing() throws Exception {
    UUID relayNode = UUID.randomUUID();
    Path output = lab.newDirectory("out").resolve("title.bin");
    try (TcpRelay relay = TcpRelay.to("127.0.0.1", lab.origin().port())) {
      Download download = lab.prepareDownloadWithSources(buyer, titleId, lab.newDirectory("client"), output, sources -> {
        List<DownloadSession.Source> withRelay = new java.util.ArrayList<>();
        withRelay.add(new DownloadSession.Source(relayNode, "127.0.0.1", relay.port(), false, "local", 1, true));
        withRelay.addAll(sources);
        return withRelay;
      });

      Download.Result result = download(download);

      assertThat(Files.mismatch(media, output)).isEqualTo(-1);
      assertThat(result.banned()).containsExactly(relayNode);
      assertThat(result.piecesBySource().get(relayNode)).isNull();
      assertThat(result.piecesBySource().get(lab.origin().nodeId()).cardinality()).isEqualTo(result.piecesFetched());
    }
  }

  @Test
  void halfTheCarriersKilledMidDownload_downloadStillCompletes() throws Exception {
    startCarriers(4);
    List<NodeDaemon> doomed = lab.carriers().subList(0, 2);
    AtomicBoolean killed = new AtomicBoolean();
    DownloadProgress killAtAThird = (held, total, rate, sources) -> {
      if (held > total / 3 && killed.compareAndSet(false, true)) {
        new Thread(() -> doomed.forEach(GridLab::closeQuietly)).start();
      }
    };
    Path output = lab.newDirectory("out").resolve("title.bin");

    Download.Result result = download(prepare(output, killAtAThird));

    assertThat(killed).isTrue();
    assertThat(Files.mismatch(media, output)).isEqualTo(-1);
    assertThat(result.piecesFetched()).isEqualTo(MEDIA_BYTES / PIECE_BYTES + 1);
  }

  /**
   * A buyer plays the title while it downloads from three carriers and a corrupt one: ranges
   * read in order from the start, then seeks, each answered with the source file's bytes, and
   * the file on disk at the end is the source file. The liar is banned; none of its pieces is
   * ever played.
   */
  @Test
  void aStreamedTitle_playedWithRangesInOrderAndSeeks_isTheSourceFile() throws Exception {
    startCarriers(3);
    NodeDaemon liar = lab.startCarrier(titleId, CAP, true);
    Path output = lab.newDirectory("out").resolve("title.bin");
    Download download = prepare(output, DownloadProgress.SILENT).stream(500_000);
    dev.carriage.node.client.PlainFile plain = download.plainFile().orElseThrow();
    byte[] source = Files.readAllBytes(media);
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    String name = titleId.toString();
    try (var endpoint = dev.carriage.node.play.PlayerEndpoint.start(name, download.playable().orElseThrow(), 0)) {
      var running = download.start();
      java.util.function.BiFunction<Integer, Integer, byte[]> range = (first, last) -> {
        try {
          var response = http.send(java.net.http.HttpRequest.newBuilder(URI.create(endpoint.titleUrl(name)))
              .header("Range", "bytes=" + first + "-" + last).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
          assertThat(response.statusCode()).isEqualTo(206);
          return response.body();
        } catch (Exception failed) {
          throw new AssertionError(failed);
        }
      };
      int chunk = 100_000;
      for (int first = 0; first < 1_000_000; first += chunk) {
        assertThat(range.apply(first, first + chunk - 1)).as("bytes from %d", first).isEqualTo(java.util.Arrays.copyOfRange(source, first, first + chunk));
      }
      java.util.Random random = new java.util.Random(titleId.getMostSignificantBits());
      for (int seek = 0; seek < 6; seek++) {
        int first = random.nextInt(source.length - chunk);
        assertThat(range.apply(first, first + chunk - 1)).as("bytes after a seek to %d", first)
            .isEqualTo(java.util.Arrays.copyOfRange(source, first, first + chunk));
      }
      Download.Result result = running.get(120, TimeUnit.SECONDS);

      assertThat(Files.mismatch(media, output)).isEqualTo(-1);
      assertThat(result.banned()).containsExactly(liar.nodeId());
      assertThat(result.piecesBySource().get(liar.nodeId())).isNull();
    } finally {
      plain.close();
    }
  }

  /**
   * A node that carries what it fetches (ciphertext in its store, the plain file beside it) is
   * played from too: a player's reads while it downloads wait for their pieces, move its
   * playhead there, and give the source file's bytes.
   */
  @Test
  void aCarryingNodesDownload_isPlayedWhileItComes() throws Exception {
    startCarriers(2);
    User carrierBuyer = Api.signUp("Playing node owner", "carrier");
    Api.buy(carrierBuyer, titleId.toString());
    NodeDaemon node = lab.startClientNode(carrierBuyer, CAP);
    Download download = lab.prepareNodeDownload(node, carrierBuyer, titleId, lab.newDirectory("out").resolve("played.bin"),
        DownloadProgress.SILENT);
    var running = download.start();
    dev.carriage.node.play.Playable title = download.playable().orElseThrow();
    byte[] source = Files.readAllBytes(media);
    java.util.Random random = new java.util.Random(titleId.getLeastSignificantBits());

    for (int read = 0; read < 12; read++) {
      int first = read < 4 ? read * 50_000 : random.nextInt(source.length - 1);
      java.nio.ByteBuffer into = java.nio.ByteBuffer.allocate(Math.min(30_000, source.length - first));
      while (into.hasRemaining()) {
        title.read(first + into.position(), into, java.time.Duration.ofSeconds(60));
      }
      assertThat(into.array()).as("bytes at %d", first).isEqualTo(java.util.Arrays.copyOfRange(source, first, first + into.capacity()));
    }
    Download.Result result = running.get(120, TimeUnit.SECONDS);
    assertThat(Files.mismatch(media, result.output())).isEqualTo(-1);
  }

  @Test
  void interruptedDownload_resumesWithoutRefetchingVerifiedPieces() throws Exception {
    startCarriers(2);
    Path output = lab.newDirectory("out").resolve("title.bin");
    Download[] first = new Download[1];
    AtomicBoolean interrupted = new AtomicBoolean();
    first[0] = prepare(output, (held, total, rate, sources) -> {
      if (held > total / 2 && interrupted.compareAndSet(false, true)) {
        new Thread(first[0]::cancel).start();
      }
    });
    try {
      download(first[0]);
    } catch (java.util.concurrent.ExecutionException cancelled) {
      assertThat(cancelled.getCause()).hasMessageContaining("cancelled");
    }
    assertThat(Files.exists(output)).isFalse();

    Download.Result resumed = download(prepare(output, DownloadProgress.SILENT));

    int pieces = MEDIA_BYTES / PIECE_BYTES + 1;
    assertThat(resumed.piecesAlreadyHeld()).isGreaterThanOrEqualTo(pieces / 2);
    assertThat(resumed.piecesFetched()).isEqualTo(pieces - resumed.piecesAlreadyHeld());
    assertThat(Files.mismatch(media, output)).isEqualTo(-1);
  }

  @Test
  void carrierHoldsOnlyCiphertext_andNeverTheKey() throws Exception {
    NodeDaemon carrier = lab.startCarrier(titleId, CAP, false);
    String contentKey = Api.download(buyer, titleId.toString()).then().statusCode(201).extract().path("contentKey");
    byte[] key = java.util.Base64.getDecoder().decode(contentKey);
    byte[] plainSample = java.util.Arrays.copyOfRange(Files.readAllBytes(media), 100_000, 100_064);

    try (var files = Files.walk(carrier.settings().dataDirectory())) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        byte[] bytes = Files.readAllBytes(file);
        assertThat(indexOf(bytes, key)).as(file + " holds the content key").isEqualTo(-1);
        assertThat(indexOf(bytes, plainSample)).as(file + " holds plain media").isEqualTo(-1);
      }
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Test
  void aClientThatIsANode_servesWhatItHasToOtherClients_whileItDownloads() throws Exception {
    User carrierBuyer = Api.signUp("Carrier buyer", "carrier");
    Api.buy(carrierBuyer, titleId.toString());
    NodeDaemon firstClient = lab.startClientNode(carrierBuyer, CAP);
    java.util.concurrent.CountDownLatch halfway = new java.util.concurrent.CountDownLatch(1);
    Download first = lab.prepareNodeDownload(firstClient, carrierBuyer, titleId, lab.newDirectory("out").resolve("first.bin"),
        (held, total, rate, sources) -> {
          if (held > total / 2) {
            halfway.countDown();
          }
        });
    var firstRunning = first.start();
    assertThat(halfway.await(60, TimeUnit.SECONDS)).isTrue();
    firstClient.announce();

    Path output = lab.newDirectory("out").resolve("second.bin");
    Download.Result second = download(prepare(output, DownloadProgress.SILENT));
    firstRunning.get(60, TimeUnit.SECONDS);

    assertThat(Files.mismatch(media, output)).isEqualTo(-1);
    assertThat(second.piecesBySource().get(firstClient.nodeId())).as("pieces from the downloading node").isNotNull();
    assertThat(firstClient.server().stats().bytesServed(titleId)).isPositive();
  }

  @Test
  void anEmptyCarrier_fillsItsCacheFromTheGrid_thenServesBuyers() throws Exception {
    java.util.concurrent.CompletableFuture<UUID> filled = new java.util.concurrent.CompletableFuture<>();
    NodeDaemon carrier = lab.startFillingCarrier(0);
    carrier.onFilled(filled::complete);

    assertThat(filled.get(60, TimeUnit.SECONDS)).isEqualTo(titleId);
    assertThat(carrier.store().get(titleId).orElseThrow().complete()).isTrue();
    assertThat(carrier.store().get(titleId).orElseThrow().reverify()).isZero();
    carrier.announce();
    new dev.carriage.node.serve.NodeControl(lab.origin().settings().dataDirectory()).pause();
    lab.origin().announce();

    Path output = lab.newDirectory("out").resolve("title.bin");
    Download.Result result = download(prepare(output, DownloadProgress.SILENT));

    assertThat(Files.mismatch(media, output)).isEqualTo(-1);
    assertThat(result.piecesBySource().keySet()).containsExactly(carrier.nodeId());
  }
}
