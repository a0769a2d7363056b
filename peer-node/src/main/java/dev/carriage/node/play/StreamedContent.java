package dev.carriage.node.play;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.LongConsumer;

/**
 * A title as a player reads it while it downloads: a read waits until the piece under it is
 * verified and written, and tells the download where the player is, so the pieces it needs
 * next come first. Only verified pieces are ever read: a piece that fails its hash is never in
 * the plain file.
 */
public final class StreamedContent implements Playable {

  private final PlainPieces file;
  private final LongConsumer playhead;
  private final Object arrivals = new Object();
  /** The piece the player read last, so the playhead moves once per piece, not once per read. */
  private volatile int lastPiece = -1;

  public StreamedContent(PlainPieces file, LongConsumer playhead) {
    this.file = file;
    this.playhead = playhead;
    file.onPieceAdded(piece -> {
      synchronized (arrivals) {
        arrivals.notifyAll();
      }
    });
  }

  @Override
  public long size() {
    return file.manifest().contentSizeBytes();
  }

  /**
   * Reads what it can at {@code position} into {@code into}, up to the end of the piece there,
   * once that piece is in; returns the bytes read.
   */
  @Override
  public int read(long position, ByteBuffer into, Duration patience) throws IOException, InterruptedException, TimeoutException {
    if (position < 0 || position >= size()) {
      throw new IllegalArgumentException("position " + position + " of " + size() + " bytes");
    }
    int pieceSize = file.manifest().pieceSizeBytes();
    int piece = (int) (position / pieceSize);
    if (piece != lastPiece) {
      lastPiece = piece;
      playhead.accept(position);
    }
    awaitPiece(piece, patience);
    long pieceEnd = Math.min(size(), (long) (piece + 1) * pieceSize);
    ByteBuffer window = into.slice();
    window.limit((int) Math.min(window.remaining(), pieceEnd - position));
    int read = 0;
    while (window.hasRemaining()) {
      int now = file.read(position + read, window);
      if (now < 0) {
        throw new IOException("the plain file ends at " + (position + read) + " of " + size() + " bytes");
      }
      read += now;
    }
    into.position(into.position() + read);
    return read;
  }

  private void awaitPiece(int piece, Duration patience) throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + patience.toNanos();
    synchronized (arrivals) {
      while (!file.holds(piece)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new TimeoutException("piece " + piece + " did not arrive within " + patience.toSeconds() + " s");
        }
        arrivals.wait(Math.max(1, left / 1_000_000));
      }
    }
  }
}
