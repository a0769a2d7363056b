package dev.carriage.node.play;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** A title's plain bytes as a player reads them: whole on disk, or arriving while it downloads. */
public interface Playable {

  long size();

  /**
   * Reads what it can at {@code position} into {@code into} (waiting, at most {@code patience},
   * for the bytes to be verified and written); returns the bytes read, at least one.
   */
  int read(long position, ByteBuffer into, Duration patience) throws IOException, InterruptedException, TimeoutException;
}
