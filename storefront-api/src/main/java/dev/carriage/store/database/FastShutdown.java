package dev.carriage.store.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * PostgreSQL's fast shutdown: SIGINT to the postmaster, which is all {@code pg_ctl stop -m fast}
 * does (pg_ctl itself refuses to run as root, as these machines run). Open transactions roll
 * back, what was committed stays. Without {@code kill} (Windows) the process is asked to end the
 * platform's way.
 */
final class FastShutdown {

  static final Path KILL = Path.of("/bin/kill");

  private FastShutdown() {}

  /** Shuts the server down and waits until its process is gone, or throws. */
  static void of(ProcessHandle postmaster, Duration wait) {
    try {
      if (Files.isExecutable(KILL)) {
        new ProcessBuilder(KILL.toString(), "-INT", Long.toString(postmaster.pid())).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
      } else {
        postmaster.destroy();
      }
      postmaster.onExit().get(wait.toSeconds(), TimeUnit.SECONDS);
    } catch (IOException | ExecutionException | TimeoutException failed) {
      throw new IllegalStateException("could not stop PostgreSQL process " + postmaster.pid() + ": " + failed, failed);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping PostgreSQL process " + postmaster.pid(), interrupted);
    }
  }
}
