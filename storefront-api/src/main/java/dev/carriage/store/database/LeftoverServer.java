package dev.carriage.store.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * What a previous run left in a data directory. After a clean stop PostgreSQL removes its
 * {@code postmaster.pid}; one still there means the store ended uncleanly. If the process it
 * names is alive and is this store's own PostgreSQL (its binaries, this directory), its store is
 * gone (the caller holds the directory's lock), so it is stopped cleanly with a fast shutdown
 * ({@link FastShutdown}, what {@code pg_ctl stop -m fast} sends); PostgreSQL's own recovery then
 * replays what was committed. A live process of other binaries is never touched: the start is
 * refused, naming it.
 */
final class LeftoverServer {

  private static final Logger LOG = Logger.getLogger(LeftoverServer.class);
  private static final long STOP_SECONDS = 60;

  private LeftoverServer() {}

  /** Clears the way for a start; true when the last stop was unclean (and so recovery will run). */
  static boolean clear(Path dataDirectory, Path binaryDirectory) {
    Path pidFile = dataDirectory.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return false;
    }
    Optional<ProcessHandle> running = pidOf(pidFile).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
    if (running.isEmpty()) {
      return true; // a stale lock file: PostgreSQL sees its process is gone and starts over it
    }
    ProcessHandle server = running.get();
    String command = server.info().command().orElse("");
    String commandLine = server.info().commandLine().orElse(command);
    if (!command.startsWith(binaryDirectory.toAbsolutePath().toString()) || !commandLine.contains(dataDirectory.toAbsolutePath().toString())) {
      throw new IllegalStateException("the embedded database in " + dataDirectory + " is held by process " + server.pid() + " ("
          + command + "), which is not this store's PostgreSQL; stop it first");
    }
    LOG.warnf("PostgreSQL process %d outlived the store that started it; stopping it before starting again", server.pid());
    FastShutdown.of(server, Duration.ofSeconds(STOP_SECONDS));
    return true;
  }

  private static Optional<Long> pidOf(Path pidFile) {
    try {
      List<String> lines = Files.readAllLines(pidFile);
      return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).strip()));
    } catch (IOException | NumberFormatException unreadable) {
      return Optional.empty();
    }
  }
}
