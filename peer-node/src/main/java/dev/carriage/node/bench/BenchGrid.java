package dev.carriage.node.bench;

import dev.carriage.grid.crypto.ContentEncryptor;
import dev.carriage.grid.manifest.ManifestSigner;
import dev.carriage.grid.manifest.SignedManifest;
import dev.carriage.grid.ticket.Ticket;
import dev.carriage.grid.ticket.Tickets;
import dev.carriage.node.NodeSettings;
import dev.carriage.node.client.Download;
import dev.carriage.node.client.DownloadProgress;
import dev.carriage.node.serve.CarrierServer;
import dev.carriage.node.storage.PieceStore;
import dev.carriage.node.storage.StoredTitle;
import dev.carriage.node.store.DownloadSession;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A grid without a store, for benchmarks: a local key plays the store (signing the manifest and
 * the tickets), nodes are carrier servers on loopback, downloads are the real client.
 */
final class BenchGrid implements AutoCloseable {

  final Path root;
  final UUID titleId = UUID.randomUUID();
  final KeyPair storeKey;
  final Function<String, PublicKey> keys;
  final SignedManifest signed;
  final ContentEncryptor.Encrypted encrypted;
  final Path media;
  private final Path storedContent;

  BenchGrid(long contentBytes) throws Exception {
    root = Files.createTempDirectory("carriage-bench");
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    storeKey = generator.generateKeyPair();
    keys = Map.of("bench", storeKey.getPublic())::get;
    media = root.resolve("media.bin");
    writeRandom(media, contentBytes);
    storedContent = root.resolve("stored.bin");
    encrypted = ContentEncryptor.encrypt(titleId, media, storedContent, bytes -> { });
    signed = ManifestSigner.sign(encrypted.manifest(), storeKey.getPrivate(), "bench");
  }

  private static void writeRandom(Path file, long bytes) throws IOException {
    Random random = new Random(42);
    byte[] block = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long written = 0; written < bytes; written += block.length) {
        random.nextBytes(block);
        out.write(block, 0, (int) Math.min(block.length, bytes - written));
      }
    }
  }

  /** A node holding the whole title (the origin or a seeded carrier). */
  PieceStore seededStore(String name) throws IOException {
    PieceStore store = PieceStore.open(root.resolve(name), keys);
    Path copy = root.resolve(name + "-content.bin");
    Files.copy(storedContent, copy);
    store.adopt(encrypted.manifest(), signed.encode(), copy);
    return store;
  }

  /** A node that starts with nothing (a downloader), its entry for the title made ready to fill. */
  PieceStore emptyStore(String name) throws IOException {
    PieceStore store = PieceStore.open(root.resolve(name), keys);
    store.create(encrypted.manifest(), signed.encode());
    return store;
  }

  /** A carrier with a node's own bounds, as an operator runs one. */
  CarrierServer serve(PieceStore store, String name, long uploadCap) throws InterruptedException {
    return serve(NodeSettings.builder(root.resolve(name), URI.create("http://127.0.0.1:1")).caps(uploadCap, 0), store);
  }

  /**
   * A node of the swarm lab: every peer there is on 127.0.0.1, so the per-address bound, meant
   * for one remote host, is lifted or it would cap the swarm itself.
   */
  CarrierServer serveOnSharedAddress(PieceStore store, String name, long uploadCap) throws InterruptedException {
    return serve(NodeSettings.builder(root.resolve(name), URI.create("http://127.0.0.1:1")).caps(uploadCap, 0).connections(512, 512), store);
  }

  private CarrierServer serve(NodeSettings.Builder settings, PieceStore store) throws InterruptedException {
    // Clients check a carrier's challenge against the node id they were handed, so each bench node has a real one.
    CarrierServer server = new CarrierServer(settings.build(), store, keys, "carriage", UUID.randomUUID().toString(), Clock.systemUTC());
    server.start();
    return server;
  }

  static DownloadSession.Source source(CarrierServer server, boolean origin) {
    return new DownloadSession.Source(UUID.fromString(server.nodeName()), "127.0.0.1", server.port(), origin, "local", 0, false);
  }

  Download download(PieceStore into, List<DownloadSession.Source> sources, Path output) throws Exception {
    Instant now = Instant.now();
    java.security.KeyPair clientKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Ticket ticket = new Ticket(UUID.randomUUID(), titleId, signed.manifest().merkleRoot(), clientKey.getPublic(), now, now.plusSeconds(3600));
    String encodedTicket = Tickets.sign(ticket, storeKey.getPrivate(), "bench", "carriage");
    DownloadSession session = new DownloadSession(ticket.sessionId(), titleId, encodedTicket, ticket.expiresAt(),
        Base64.getEncoder().encodeToString(signed.encode()), encrypted.key().toBase64(), sources);
    StoredTitle target = into.get(titleId).orElseGet(() -> {
      try {
        return into.create(encrypted.manifest(), signed.encode());
      } catch (IOException failed) {
        throw new java.io.UncheckedIOException(failed);
      }
    });
    return new Download(session, encrypted.manifest(), encrypted.key(), target, output, "bench-client", clientKey.getPrivate(),
        DownloadProgress.SILENT);
  }

  @Override
  public void close() throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }
}
