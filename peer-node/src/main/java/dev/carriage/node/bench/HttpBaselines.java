package dev.carriage.node.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * The peers a user would pick instead of the grid, for the benchmarks to run beside it: nginx
 * serving a directory, and any number of fetch processes (curl, aria2c) at once, each timed for
 * its CPU-seconds by {@code /usr/bin/time}.
 */
public final class HttpBaselines {

  private HttpBaselines() {}

  /** A side's aggregate rate, and the CPU it spent per GB (10^9 bytes) delivered. */
  public record Measured(double mbPerSecond, double cpuSecondsPerGb) {}

  /** Runs {@code clients} fetch processes at once, each under /usr/bin/time for its CPU-seconds, their output discarded. */
  public static Measured fetchers(int clients, long size, IntFunction<List<String>> command) throws Exception {
    return timed(clients, size, command, i -> ProcessBuilder.Redirect.DISCARD, running -> { });
  }

  /**
   * Runs {@code clients} processes at once, each under /usr/bin/time; {@code whileRunning} is
   * given them every 50 ms until all have exited (to sample their memory, say). Any that fails
   * fails the run. The rate is {@code clients × size} bytes over the wall time from the first launch.
   */
  public static Measured timed(int clients, long size, IntFunction<List<String>> command, IntFunction<ProcessBuilder.Redirect> output,
      Consumer<List<Process>> whileRunning) throws Exception {
    List<Process> running = new ArrayList<>();
    List<Path> timings = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < clients; i++) {
      Path timing = Files.createTempFile("carriage-bench-time", ".txt");
      timings.add(timing);
      List<String> timed = new ArrayList<>(List.of("/usr/bin/time", "-f", "%U %S", "-o", timing.toString()));
      timed.addAll(command.apply(i));
      running.add(new ProcessBuilder(timed).redirectErrorStream(true).redirectOutput(output.apply(i)).start());
    }
    CompletableFuture<Void> all = CompletableFuture.allOf(running.stream().map(Process::onExit).toArray(CompletableFuture[]::new));
    while (!all.isDone()) {
      whileRunning.accept(running);
      Thread.sleep(50);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    for (Process process : running) {
      if (process.exitValue() != 0) {
        throw new IllegalStateException(process.info().commandLine().orElse("a timed process") + " failed with exit " + process.exitValue());
      }
    }
    double cpu = 0;
    for (Path timing : timings) {
      String[] userSystem = Files.readString(timing).trim().split("\\s+");
      cpu += Double.parseDouble(userSystem[userSystem.length - 2]) + Double.parseDouble(userSystem[userSystem.length - 1]);
      Files.delete(timing);
    }
    double bytes = (double) clients * size;
    return new Measured(bytes / 1e6 / seconds, cpu / (bytes / 1e9));
  }

  /** The carrier benchmarks' last line, one per client count, the same for every variant so runs compare. */
  public static String carrierLine(int clients, Measured get, Measured aria2c, Measured curl, long serveIdleKib, long serveBusyKib,
      long getKib) {
    return String.format(java.util.Locale.ROOT, "carrier: clients=%d get_mb_s=%.1f aria2c_mb_s=%.1f curl_mb_s=%.1f get_cpu_s_per_gb=%.2f"
            + " aria2c_cpu_s_per_gb=%.2f serve_rss_idle_mib=%.1f serve_rss_busy_mib=%.1f get_rss_mib=%.1f", clients, get.mbPerSecond(),
        aria2c.mbPerSecond(), curl.mbPerSecond(), get.cpuSecondsPerGb(), aria2c.cpuSecondsPerGb(), serveIdleKib / 1024.0,
        serveBusyKib / 1024.0, getKib / 1024.0);
  }

  /** nginx serving one directory on a free loopback port, in the foreground, as a child of this JVM. */
  public static final class Nginx implements AutoCloseable {
    public final int port;
    private final Process process;

    private Nginx(int port, Process process) {
      this.port = port;
      this.process = process;
    }

    public static Nginx serve(Path root, Path work) throws Exception {
      int port;
      try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
        port = probe.getLocalPort();
      }
      Files.createDirectories(work);
      Path conf = work.resolve("nginx.conf");
      // As root, nginx's workers would run as nobody, who cannot read the benchmark's private temp directory.
      String user = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
      Files.writeString(conf, user + """
          daemon off;
          worker_processes 1;
          pid %1$s/nginx.pid;
          error_log %1$s/error.log;
          events { worker_connections 64; }
          http {
            access_log off;
            sendfile on;
            tcp_nopush on;
            client_body_temp_path %1$s;
            proxy_temp_path %1$s;
            fastcgi_temp_path %1$s;
            uwsgi_temp_path %1$s;
            scgi_temp_path %1$s;
            server { listen 127.0.0.1:%2$d; root %3$s; }
          }
          """.formatted(work, port, root));
      Process process = new ProcessBuilder("nginx", "-c", conf.toString(), "-p", work.toString()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      HttpClient http = HttpClient.newHttpClient();
      for (int attempt = 0; attempt < 100; attempt++) {
        try {
          http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).method("HEAD", HttpRequest.BodyPublishers.noBody())
              .build(), HttpResponse.BodyHandlers.discarding());
          return new Nginx(port, process);
        } catch (IOException notYet) {
          if (!process.isAlive()) {
            throw new IllegalStateException("nginx did not start: " + Files.readString(work.resolve("error.log")));
          }
          Thread.sleep(50);
        }
      }
      process.destroyForcibly();
      throw new IllegalStateException("nginx did not answer on port " + port);
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      process.waitFor();
    }
  }

}
