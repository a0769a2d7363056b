package dev.carriage.store.launch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.carriage.node.bench.HttpBaselines;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
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
 * {@code ops/bench/grid} runs it.
 */
class GridProcessesBenchmark {

  private static final int SIZE_MIB = Integer.getInteger("bench.size-mib", 256);
  private static final Path LOGS = Path.of("target", "packaged-store-it");
  /** The launcher a user runs, with its memory bounds. */
  private static final Path LAUNCHER = Path.of("..", "peer-node", "bin", "peer-node").toAbsolutePath();
  private static final String DEMO_PASSWORD = "carriage-demo";

  @TempDir Path home;

  @Test
  void peerNodeProcesses_nextToNginxCurlAndAria2c() throws Exception {
    Files.createDirectories(LOGS);
    try (StoreProcess store = StoreProcess.start(Map.of("CARRIAGE_HOME", home.resolve("store").toString(), "CARRIAGE_DEMO_ENABLED", "true"),
        LOGS.resolve("grid-bench-store.log"))) {
      String publisher = login(store, "publisher@demo.carriage.local");
      String titleId = given().baseUri(store.baseUri()).auth().oauth2(publisher).contentType(ContentType.JSON).body(Map.of("kind", "game",
              "name", "Benchmark title", "description", "Random bytes.", "price", Map.of("amountMinor", 999, "currency", "EUR"),
              "sizeBytes", (long) SIZE_MIB << 20, "releaseDate", "2026-01-01", "tags", List.of("bench"), "demo", Map.of("policy", "none")))
          .post("/api/titles").then().statusCode(201).extract().path("id");
      Path media = random(home.resolve("media.bin"), (long) SIZE_MIB << 20);
      Path origin = home.resolve("origin");
      run(List.of("publish", media.toString(), "--title", titleId, "--store", store.baseUri(), "--data", origin.toString(),
          "--email", "publisher@demo.carriage.local", "--password", DEMO_PASSWORD), LOGS.resolve("grid-bench-publish.log"));
      Path stored = origin.resolve("titles").resolve(titleId).resolve("content.bin");
      long storedBytes = Files.size(stored);

      Process serve = new ProcessBuilder(List.of(LAUNCHER.toString(), "serve", "--origin", "--data", origin.toString(),
          "--store", store.baseUri(), "--listen", "127.0.0.1:0", "--name", "bench-origin", "--email", "admin@demo.carriage.local",
          "--password", DEMO_PASSWORD)).redirectErrorStream(true).start();
      try {
        awaitLine(serve, Pattern.compile("listening on [0-9.]+:([0-9]+)"));
        long idleKib = rssKib(serve.pid());
        List<Measured> grid = new ArrayList<>();
        AtomicLong busyKib = new AtomicLong();
        for (int clients : new int[] {1, 8}) {
          grid.add(gets(store, titleId, clients, media, storedBytes, serve.pid(), busyKib));
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
          System.out.printf(Locale.ROOT, "carrier: clients=%d get_mb_s=%.1f aria2c_mb_s=%.1f curl_mb_s=%.1f get_cpu_s_per_gb=%.2f"
                  + " aria2c_cpu_s_per_gb=%.2f serve_rss_idle_mib=%.1f serve_rss_busy_mib=%.1f get_rss_mib=%.1f%n", k == 0 ? 1 : 8,
              grid.get(k).mbPerSecond(), aria2c[k].mbPerSecond(), curl[k].mbPerSecond(), grid.get(k).cpuSecondsPerGb(),
              aria2c[k].cpuSecondsPerGb(), idleKib / 1024.0, grid.get(k).serveKib() / 1024.0, grid.get(k).getKib() / 1024.0);
        }
      } finally {
        serve.destroy();
        serve.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  /** One run of {@code clients} cold {@code peer-node get} processes at once, each a buyer of its own. */
  private record Measured(double mbPerSecond, double cpuSecondsPerGb, long serveKib, long getKib) {}

  private Measured gets(StoreProcess store, String titleId, int clients, Path media, long storedBytes, long servePid, AtomicLong busy)
      throws Exception {
    List<String> buyers = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      String email = "bench-buyer-" + clients + "-" + i + "@bench.local";
      given().baseUri(store.baseUri()).contentType(ContentType.JSON)
          .body(Map.of("email", email, "password", DEMO_PASSWORD, "displayName", "Bench buyer")).post("/api/auth/register")
          .then().statusCode(201);
      String token = login(store, email);
      JsonPath order = given().baseUri(store.baseUri()).auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("titleId", titleId))
          .post("/api/orders").then().statusCode(201).extract().jsonPath();
      given().baseUri(store.baseUri()).auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("cardNumber", "4242 4242 4242 4242"))
          .post(order.getString("payment.confirmUrl")).then().statusCode(200);
      buyers.add(email);
    }
    List<Process> running = new ArrayList<>();
    List<Path> timings = new ArrayList<>();
    List<Path> outputs = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < clients; i++) {
      Path timing = home.resolve("get-" + clients + "-" + i + ".time");
      Path output = home.resolve("got-" + clients + "-" + i + ".bin");
      timings.add(timing);
      outputs.add(output);
      running.add(new ProcessBuilder(List.of("/usr/bin/time", "-f", "%U %S", "-o", timing.toString(), LAUNCHER.toString(),
          "get", titleId, "--store", store.baseUri(), "--email", buyers.get(i), "--password", DEMO_PASSWORD, "-o", output.toString(),
          "--data", home.resolve("client-" + clients + "-" + i).toString())).redirectErrorStream(true)
          .redirectOutput(LOGS.resolve("grid-bench-get-" + clients + "-" + i + ".log").toFile()).start());
    }
    // Memory is sampled while they run: the daemon's, and the largest get's.
    AtomicLong serveKib = new AtomicLong();
    AtomicLong getKib = new AtomicLong();
    CompletableFuture<Void> all = CompletableFuture.allOf(running.stream().map(Process::onExit).toArray(CompletableFuture[]::new));
    while (!all.isDone()) {
      serveKib.accumulateAndGet(rssKib(servePid), Math::max);
      for (Process time : running) {
        time.descendants().forEach(java -> getKib.accumulateAndGet(rssKib(java.pid()), Math::max));
      }
      Thread.sleep(50);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpu = 0;
    for (int i = 0; i < clients; i++) {
      assertThat(running.get(i).exitValue()).as("peer-node get " + i + ", see its log").isZero();
      assertThat(Files.mismatch(media, outputs.get(i))).as("byte-identical download").isEqualTo(-1);
      String[] userSystem = Files.readString(timings.get(i)).trim().split("\\s+");
      cpu += Double.parseDouble(userSystem[userSystem.length - 2]) + Double.parseDouble(userSystem[userSystem.length - 1]);
      Files.delete(outputs.get(i));
    }
    busy.accumulateAndGet(serveKib.get(), Math::max);
    double bytes = (double) clients * storedBytes;
    return new Measured(bytes / 1e6 / seconds, cpu / (bytes / 1e9), serveKib.get(), getKib.get());
  }

  private static String login(StoreProcess store, String email) {
    return given().baseUri(store.baseUri()).contentType(ContentType.JSON).body(Map.of("email", email, "password", DEMO_PASSWORD))
        .post("/api/auth/login").then().statusCode(200).extract().path("token");
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

  private static long rssKib(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (java.io.IOException gone) {
      return 0;
    }
    return 0;
  }

  private static Path random(Path file, long bytes) throws Exception {
    byte[] block = new byte[1 << 20];
    new Random(7).nextBytes(block);
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long written = 0, n = 0; written < bytes; written += block.length, n++) {
        block[0] = (byte) n;
        block[1] = (byte) (n >> 8);
        out.write(block, 0, (int) Math.min(block.length, bytes - written));
      }
    }
    return file;
  }
}
