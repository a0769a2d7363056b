package dev.carriage.store.launch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** A process a benchmark started: its output goes, line by line, to its log and to whoever waits for a line of it. */
final class LaunchedProcess {

  final Process process;
  private final Path logs;
  private final List<String> lines = new ArrayList<>();
  private final List<Map.Entry<String, CompletableFuture<String>>> waiting = new ArrayList<>();
  private final List<Long> seenAt = new ArrayList<>();
  private boolean ended;

  private LaunchedProcess(Process process, String name, Path logs) {
    this.process = process;
    this.logs = logs;
    Thread reader = new Thread(() -> read(logs.resolve(name + ".log")), "output-" + name);
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code command}, its output into {@code logs/NAME.log}; the process joins {@code running}, to be stopped by the caller. */
  static LaunchedProcess start(List<String> command, String name, List<Process> running, Path logs) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    running.add(process);
    return new LaunchedProcess(process, name, logs);
  }

  private void read(Path logFile) {
    try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter log = new PrintWriter(Files.newBufferedWriter(logFile))) {
      log.println(process.info().commandLine().orElse(""));
      for (String line; (line = output.readLine()) != null; ) {
        log.println(line);
        log.flush();
        seen(line);
      }
    } catch (IOException failed) {
      // The process is gone; those waiting hear it below.
    }
    synchronized (this) {
      ended = true;
      waiting.forEach(entry -> entry.getValue().completeExceptionally(
          new IllegalStateException("the process ended without '" + entry.getKey() + "'; see " + logs)));
    }
  }

  private synchronized void seen(String line) {
    lines.add(line);
    seenAt.add(System.nanoTime());
    waiting.removeIf(entry -> line.contains(entry.getKey()) && entry.getValue().complete(line));
  }

  /** The first line containing {@code marker}, once printed. */
  synchronized CompletableFuture<String> line(String marker) {
    CompletableFuture<String> seen = new CompletableFuture<>();
    lines.stream().filter(line -> line.contains(marker)).findFirst().ifPresentOrElse(seen::complete, () -> {
      if (ended) {
        seen.completeExceptionally(new IllegalStateException("the process ended without '" + marker + "'; see " + logs));
      } else {
        waiting.add(Map.entry(marker, seen));
      }
    });
    return seen;
  }

  /** Completes with the {@link System#nanoTime} at which a line containing {@code marker} was printed. */
  CompletableFuture<Long> when(String marker) {
    return line(marker).thenApply(this::printedAt);
  }

  private synchronized long printedAt(String line) {
    return seenAt.get(lines.indexOf(line));
  }

  /** The seconds from {@code started} until the process printed {@code marker}. */
  CompletableFuture<Double> secondsUntil(String marker, long started) {
    return when(marker).thenApply(at -> (at - started) / 1e9);
  }
}
