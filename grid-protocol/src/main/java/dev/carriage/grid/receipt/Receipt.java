package dev.carriage.grid.receipt;

import dev.carriage.grid.manifest.Manifest;
import java.util.BitSet;
import java.util.Objects;
import java.util.UUID;

/**
 * What a download client says one carrier gave it in one session: the pieces it accepted from
 * that carrier (each verified against the manifest), their stored bytes, and a sequence number
 * that grows with every newer, larger receipt. Receipts are cumulative, so only the newest one
 * of a (session, carrier) pair matters.
 */
public record Receipt(UUID sessionId, UUID titleId, UUID carrierId, long sequence, int pieceCount, BitSet pieces, long bytes) {

  public Receipt {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(titleId, "titleId");
    Objects.requireNonNull(carrierId, "carrierId");
    Objects.requireNonNull(pieces, "pieces");
    if (sequence < 1) {
      throw new IllegalArgumentException("sequence: " + sequence + " (expected: >= 1)");
    }
    if (pieceCount < 1 || pieceCount > Manifest.PIECE_COUNT_MAX) {
      throw new IllegalArgumentException("piece count: " + pieceCount + " (expected: 1 to " + Manifest.PIECE_COUNT_MAX + ")");
    }
    if (pieces.length() > pieceCount) {
      throw new IllegalArgumentException("pieces: piece " + (pieces.length() - 1) + " set beyond " + pieceCount + " pieces");
    }
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes: " + bytes + " (expected: >= 0)");
    }
    pieces = (BitSet) pieces.clone();
  }

  /** The receipt for these accepted pieces, with their byte total taken from the manifest. */
  public static Receipt of(UUID sessionId, UUID carrierId, long sequence, Manifest manifest, BitSet pieces) {
    return new Receipt(sessionId, manifest.titleId(), carrierId, sequence, manifest.pieceCount(), pieces, storedBytes(manifest, pieces));
  }

  /** The stored (ciphertext) bytes of these pieces: what went over the wire for them. */
  public static long storedBytes(Manifest manifest, BitSet pieces) {
    long total = 0;
    for (int piece = pieces.nextSetBit(0); piece >= 0; piece = pieces.nextSetBit(piece + 1)) {
      total += manifest.storedLength(piece);
    }
    return total;
  }

  @Override
  public BitSet pieces() {
    return (BitSet) pieces.clone();
  }
}
