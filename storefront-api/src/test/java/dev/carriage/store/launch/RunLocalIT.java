package dev.carriage.store.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's run command, with its store killed outright: every process it started goes with
 * the store (the origin and carriers included), and every port it took is free again.
 */
class RunLocalIT {

  private static final Path LOG = Path.of("target", "packaged-store-it", "run-local.log");

  @TempDir Path home;

  @Test
  void theStoreKilled_takesEveryProcessOfTheLocalRunWithIt_andFreesItsPorts() throws Exception {
    Files.createDirectories(LOG.getParent());
    Path repository = Path.of("..").toAbsolutePath().normalize();
    int httpPort = freePort();
    int gridPort = freeRun(4);
    ProcessBuilder builder = new ProcessBuilder("bash", repository.resolve("ops/run-local.sh").toString())
        .directory(repository.toFile()).redirectErrorStream(true);
    builder.environment().remove("CARRIAGE_DB_URL");
    builder.environment().put("CARRIAGE_HOME", home.toString());
    builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
    builder.environment().put("CARRIAGE_GRID_PORT", Integer.toString(gridPort));
    builder.environment().put("CARRIAGE_BUILD", "false");
    builder.environment().put("CARRIAGE_DEMO_MEDIA_MB", "1");
    Process run = builder.start();
    try {
      logUntil(run, "Carriage is running").get(180, TimeUnit.SECONDS);
      List<ProcessHandle> started = run.descendants().toList();
      ProcessHandle store = started.stream().filter(p -> p.info().commandLine().orElse("").contains("quarkus-run.jar")).findFirst()
          .orElseThrow(() -> new AssertionError("no store process among " + started.size()));
      assertThat(started.stream().filter(p -> p.info().commandLine().orElse("").contains("peer-node.jar")).count())
          .as("origin, two carriers and the demo buyer's node").isEqualTo(4);
      // The first start drove demo traffic through the real paths: the demo accounts' pages have figures.
      URI base = URI.create("http://127.0.0.1:" + httpPort);
      assertThat(get(base, "/api/publisher/sales?groupBy=title", "publisher@demo.carriage.local").path("totals").path(0).path("units").asLong())
          .as("three sandbox purchases of the demo publisher's titles").isEqualTo(3);
      assertThat(get(base, "/api/affiliate/stats", "buyer@demo.carriage.local").path("totals").path("orders").asLong())
          .as("the demo fan blog referred the listener's orders").isPositive();
      assertThat(get(base, "/api/library", "listener@demo.carriage.local").size()).isEqualTo(2);
      assertThat(home.resolve("demo-traffic.done")).exists();

      store.destroyForcibly();

      assertThat(run.waitFor(90, TimeUnit.SECONDS)).as("the run command ends with its store").isTrue();
      for (ProcessHandle process : started) {
        process.onExit().get(30, TimeUnit.SECONDS);
      }
      assertThat(started).noneMatch(ProcessHandle::isAlive);
      for (int port : new int[] {httpPort, gridPort, gridPort + 1, gridPort + 2, gridPort + 3}) {
        assertThat(isFree(port)).as("port %d", port).isTrue();
      }
      String data = home.resolve("postgres/data").toString();
      assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(data)).filter(ProcessHandle::isAlive)
          .toList()).as("PostgreSQL and its watchdog").isEmpty();
    } finally {
      run.descendants().forEach(ProcessHandle::destroyForcibly);
      run.destroyForcibly();
    }
  }

  /** A JSON answer of the running store, signed in as a demo account. */
  private static com.fasterxml.jackson.databind.JsonNode get(URI base, String path, String email) throws Exception {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    String token = json.readTree(http.send(java.net.http.HttpRequest.newBuilder(base.resolve("/api/auth/login"))
        .header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email + "\",\"password\":\"carriage-demo\"}")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString()).body()).path("token").asText();
    return json.readTree(http.send(java.net.http.HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + token).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString()).body());
  }

  /**
   * Copies the run's output to the log as it comes; the future completes when a line contains
   * {@code marker}, and fails if the output ends first.
   */
  private static CompletableFuture<Void> logUntil(Process run, String marker) {
    CompletableFuture<Void> seen = new CompletableFuture<>();
    Thread copier = new Thread(() -> {
      try (BufferedReader output = new BufferedReader(new InputStreamReader(run.getInputStream(), StandardCharsets.UTF_8));
          BufferedWriter log = Files.newBufferedWriter(LOG)) {
        for (String line; (line = output.readLine()) != null; ) {
          log.write(line);
          log.newLine();
          log.flush();
          if (line.contains(marker)) {
            seen.complete(null);
          }
        }
      } catch (IOException ended) {
        // the run is gone: the future fails below if the marker never came
      }
      seen.completeExceptionally(new AssertionError("the run command ended without '" + marker + "'; see " + LOG));
    }, "run-local-output");
    copier.setDaemon(true);
    copier.start();
    return seen;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The first of {@code count} consecutive free ports. */
  private static int freeRun(int count) throws IOException {
    for (int first = 20_000 + (int) (ProcessHandle.current().pid() % 10_000); first < 60_000; first += count) {
      boolean free = true;
      for (int port = first; port < first + count && free; port++) {
        free = isFree(port);
      }
      if (free) {
        return first;
      }
    }
    throw new IOException("no run of " + count + " free ports");
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException taken) {
      return false;
    }
  }
}
