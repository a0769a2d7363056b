package dev.carriage.store.support;

import dev.carriage.node.NodeDaemon;
import dev.carriage.node.NodeSettings;
import dev.carriage.node.client.Download;
import dev.carriage.node.client.DownloadProgress;
import dev.carriage.node.client.TitleFetcher;
import dev.carriage.node.publish.ContentPublisher;
import dev.carriage.node.storage.StoredTitle;
import dev.carriage.node.storage.PieceStore;
import dev.carriage.node.store.DownloadSession;
import dev.carriage.node.store.StoreApi;
import dev.carriage.node.store.StoreKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A grid on this machine for one test: the store under test, an origin and carriers as real
 * nodes on real sockets, each in its own data directory. Carriers are seeded by copying the
 * origin's stored title, as a cache fill would leave it.
 */
public final class GridLab implements AutoCloseable {

  private final Admins admins;
  private final URI store;
  private final Path root;
  private final Api.User admin;
  private final NodeDaemon origin;
  private final List<NodeDaemon> carriers = new ArrayList<>();
  private final List<PieceStore> clientStores = new ArrayList<>();
  private final java.util.Map<UUID, Api.User> operators = new java.util.HashMap<>();

  private GridLab(URI store, Path root, Api.User admin, NodeDaemon origin, Admins admins) {
    this.admins = admins;
    this.store = store;
    this.root = root;
    this.admin = admin;
    this.origin = origin;
  }

  /** An origin whose every connection is capped at {@code connectionCap} bytes per second (0 = none). */
  public static GridLab start(URI store, Admins admins, long connectionCap) throws Exception {
    Path root = Files.createTempDirectory("carriage-grid");
    Api.User admin = Api.signUp("Grid admin");
    admins.grant(admin.id());
    Api.User signedIn = admin.signInAgain();
    NodeDaemon origin = NodeDaemon.start(settings(store, root.resolve("origin"), "origin", connectionCap, true), signedIn::token);
    return new GridLab(store, root, signedIn, origin, admins);
  }

  /** Nodes in tests are seeded by hand and do not fill their caches, unless a test starts one that does. */
  private static NodeSettings settings(URI store, Path data, String name, long connectionCap, boolean origin) {
    return builder(store, data, name, connectionCap).origin(origin).fill(false).build();
  }

  private static NodeSettings.Builder builder(URI store, Path data, String name, long connectionCap) {
    return NodeSettings.builder(data, store).name(name, "local").caps(0, connectionCap).heartbeatInterval(Duration.ofMillis(500));
  }

  /** A carrier that starts empty and fills its cache from the grid, as carriers do in production. */
  public NodeDaemon startFillingCarrier(long connectionCap) throws Exception {
    String name = "filling-carrier-" + (carriers.size() + 1);
    Api.User carrier = Api.signUp(name, "carrier");
    NodeDaemon node = NodeDaemon.start(builder(store, root.resolve(name), name, connectionCap).fill(true).build(), carrier::token);
    carriers.add(node);
    return node;
  }

  /** The account that runs a carrier this lab started. */
  public Api.User operatorOf(NodeDaemon carrier) {
    return operators.get(carrier.nodeId());
  }

  public NodeDaemon origin() {
    return origin;
  }

  public List<NodeDaemon> carriers() {
    return carriers;
  }

  /** Encrypts a media file as the title's content (0: in the pieces for its kind) and places it on the origin. */
  public StoredTitle publish(Api.User publisher, UUID titleId, Path media, int pieceSize) throws IOException {
    StoredTitle stored =
        ContentPublisher.publish(origin.api(), publisher.token(), origin.keys(), titleId, media, pieceSize, origin.store(), bytes -> { });
    origin.announce();
    return stored;
  }

  /** Starts a carrier holding a copy of the origin's title (or, with {@code corrupt}, a damaged copy). */
  public NodeDaemon startCarrier(UUID titleId, long connectionCap, boolean corrupt) throws Exception {
    String name = "carrier-" + (carriers.size() + 1);
    Path data = root.resolve(name);
    Path titleDirectory = Files.createDirectories(data.resolve("titles").resolve(titleId.toString()));
    Path source = origin.store().get(titleId).orElseThrow().directory();
    for (String file : List.of("manifest.bin", "content.bin", "held.bits")) {
      Files.copy(source.resolve(file), titleDirectory.resolve(file));
    }
    if (corrupt) {
      corrupt(titleDirectory.resolve("content.bin"));
    }
    Api.User carrier = Api.signUp(name, "carrier");
    NodeDaemon node = NodeDaemon.start(settings(store, data, name, connectionCap, false), carrier::token);
    // Seeded by hand rather than by a fill: record what a fill would have, so the coordinator believes its holding.
    admins.handedToFetch(node.nodeId(), titleId);
    node.announce();
    carriers.add(node);
    operators.put(node.nodeId(), carrier);
    return node;
  }

