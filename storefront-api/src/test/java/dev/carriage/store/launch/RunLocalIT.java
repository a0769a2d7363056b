package dev.carriage.store.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    int gridPort = freeRun(3);
    ProcessBuilder builder = new ProcessBuilder("bash", repository.resolve("ops/run-local.sh").toString())
        .directory(repository.toFile()).redirectErrorStream(true).redirectOutput(LOG.toFile());
    builder.environment().remove("CARRIAGE_DB_URL");
    builder.environment().put("CARRIAGE_HOME", home.toString());
    builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
    builder.environment().put("CARRIAGE_GRID_PORT", Integer.toString(gridPort));
    builder.environment().put("CARRIAGE_BUILD", "false");
    builder.environment().put("CARRIAGE_DEMO_MEDIA_MB", "1");
    Process run = builder.start();
    try {
      awaitLog("Carriage is running", run);
      List<ProcessHandle> started = run.descendants().toList();
      ProcessHandle store = started.stream().filter(p -> p.info().commandLine().orElse("").contains("quarkus-run.jar")).findFirst()
          .orElseThrow(() -> new AssertionError("no store process among " + started.size()));
      assertThat(started.stream().filter(p -> p.info().commandLine().orElse("").contains("peer-node.jar")).count())
          .as("origin and two carriers").isEqualTo(3);

      store.destroyForcibly();

      assertThat(run.waitFor(90, TimeUnit.SECONDS)).as("the run command ends with its store").isTrue();
      for (ProcessHandle process : started) {
        process.onExit().get(30, TimeUnit.SECONDS);
      }
      assertThat(started).noneMatch(ProcessHandle::isAlive);
      for (int port : new int[] {httpPort, gridPort, gridPort + 1, gridPort + 2}) {
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

  private static void awaitLog(String line, Process run) throws Exception {
    for (int i = 0; i < 900; i++) {
      if (Files.exists(LOG) && Files.readString(LOG).contains(line)) {
        return;
      }
      if (!run.isAlive()) {
        throw new AssertionError("the run command ended: " + Files.readString(LOG));
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the run command did not say '" + line + "' in 180 s");
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
