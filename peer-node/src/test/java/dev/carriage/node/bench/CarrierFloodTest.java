package dev.carriage.node.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carriage.node.client.Download;
import dev.carriage.node.serve.CarrierServer;
import dev.carriage.node.storage.PieceStore;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The floods that once locked honest clients out, against a real carrier on loopback sockets:
 * 530 idle connections and 500 unfinished 256 KiB frames from one address, each reopened as soon
 * as the carrier closes it. An honest client on another address downloads the whole title
 * meanwhile, and the carrier never holds more of the flood than its per-address bound.
 */
class CarrierFloodTest {

  /** The carrier's default bound per remote address (NodeSettings). */
  private static final int PER_ADDRESS_MAX = 16;

  @Test
  void idleAndHalfFrameFloods_fromOneAddress_leaveAnHonestDownloadWhole() throws Exception {
    try (BenchGrid grid = new BenchGrid(4L * 1024 * 1024)) {
      PieceStore seeded = grid.seededStore("carrier");
      CarrierServer carrier = grid.serve(seeded, "carrier", 0);
      InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), carrier.port());
      InetAddress attacker = InetAddress.getByName("127.0.0.2");
      try (Flood idle = Flood.start(at, attacker, Flood.Kind.IDLE, 530);
          Flood half = Flood.start(at, attacker, Flood.Kind.HALF_FRAME, 500)) {
        assertThat(idle.awaitFirstRound(Duration.ofSeconds(30))).isTrue();
        assertThat(half.awaitFirstRound(Duration.ofSeconds(30))).isTrue();
        PieceStore client = PieceStore.open(grid.root.resolve("honest"), grid.keys);
        Download download = grid.download(client, List.of(BenchGrid.source(carrier, false)), grid.root.resolve("honest.bin"));
        Download.Result result = download.start().get(2, TimeUnit.MINUTES);

        assertThat(Files.mismatch(result.output(), grid.media)).isEqualTo(-1);
        assertThat(result.banned()).isEmpty();
        assertThat(carrier.connectionsPeak()).as("connections the carrier held: the flood's bound plus the honest client")
            .isLessThanOrEqualTo(PER_ADDRESS_MAX + 1);
        assertThat(idle.attempts()).as("idle connections tried").isGreaterThanOrEqualTo(530);
        assertThat(half.attempts()).as("half frames tried").isGreaterThanOrEqualTo(500);
        assertThat(idle.closedByCarrier()).as("idle connections closed by the carrier").isPositive();
        assertThat(half.closedByCarrier()).as("half frames closed by the carrier").isPositive();
        client.close();
      } finally {
        carrier.close();
        seeded.close();
      }
    }
  }
}
