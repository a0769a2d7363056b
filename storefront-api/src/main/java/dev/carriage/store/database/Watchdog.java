package dev.carriage.store.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * Makes the embedded PostgreSQL die with its store. PostgreSQL runs detached from the store's
 * process tree, so a store killed outright ({@code kill -9}, the out-of-memory killer) would leave
 * it running. A small shell process, deaf to the terminal's interrupt and hang-up, waits for the
 * store's process to end and then shuts the server down fast (SIGINT, see {@link FastShutdown}).
 * Linux and macOS have {@code /bin/sh} and {@code kill} for it; elsewhere (Windows) there is no
 * watchdog, and the next start stops a server left behind instead ({@link LeftoverServer}).
 */
final class Watchdog {

  private static final Logger LOG = Logger.getLogger(Watchdog.class);
  /** Named in the watchdog's command line, so an operator (or a test) can tell what it is. */
  static final String MARKER = "carriage-embedded-postgres-watchdog";

  private Watchdog() {}

  /** @param dataDirectory the server's, as its command line names it (also how a watchdog is told from another's) */
  static void watch(long postmasterPid, Path dataDirectory) {
    Path shell = Path.of("/bin/sh");
    if (!Files.isExecutable(shell) || !Files.isExecutable(FastShutdown.KILL)) {
      LOG.infof("No watchdog for the embedded PostgreSQL on this platform: a server left by a crash is stopped on the next start");
      return;
    }
    // Only a process that is still this directory's server is signalled: a pid can be reused once it has stopped.
    String script = "trap '' INT HUP TERM; while kill -0 \"$1\" 2>/dev/null; do sleep 1; done;"
        + " case \"$(ps -p \"$2\" -o command= 2>/dev/null)\" in *\"$3\"*) exec " + FastShutdown.KILL + " -INT \"$2\" 2>/dev/null;; esac";
    try {
      new ProcessBuilder(shell.toString(), "-c", script, MARKER, Long.toString(ProcessHandle.current().pid()), Long.toString(postmasterPid),
          dataDirectory.toString())
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
    } catch (IOException unavailable) {
      LOG.warnf("Could not start the embedded PostgreSQL's watchdog (%s): a server left by a crash is stopped on the next start",
          unavailable.getMessage());
    }
  }
}
