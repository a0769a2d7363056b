package dev.carriage.store.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carriage.node.bench.HttpBaselines;
import dev.carriage.store.support.GridLab;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The grid as a user runs it: the packaged store, the real {@code peer-node serve --origin}
 * process holding a title, and real {@code peer-node get} processes started cold (JVM launch,
 * sign-in, session, download, verify, decrypt, exit), 1 and then 8 at once; next to nginx serving
 * the origin's stored file to curl and to aria2c in the same run. Prints MB/s (stored bytes over
 * wall time), client CPU-seconds per GB, and the resident memory of the serving daemon idle and
 * busy and of the largest {@code get}. Not a test (its name is outside failsafe's patterns);
 * {@code ops/bench/carrier} runs it.
 */
class GridProcessesBenchmark {

  private static final int SIZE_MIB = Integer.getInteger("bench.size-mib", 256);
  private static final Path LOGS = Path.of("target", "packaged-store-it");
  /** The launcher a user runs, with its memory bounds. */
  private static final Path LAUNCHER = Path.of("..", "peer-node", "bin", "peer-node").toAbsolutePath();

  @TempDir Path home;

  @Test
  void peerNodeProcesses_nextToNginxCurlAndAria2c() throws Exception {
    Files.createDirectories(LOGS);
    try (StoreProcess store = StoreProcess.start(Map.of("CARRIAGE_HOME", home.resolve("store").toString(), "CARRIAGE_DEMO_ENABLED", "true"),
        LOGS.resolve("grid-bench-store.log"))) {
      String titleId = BenchStore.newTitle(store.baseUri(), "Benchmark title", (long) SIZE_MIB << 20);
      Path media = GridLab.randomMedia(Files.createDirectories(home.resolve("media")), SIZE_MIB << 20, 7);
      Path origin = home.resolve("origin");
      run(List.of("publish", media.toString(), "--title", titleId, "--store", store.baseUri(), "--data", origin.toString(),
          "--email", BenchStore.PUBLISHER, "--password", BenchStore.PASSWORD), LOGS.resolve("grid-bench-publish.log"));
      Path stored = origin.resolve("titles").resolve(titleId).resolve("content.bin");
      long storedBytes = Files.size(stored);

      Process serve = new ProcessBuilder(List.of(LAUNCHER.toString(), "serve", "--origin", "--data", origin.toString(),
          "--store", store.baseUri(), "--listen", "127.0.0.1:0", "--name", "bench-origin", "--email", BenchStore.ADMIN,
          "--password", BenchStore.PASSWORD)).redirectErrorStream(true).start();
      try {
        awaitLine(serve, Pattern.compile("listening on [0-9.]+:([0-9]+)"));
        long idleKib = StoreProcess.residentKib(serve.pid());
        List<Measured> grid = new ArrayList<>();
        for (int clients : new int[] {1, 8}) {
          grid.add(gets(store, titleId, clients, media, storedBytes, serve.pid()));
        }
        HttpBaselines.Measured[] curl = new HttpBaselines.Measured[2];
        HttpBaselines.Measured[] aria2c = new HttpBaselines.Measured[2];
        try (HttpBaselines.Nginx nginx = HttpBaselines.Nginx.serve(stored.getParent(), home.resolve("nginx"))) {
          String url = "http://127.0.0.1:" + nginx.port + "/content.bin";
          Path fetched = Files.createDirectories(home.resolve("fetched"));
          for (int k = 0; k < 2; k++) {
            int clients = k == 0 ? 1 : 8;
            curl[k] = HttpBaselines.fetchers(clients, storedBytes, i -> List.of("curl", "-sf", "-o", "/dev/null", url));
            aria2c[k] = HttpBaselines.fetchers(clients, storedBytes, i -> List.of("aria2c", "-q", "-x1", "-s1", "--file-allocation=none",
                "--allow-overwrite=true", "-d", fetched.toString(), "-o", "copy-" + i + ".bin", url));
          }
        }
        for (int k = 0; k < 2; k++) {
          System.out.println(HttpBaselines.carrierLine(k == 0 ? 1 : 8, grid.get(k).rate(), aria2c[k], curl[k], idleKib, grid.get(k).serveKib(),
              grid.get(k).getKib()));
        }
      } finally {
        serve.destroy();
        serve.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  /** One run of {@code clients} cold {@code peer-node get} processes at once: their rate, and the peak memory of the daemon and of a get. */
  private record Measured(HttpBaselines.Measured rate, long serveKib, long getKib) {}

  private Measured gets(StoreProcess store, String titleId, int clients, Path media, long storedBytes, long servePid) throws Exception {
    List<String> buyers = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      String email = "bench-buyer-" + clients + "-" + i + "@bench.local";
      BenchStore.register(store.baseUri(), email);
      BenchStore.buy(store.baseUri(), email, titleId);
      buyers.add(email);
    }
    AtomicLong serveKib = new AtomicLong();
    AtomicLong getKib = new AtomicLong();
    HttpBaselines.Measured rate = HttpBaselines.timed(clients, storedBytes,
        i -> List.of(LAUNCHER.toString(), "get", titleId, "--store", store.baseUri(), "--email", buyers.get(i), "--password", BenchStore.PASSWORD,
            "-o", output(clients, i).toString(), "--data", home.resolve("client-" + clients + "-" + i).toString()),
        i -> ProcessBuilder.Redirect.to(LOGS.resolve("grid-bench-get-" + clients + "-" + i + ".log").toFile()),
        running -> {
          // The daemon's memory, and the largest get's (each a child of its /usr/bin/time).
          serveKib.accumulateAndGet(StoreProcess.residentKib(servePid), Math::max);
          running.forEach(time -> time.descendants().forEach(java -> getKib.accumulateAndGet(StoreProcess.residentKib(java.pid()), Math::max)));
        });
    for (int i = 0; i < clients; i++) {
      assertThat(Files.mismatch(media, output(clients, i))).as("byte-identical download").isEqualTo(-1);
      Files.delete(output(clients, i));
    }
    return new Measured(rate, serveKib.get(), getKib.get());
  }

  private Path output(int clients, int i) {
    return home.resolve("got-" + clients + "-" + i + ".bin");
  }

  private static void run(List<String> peerNodeArguments, Path log) throws Exception {
    List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
    command.addAll(peerNodeArguments);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertThat(process.waitFor()).as("peer-node " + peerNodeArguments.get(0) + ": " + Files.readString(log)).isZero();
  }

  private static void awaitLine(Process process, Pattern pattern) throws Exception {
    BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    for (String line; (line = lines.readLine()) != null; ) {
      Matcher found = pattern.matcher(line);
      if (found.find()) {
        Thread drain = new Thread(() -> lines.lines().forEach(rest -> { }), "serve-output");
        drain.setDaemon(true);
        drain.start();
        return;
      }
    }
    throw new IllegalStateException("peer-node serve ended before it said it was listening");
  }


}
