package dev.carriage.node.serve;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The operator's pause switch, kept as a file in the data directory so {@code peer-node pause}
 * and {@code resume} work on a running daemon, and the choice survives restarts.
 */
public final class NodeControl {

  private static final String PAUSED = "paused";

  private final Path file;

  public NodeControl(Path dataDirectory) {
    this.file = dataDirectory.resolve(PAUSED);
  }

  public boolean paused() {
    return Files.exists(file);
  }

  public void pause() {
    try {
      Files.writeString(file, "paused by the operator\n");
    } catch (IOException failed) {
      throw new UncheckedIOException(failed);
    }
  }

  public void resume() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException failed) {
      throw new UncheckedIOException(failed);
    }
  }
}
