package dev.carriage.node.play;

import dev.carriage.grid.manifest.Manifest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.IntConsumer;

/** A plain file being written piece by piece, as verified pieces are decrypted into it. */
public interface PlainPieces {

  Manifest manifest();

  boolean holds(int piece);

  /** Reads plain bytes at {@code position}; the caller asks only for held pieces. */
  int read(long position, ByteBuffer into) throws IOException;

  /** Called with each newly held piece. */
  void onPieceAdded(IntConsumer listener);
}
