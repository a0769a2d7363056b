package dev.carriage.node.client;

import java.util.ArrayDeque;

/**
 * The byte arrays whole pieces are assembled in, kept for the next piece once a piece is
 * verified and decrypted, so a download does not allocate a piece's worth of garbage per piece
 * and its heap stays near what is in flight. Only pieces of the manifest's usual size are kept
 * (the last, shorter one is allocated as it comes); at most {@code kept} arrays are kept, which
 * the download's own bounds on pieces in flight and waiting already exceed.
 */
final class PieceBuffers {

  private final int pieceSize;
  private final int kept;
  private final ArrayDeque<byte[]> free = new ArrayDeque<>();

  PieceBuffers(int pieceSize, int kept) {
    this.pieceSize = pieceSize;
    this.kept = kept;
  }

  /** An array of exactly {@code length} bytes; its old contents are overwritten by the piece's blocks. */
  synchronized byte[] take(int length) {
    if (length == pieceSize && !free.isEmpty()) {
      return free.pop();
    }
    return new byte[length];
  }

  /** The array is no longer read or written by anyone. */
  synchronized void give(byte[] buffer) {
    if (buffer.length == pieceSize && free.size() < kept) {
      free.push(buffer);
    }
  }
}
