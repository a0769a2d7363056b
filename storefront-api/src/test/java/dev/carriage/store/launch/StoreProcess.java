package dev.carriage.store.launch;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The packaged store run as its own process, the way an operator runs it. */
final class StoreProcess implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final int port;
  private final Duration startTime;

  private StoreProcess(Process process, int port, Duration startTime) {
    this.process = process;
    this.port = port;
    this.startTime = startTime;
  }

  /** Starts the jar with these extra environment variables and waits until it is ready. */
  static StoreProcess start(Map<String, String> environment, Path log) throws Exception {
    String jar = System.getProperty("carriage.app.jar");
    if (jar == null || !Files.exists(Path.of(jar))) {
      throw new IllegalStateException("carriage.app.jar is not a built jar: " + jar + " (run through mvn verify)");
    }
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().remove("CARRIAGE_DB_URL");
    builder.environment().putAll(environment);
    builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
    long started = System.nanoTime();
    Process process = builder.start();
    awaitReady(process, port);
    return new StoreProcess(process, port, Duration.ofNanos(System.nanoTime() - started));
  }

  /**
   * Runs the jar with these extra environment variables expecting it to refuse to start: its exit
   * code, or an exception if it is still running after {@code timeout}.
   */
  static int runExpectingRefusal(Map<String, String> environment, Path log, Duration timeout) throws Exception {
    String jar = System.getProperty("carriage.app.jar");
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar)
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().remove("CARRIAGE_DB_URL");
    builder.environment().putAll(environment);
    builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(freePort()));
    Process process = builder.start();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("the store was still running after " + timeout);
    }
    return process.exitValue();
  }

  long pid() {
    return process.pid();
  }

  /** Kills the store outright (SIGKILL), as the out-of-memory killer would, and waits until it is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  String baseUri() {
    return "http://127.0.0.1:" + port;
  }

  Duration startTime() {
    return startTime;
  }

  /** Resident memory of the JVM alone, from /proc. */
  long residentKib() throws IOException {
    return residentKib(process.pid());
  }

  /**
   * Resident memory of the PostgreSQL server whose command line names {@code dataDirectory}, and
   * of its workers (pg_ctl detaches them from the store's process tree). Shared memory is counted
   * in every process that touched it, so this is an upper bound.
   */
  static long postgresResidentKib(Path dataDirectory) throws IOException {
    long total = 0;
    for (ProcessHandle handle : ProcessHandle.allProcesses().toList()) {
      String commandLine = handle.info().commandLine().orElse("");
      if (commandLine.contains("postgres") && commandLine.contains(dataDirectory.toString())) {
        total += residentKib(handle.pid());
        for (ProcessHandle worker : handle.descendants().toList()) {
          total += residentKib(worker.pid());
        }
      }
    }
    return total;
  }

  /** A process's resident memory, from /proc; 0 once it is gone (or between the check and the read). */
  static long residentKib(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException gone) {
      return 0;
    }
    return 0;
  }

  /** Stops the store as an operator would (SIGTERM) and waits for it to finish. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("the store did not stop within " + STOP_TIMEOUT);
      }
    } catch (InterruptedException interrupted) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static void awaitReady(Process process, int port) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).timeout(Duration.ofSeconds(5)).build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the store exited with " + process.exitValue() + " before it was ready");
      }
      try {
        if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notListeningYet) {
        // keep polling until the deadline
      }
      process.waitFor(250, TimeUnit.MILLISECONDS);
    }
    process.destroyForcibly();
    throw new IllegalStateException("the store was not ready within " + START_TIMEOUT);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
