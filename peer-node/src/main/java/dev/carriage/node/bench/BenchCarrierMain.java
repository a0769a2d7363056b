package dev.carriage.node.bench;

import dev.carriage.node.NodeSettings;
import dev.carriage.node.serve.CarrierServer;
import dev.carriage.node.storage.PieceStore;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.util.Map;

/**
 * The carrier server alone in its own JVM, as {@code peer-node serve} runs it minus the
 * heartbeat, so {@link CarrierBench} can measure its resident memory. Arguments: data
 * directory, the bench store key (X.509 file). Prints the port, then serves until killed.
 */
public final class BenchCarrierMain {

  /** The bench carrier's node id: its challenge names it, and the bench's clients expect it. */
  public static final java.util.UUID NODE_ID = java.util.UUID.fromString("00000000-0000-4000-8000-00000000b0b0");

  private BenchCarrierMain() {}

  public static void main(String[] args) throws Exception {
    Path data = Path.of(args[0]);
    PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Files.readAllBytes(Path.of(args[1]))));
    PieceStore store = PieceStore.open(data, Map.of("bench", key)::get);
    CarrierServer server = new CarrierServer(NodeSettings.defaults(data, URI.create("http://127.0.0.1:1")), store,
        Map.of("bench", key)::get, "carriage", NODE_ID.toString(), Clock.systemUTC());
    System.out.println("port=" + server.start());
    System.out.flush();
    Thread.currentThread().join();
  }
}
