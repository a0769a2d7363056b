package dev.carriage.node.bench;

import dev.carriage.node.client.Download;
import dev.carriage.node.serve.CarrierServer;
import dev.carriage.node.storage.PieceStore;
import dev.carriage.node.store.DownloadSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The quick, in-process variant of the swarm benchmark ({@code ops/bench/swarm-quick}), for
 * development; the real one runs processes in network namespaces. A flash crowd on loopback: an origin capped at U_s, N pre-seeded carriers and M downloaders
 * that all start at once, every node's upload capped (and each downloader's download), the
 * downloaders serving each other what they already hold. Compared with the Kumar–Ross lower
 * bound T* = max(F / U_seed, F / d_min, M·F / U_all) and with the same crowd served by the origin
 * alone. Rates in MB/s (10^6 bytes).
 *
 * <p>Arguments (all optional, name=value): size_mib=64 carriers=4 downloaders=20
 * origin_mbps=32 carrier_mbps=8 downloader_up_mbps=4 downloader_down_mbps=32.
 */
public final class SwarmBench {

  private SwarmBench() {}

  record Settings(int sizeMib, int carriers, int downloaders, double originMbps, double carrierMbps, double downloaderUpMbps,
      double downloaderDownMbps) {

    static Settings parse(String[] args) {
      java.util.Map<String, String> values = new java.util.HashMap<>();
      for (String arg : args) {
        String[] pair = arg.split("=", 2);
        if (pair.length != 2) {
          throw new IllegalArgumentException("arguments are name=value, not '" + arg + "'");
        }
        values.put(pair[0], pair[1]);
      }
      return new Settings(
          Integer.parseInt(values.getOrDefault("size_mib", "64")),
          Integer.parseInt(values.getOrDefault("carriers", "4")),
          Integer.parseInt(values.getOrDefault("downloaders", "20")),
          Double.parseDouble(values.getOrDefault("origin_mbps", "32")),
          Double.parseDouble(values.getOrDefault("carrier_mbps", "8")),
          Double.parseDouble(values.getOrDefault("downloader_up_mbps", "4")),
          Double.parseDouble(values.getOrDefault("downloader_down_mbps", "32")));
    }
  }

  record Run(double seconds, long originBytes) {}

  public static void main(String[] args) throws Exception {
    Settings settings = Settings.parse(args);
    long size = (long) settings.sizeMib() * 1024 * 1024;
    double f = size / 1e6;
    double uSeed = settings.originMbps() + settings.carriers() * settings.carrierMbps();
    double uAll = uSeed + settings.downloaders() * settings.downloaderUpMbps();
    double bound = Math.max(Math.max(f / uSeed, f / settings.downloaderDownMbps()), settings.downloaders() * f / uAll);
    System.out.printf(Locale.ROOT, "swarm: F=%.1f MB, N=%d carriers at %.1f MB/s, M=%d downloaders (up %.1f, down %.1f MB/s), origin %.1f MB/s%n",
        f, settings.carriers(), settings.carrierMbps(), settings.downloaders(), settings.downloaderUpMbps(), settings.downloaderDownMbps(),
        settings.originMbps());
    System.out.printf(Locale.ROOT, "swarm: U_seed=%.1f MB/s U_all=%.1f MB/s T*=%.2f s%n", uSeed, uAll, bound);
    try (BenchGrid grid = new BenchGrid(size)) {
      Run swarm = run(grid, settings, true);
      System.out.printf(Locale.ROOT, "swarm: all %d downloaders done in %.2f s; origin served %.1f MB%n", settings.downloaders(),
          swarm.seconds(), swarm.originBytes() / 1e6);
      Run originOnly = run(grid, settings, false);
      System.out.printf(Locale.ROOT, "swarm: origin alone: %.2f s%n", originOnly.seconds());
      double share = swarm.originBytes() / (settings.downloaders() * (double) grid.encrypted.manifest().storedSizeBytes());
      System.out.printf(Locale.ROOT, "swarm_quick: time_s=%.2f bound_s=%.2f ratio=%.2f origin_share=%.3f origin_only_time_s=%.2f%n",
          swarm.seconds(), bound, swarm.seconds() / bound, share, originOnly.seconds());
    }
    System.exit(0);
  }

  private static long mbps(double megabytesPerSecond) {
    return (long) (megabytesPerSecond * 1e6);
  }

  private static Run run(BenchGrid grid, Settings settings, boolean withPeers) throws Exception {
    String tag = withPeers ? "swarm" : "alone";
    List<AutoCloseable> open = new ArrayList<>();
    try {
      PieceStore originStore = grid.seededStore(tag + "-origin");
      CarrierServer origin = grid.serveOnSharedAddress(originStore, tag + "-origin", mbps(settings.originMbps()));
      open.add(origin);
      open.add(originStore);
      List<DownloadSession.Source> seeds = new ArrayList<>();
      seeds.add(BenchGrid.source(origin, true));
      if (withPeers) {
        for (int i = 0; i < settings.carriers(); i++) {
          PieceStore store = grid.seededStore(tag + "-carrier-" + i);
          CarrierServer carrier = grid.serveOnSharedAddress(store, tag + "-carrier-" + i, mbps(settings.carrierMbps()));
          open.add(carrier);
          open.add(store);
          seeds.add(BenchGrid.source(carrier, false));
        }
      }
      List<PieceStore> downloaderStores = new ArrayList<>();
      List<DownloadSession.Source> downloaderSources = new ArrayList<>();
      for (int i = 0; i < settings.downloaders(); i++) {
        PieceStore store = grid.emptyStore(tag + "-downloader-" + i);
        downloaderStores.add(store);
        open.add(store);
        if (withPeers) {
          CarrierServer server = grid.serveOnSharedAddress(store, tag + "-downloader-" + i, mbps(settings.downloaderUpMbps()));
          open.add(server);
          downloaderSources.add(BenchGrid.source(server, false));
        }
      }
      List<Download> downloads = new ArrayList<>();
      for (int i = 0; i < settings.downloaders(); i++) {
        List<DownloadSession.Source> sources = new ArrayList<>(seeds);
        for (int j = 0; j < downloaderSources.size(); j++) {
          if (j != i) {
            sources.add(downloaderSources.get(j));
          }
        }
        Path output = Files.createDirectories(grid.root.resolve(tag + "-out")).resolve("downloader-" + i + ".bin");
        downloads.add(grid.download(downloaderStores.get(i), sources, output).limitDownload(mbps(settings.downloaderDownMbps())));
      }
      long start = System.nanoTime();
      List<CompletableFuture<Download.Result>> running = downloads.stream().map(Download::start).toList();
      CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(30, TimeUnit.MINUTES);
      double seconds = (System.nanoTime() - start) / 1e9;
      for (int i = 0; i < settings.downloaders(); i++) {
        if (Files.mismatch(grid.media, running.get(i).get().output()) != -1) {
          throw new IllegalStateException("downloader " + i + " wrote a file that differs from the source");
        }
      }
      return new Run(seconds, origin.stats().bytesServed());
    } finally {
      for (int i = open.size() - 1; i >= 0; i--) {
        open.get(i).close();
      }
    }
  }
}
