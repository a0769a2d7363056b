package dev.carriage.node.bench;

import dev.carriage.node.client.Download;
import dev.carriage.node.storage.PieceStore;
import dev.carriage.node.store.DownloadSession;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One carrier on loopback with no caps: MB/s delivered to 1 and to 8 clients (the real client
 * class: every piece hashed, and decrypted at the end), next to the same stored file served by
 * nginx and fetched by curl and by aria2c, 1 and 8 at once, in the same run (Debian's packages;
 * {@code ops/bench/carrier-quick} installs them); Python's http.server too, for the older figures.
 * CPU-seconds per GB of each client side, and the carrier process's resident memory idle and
 * serving 8. The carrier is the benchmark's own carrier process and the client runs in this JVM:
 * neither is yet the {@code peer-node serve} / {@code peer-node get} process a user starts.
 * Argument: size_mib=128.
 */
public final class CarrierBench {

  private CarrierBench() {}

  public static void main(String[] args) throws Exception {
    int sizeMib = args.length > 0 ? Integer.parseInt(args[0].replace("size_mib=", "")) : 128;
    try (BenchGrid grid = new BenchGrid((long) sizeMib * 1024 * 1024)) {
      try (CarrierProcess carrier = CarrierProcess.start(grid, "carrier")) {
        int port = carrier.port();
        Thread.sleep(2000);
        long idleRss = carrier.rssKib();
        long[] clientRss = new long[1];
        HttpBaselines.Measured one = gridRate(grid, port, 1, null, clientRss);
        AtomicLong peakRss = new AtomicLong();
        HttpBaselines.Measured eight = gridRate(grid, port, 8, () -> peakRss.accumulateAndGet(carrier.rssKib(), Math::max), clientRss);
        Path stored = grid.root.resolve("carrier").resolve("titles").resolve(grid.titleId.toString()).resolve("content.bin");
        double[] http = httpRates(stored);
        HttpBaselines.Measured[] curl = new HttpBaselines.Measured[2];
        HttpBaselines.Measured[] aria2c = new HttpBaselines.Measured[2];
        try (HttpBaselines.Nginx nginx = HttpBaselines.Nginx.serve(stored.getParent(), grid.root.resolve("nginx"))) {
          String url = "http://127.0.0.1:" + nginx.port + "/" + stored.getFileName();
          Path downloads = Files.createDirectories(grid.root.resolve("fetched"));
          for (int k = 0; k < 2; k++) {
            int clients = k == 0 ? 1 : 8;
            curl[k] = HttpBaselines.fetchers(clients, Files.size(stored), i -> List.of("curl", "-sf", "-o", "/dev/null", url));
            aria2c[k] = HttpBaselines.fetchers(clients, Files.size(stored), i -> List.of("aria2c", "-q", "-x1", "-s1", "--file-allocation=none",
                "--allow-overwrite=true", "-d", downloads.toString(), "-o", "copy-" + i + ".bin", url));
          }
        }
        System.out.printf(Locale.ROOT, "carrier: grid 1 client %.1f MB/s, 8 clients %.1f MB/s (client verifies and decrypts)%n",
            one.mbPerSecond(), eight.mbPerSecond());
        System.out.printf(Locale.ROOT, "carrier: nginx+curl 1 client %.1f MB/s, 8 clients %.1f MB/s; nginx+aria2c %.1f, %.1f MB/s;"
            + " http.server %.1f, %.1f MB/s (raw bytes)%n", curl[0].mbPerSecond(), curl[1].mbPerSecond(), aria2c[0].mbPerSecond(),
            aria2c[1].mbPerSecond(), http[0], http[1]);
        System.out.printf(Locale.ROOT, "carrier: rss idle %.1f MiB, serving 8 clients peak %.1f MiB; client JVM peak %.1f MiB%n",
            idleRss / 1024.0, peakRss.get() / 1024.0, clientRss[0] / 1024.0);
        HttpBaselines.Measured[] grids = {one, eight};
        for (int k = 0; k < 2; k++) {
          System.out.println(HttpBaselines.carrierLine(k == 0 ? 1 : 8, grids[k], aria2c[k], curl[k], idleRss, k == 0 ? idleRss : peakRss.get(),
              clientRss[0]));
        }
      }
    }
    System.exit(0);
  }

  /** Aggregate MB/s of {@code clients} whole-title downloads from the carrier at once, and this JVM's CPU-seconds per GB. */
  private static HttpBaselines.Measured gridRate(BenchGrid grid, int port, int clients, Runnable sample, long[] clientRss) throws Exception {
    List<Download> downloads = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      PieceStore store = PieceStore.open(grid.root.resolve("client-" + clients + "-" + i), grid.keys);
      DownloadSession.Source source = new DownloadSession.Source(BenchCarrierMain.NODE_ID, "127.0.0.1", port, false, "local", 0, true);
      downloads.add(grid.download(store, List.of(source), grid.root.resolve("out-" + clients + "-" + i + ".bin")));
    }
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long cpuStart = os.getProcessCpuTime();
    long start = System.nanoTime();
    List<CompletableFuture<Download.Result>> running = downloads.stream().map(Download::start).toList();
    CompletableFuture<Void> all = CompletableFuture.allOf(running.toArray(CompletableFuture[]::new));
    while (!all.isDone()) {
      if (sample != null) {
        sample.run();
      }
      clientRss[0] = Math.max(clientRss[0], CarrierProcess.rssKib(ProcessHandle.current().pid()));
      Thread.sleep(100);
    }
    all.get(10, TimeUnit.MINUTES);
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuSeconds = (os.getProcessCpuTime() - cpuStart) / 1e9;
    for (CompletableFuture<Download.Result> done : running) {
      Files.delete(done.get().output());
    }
    double bytes = (double) clients * grid.encrypted.manifest().storedSizeBytes();
    return new HttpBaselines.Measured(bytes / 1e6 / seconds, cpuSeconds / (bytes / 1e9));
  }

  /** The same stored file from Python's http.server, 1 then 8 clients at once. */
  private static double[] httpRates(Path file) throws Exception {
    int port;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    Process server = new ProcessBuilder("python3", "-m", "http.server", String.valueOf(port), "--bind", "127.0.0.1", "--directory",
        file.getParent().toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      HttpClient http = HttpClient.newHttpClient();
      URI uri = URI.create("http://127.0.0.1:" + port + "/" + file.getFileName());
      for (int attempt = 0; attempt < 50; attempt++) {
        try {
          http.send(HttpRequest.newBuilder(uri).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
          break;
        } catch (IOException notYet) {
          Thread.sleep(100);
        }
      }
      return new double[] {httpRate(http, uri, 1, Files.size(file)), httpRate(http, uri, 8, Files.size(file))};
    } finally {
      server.destroyForcibly().waitFor();
    }
  }

  private static double httpRate(HttpClient http, URI uri, int clients, long size) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      long start = System.nanoTime();
      List<Future<Long>> fetches = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        fetches.add(pool.submit(() -> {
          try (InputStream body = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofInputStream()).body()) {
            byte[] buffer = new byte[1 << 16];
            long total = 0;
            for (int read; (read = body.read(buffer)) >= 0; ) {
              total += read;
            }
            return total;
          }
        }));
      }
      long bytes = 0;
      for (Future<Long> fetch : fetches) {
        bytes += fetch.get();
      }
      if (bytes != clients * size) {
        throw new IllegalStateException("http.server sent " + bytes + " bytes, expected " + clients * size);
      }
      return bytes / 1e6 / ((System.nanoTime() - start) / 1e9);
    } finally {
      pool.shutdownNow();
    }
  }
}
