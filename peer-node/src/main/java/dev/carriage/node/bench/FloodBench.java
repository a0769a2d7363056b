package dev.carriage.node.bench;

import dev.carriage.node.client.Download;
import dev.carriage.node.storage.PieceStore;
import dev.carriage.node.store.DownloadSession;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A carrier process (as a user runs it, cold) flooded from 127.0.0.2 by peers that never show a
 * ticket: 530 idle connections and 500 that declare a 256 KiB frame and stop half way, each
 * reconnecting as soon as it is closed. Meanwhile an honest client on 127.0.0.1 downloads the
 * title. Prints the honest download's MB/s without and with the floods, their ratio, the
 * carrier's resident memory idle and at its peak under the floods, and what the floods achieved.
 * Argument: size_mib=64.
 */
public final class FloodBench {

  private static final int IDLE_CONNECTIONS = 530;
  private static final int HALF_FRAME_CONNECTIONS = 500;

  private FloodBench() {}

  public static void main(String[] args) throws Exception {
    int sizeMib = args.length > 0 ? Integer.parseInt(args[0].replace("size_mib=", "")) : 64;
    try (BenchGrid grid = new BenchGrid((long) sizeMib * 1024 * 1024)) {
      try (CarrierProcess carrier = CarrierProcess.start(grid, "carrier")) {
        int port = carrier.port();
        Thread.sleep(2000);
        long idleRss = carrier.rssKib();
        double quiet = honestRate(grid, port, "quiet", () -> { });
        InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        InetAddress attacker = InetAddress.getByName("127.0.0.2");
        AtomicLong peakRss = new AtomicLong();
        try (Flood idle = Flood.start(at, attacker, Flood.Kind.IDLE, IDLE_CONNECTIONS);
            Flood half = Flood.start(at, attacker, Flood.Kind.HALF_FRAME, HALF_FRAME_CONNECTIONS)) {
          Thread.sleep(3000);
          double flooded = honestRate(grid, port, "flooded", () -> peakRss.accumulateAndGet(carrier.rssKib(), Math::max));
          System.out.printf(Locale.ROOT, "flood: honest download %.1f MB/s quiet, %.1f MB/s under %d idle + %d half-frame connections"
              + " from one address (ratio %.2f)%n", quiet, flooded, IDLE_CONNECTIONS, HALF_FRAME_CONNECTIONS, flooded / quiet);
          System.out.printf(Locale.ROOT, "flood: carrier rss idle %.1f MiB, peak under the floods %.1f MiB%n", idleRss / 1024.0,
              peakRss.get() / 1024.0);
          System.out.printf(Locale.ROOT, "flood: attempts idle %d, half-frame %d; closed by the carrier idle %d, half-frame %d;"
              + " most held open at once idle %d, half-frame %d%n", idle.attempts(), half.attempts(), idle.closedByCarrier(),
              half.closedByCarrier(), idle.peakOpen(), half.peakOpen());
          System.out.printf(Locale.ROOT, "flood: quiet_mbps=%.1f flooded_mbps=%.1f ratio=%.2f rss_idle_mib=%.1f rss_flood_mib=%.1f%n",
              quiet, flooded, flooded / quiet, idleRss / 1024.0, peakRss.get() / 1024.0);
        }
      }
    }
    System.exit(0);
  }

  /** One honest whole-title download from the carrier, in MB/s of stored bytes; {@code sample} runs every 100 ms meanwhile. */
  private static double honestRate(BenchGrid grid, int port, String name, Runnable sample) throws Exception {
    PieceStore store = PieceStore.open(grid.root.resolve("client-" + name), grid.keys);
    DownloadSession.Source source = new DownloadSession.Source(BenchCarrierMain.NODE_ID, "127.0.0.1", port, false, "local", 0, true);
    Download download = grid.download(store, List.of(source), grid.root.resolve("out-" + name + ".bin"));
    long start = System.nanoTime();
    CompletableFuture<Download.Result> running = download.start();
    while (!running.isDone()) {
      sample.run();
      Thread.sleep(100);
    }
    Download.Result result = running.get(10, TimeUnit.MINUTES);
    double seconds = (System.nanoTime() - start) / 1e9;
    if (Files.mismatch(result.output(), grid.media) != -1) {
      throw new IllegalStateException("the honest download differs from the title");
    }
    Files.delete(result.output());
    store.close();
    return grid.encrypted.manifest().storedSizeBytes() / 1e6 / seconds;
  }
}