  /** Flips one byte every 4 KiB: every piece fails its hash, the file keeps its size. */
  private static void corrupt(Path content) throws IOException {
    byte[] bytes = Files.readAllBytes(content);
    for (int i = 0; i < bytes.length; i += 4096) {
      bytes[i] ^= 0x5A;
    }
    Files.write(content, bytes);
  }

  /** A client that is also an enrolled node: what it downloads, it serves meanwhile. */
  public NodeDaemon startClientNode(Api.User carrierBuyer, long connectionCap) throws Exception {
    String name = "client-node-" + (carriers.size() + 1);
    NodeDaemon node = NodeDaemon.start(settings(store, root.resolve(name), name, connectionCap, false), carrierBuyer::token);
    carriers.add(node);
    return node;
  }

  /** A download by that node, into its own piece store, excluded from its own peer list. */
  public Download prepareNodeDownload(NodeDaemon node, Api.User buyer, UUID titleId, Path output, DownloadProgress progress)
      throws IOException {
    return new TitleFetcher(node.api(), node.keys(), node.store()).prepare(buyer.token(), titleId, output, node.nodeId(), "local", progress);
  }

  /** A download by this buyer, who does not carry: into the plain file alone, resumed from its partial file. */
  public Download prepareDownload(Api.User buyer, UUID titleId, Path output, DownloadProgress progress) throws IOException {
    StoreApi api = new StoreApi(store);
    return TitleFetcher.toPlainFiles(api, new StoreKeys(api)).prepare(buyer.token(), titleId, output, null, null, progress);
  }

  /**
   * A download whose peer list is rewritten before it starts: for a source the store never
   * named, such as a relay posing as a carrier at its own address.
   */
  public Download prepareDownloadWithSources(Api.User buyer, UUID titleId, Path clientData, Path output,
      java.util.function.UnaryOperator<List<DownloadSession.Source>> rewrite) throws Exception {
    StoreApi api = new StoreApi(store);
    StoreKeys keys = new StoreKeys(api);
    PieceStore pieces = PieceStore.open(clientData, keys);
    clientStores.add(pieces);
    java.security.KeyPair ephemeral = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    DownloadSession session = api.openDownload(buyer.token(), titleId,
        java.util.Base64.getEncoder().encodeToString(ephemeral.getPublic().getEncoded()), null, null);
    byte[] signed = java.util.Base64.getDecoder().decode(session.manifest());
    dev.carriage.grid.manifest.Manifest manifest = dev.carriage.grid.manifest.ManifestSigner.verify(signed, keys);
    DownloadSession rewritten = new DownloadSession(session.sessionId(), session.titleId(), session.ticket(), session.ticketExpiresAt(),
        session.manifest(), session.contentKey(), rewrite.apply(session.sources()));
    return new Download(rewritten, manifest, dev.carriage.grid.crypto.ContentKey.fromBase64(session.contentKey()),
        pieces.create(manifest, signed), output, "test-client", ephemeral.getPrivate(), DownloadProgress.SILENT).signReceipts();
  }

  public Path newDirectory(String name) throws IOException {
    return Files.createDirectories(root.resolve(name + "-" + UUID.randomUUID()));
  }

  @Override
  public void close() throws IOException {
    for (NodeDaemon carrier : carriers) {
      closeQuietly(carrier);
    }
    closeQuietly(origin);
    for (PieceStore pieces : clientStores) {
      pieces.close();
    }
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  public static void closeQuietly(NodeDaemon node) {
    try {
      node.close();
    } catch (IOException | RuntimeException ignored) {
      // Already stopped by the test.
    }
  }

  public static Path randomMedia(Path directory, int bytes, long seed) {
    byte[] media = new byte[bytes];
    new java.util.Random(seed).nextBytes(media);
    try {
      return Files.write(directory.resolve("media-" + seed + ".bin"), media);
    } catch (IOException failed) {
      throw new UncheckedIOException(failed);
    }
  }
}
