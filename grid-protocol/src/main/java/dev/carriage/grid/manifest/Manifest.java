package dev.carriage.grid.manifest;

import dev.carriage.grid.crypto.PieceCipher;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What a title's content is: its size, how it is cut into pieces, the SHA-256 of every
 * encrypted piece and the Merkle root over them. Built only through {@link #of}, which checks
 * that every part agrees with every other, so an inconsistent manifest cannot exist.
 *
 * <p>Sizes are of the plain content; each stored piece is its plain length plus the cipher's
 * {@value PieceCipher#TAG_LENGTH}-byte tag, and the hashes are over those stored bytes, so a
 * carrier can verify what it cannot read.
 */
public record Manifest(
    UUID titleId, long contentSizeBytes, int pieceSizeBytes, List<Sha256> pieceHashes, Sha256 merkleRoot, Instant createdAt) {

  public static final long CONTENT_SIZE_MAX = 1L << 40;
  public static final int PIECE_SIZE_MIN = 16 * 1024;
  public static final int PIECE_SIZE_MAX = 16 * 1024 * 1024;
  public static final int PIECE_SIZE_DEFAULT = 1024 * 1024;
  public static final int PIECE_COUNT_MAX = 1 << 20;

  /** Refuses any manifest whose parts disagree, whoever builds it. */
  public Manifest {
    Objects.requireNonNull(titleId, "titleId");
    Objects.requireNonNull(merkleRoot, "merkleRoot");
    Objects.requireNonNull(createdAt, "createdAt");
    pieceHashes = List.copyOf(pieceHashes);
    if (contentSizeBytes < 1 || contentSizeBytes > CONTENT_SIZE_MAX) {
      throw new IllegalArgumentException("content size: " + contentSizeBytes + " (expected: 1 to " + CONTENT_SIZE_MAX + ")");
    }
    if (Integer.bitCount(pieceSizeBytes) != 1 || pieceSizeBytes < PIECE_SIZE_MIN || pieceSizeBytes > PIECE_SIZE_MAX) {
      throw new IllegalArgumentException(
          "piece size: " + pieceSizeBytes + " (expected: a power of two from " + PIECE_SIZE_MIN + " to " + PIECE_SIZE_MAX + ")");
    }
    long expectedPieces = pieceCountFor(contentSizeBytes, pieceSizeBytes);
    if (expectedPieces > PIECE_COUNT_MAX) {
      throw new IllegalArgumentException("piece count: " + expectedPieces + " (expected: <= " + PIECE_COUNT_MAX + ")");
    }
    if (pieceHashes.size() != expectedPieces) {
      throw new IllegalArgumentException("piece hashes: " + pieceHashes.size() + " (expected: " + expectedPieces + " for "
          + contentSizeBytes + " bytes in pieces of " + pieceSizeBytes + ")");
    }
    if (!MerkleTree.root(pieceHashes).matches(merkleRoot)) {
      throw new IllegalArgumentException("merkle root: " + merkleRoot + " is not the root of the piece hashes");
    }
  }

  /** A manifest with its Merkle root computed, its time cut to the millisecond the encoding keeps. */
  public static Manifest of(UUID titleId, long contentSizeBytes, int pieceSizeBytes, List<Sha256> pieceHashes, Instant createdAt) {
    Sha256 root = pieceHashes.isEmpty() ? Sha256.of(new byte[Sha256.LENGTH]) : MerkleTree.root(pieceHashes);
    return new Manifest(titleId, contentSizeBytes, pieceSizeBytes, pieceHashes, root, createdAt.truncatedTo(ChronoUnit.MILLIS));
  }

  /** The piece size a publisher should use: 1 MiB, or larger when that would make too many pieces. */
  public static int pieceSizeFor(long contentSizeBytes) {
    return pieceSizeFor(contentSizeBytes, PIECE_SIZE_DEFAULT);
  }

  /** As above from {@code smallest} (a power of two in range) instead of 1 MiB. */
  public static int pieceSizeFor(long contentSizeBytes, int smallest) {
    int size = smallest;
    while (pieceCountFor(contentSizeBytes, size) > PIECE_COUNT_MAX && size < PIECE_SIZE_MAX) {
      size *= 2;
    }
    return size;
  }

  static long pieceCountFor(long contentSizeBytes, int pieceSizeBytes) {
    return (contentSizeBytes + pieceSizeBytes - 1) / pieceSizeBytes;
  }

  public int pieceCount() {
    return pieceHashes.size();
  }

  /** The plain bytes in piece {@code index}: the piece size, except for a shorter last piece. */
  public int plainLength(int index) {
    checkIndex(index);
    long start = (long) index * pieceSizeBytes;
    return (int) Math.min(pieceSizeBytes, contentSizeBytes - start);
  }

  /** The stored (encrypted) bytes of piece {@code index}. */
  public int storedLength(int index) {
    return plainLength(index) + PieceCipher.TAG_LENGTH;
  }

  /** Where piece {@code index} starts in the stored content, where pieces lie end to end. */
  public long storedOffset(int index) {
    checkIndex(index);
    return (long) index * (pieceSizeBytes + PieceCipher.TAG_LENGTH);
  }

  public long storedSizeBytes() {
    return contentSizeBytes + (long) pieceCount() * PieceCipher.TAG_LENGTH;
  }

  public Sha256 pieceHash(int index) {
    checkIndex(index);
    return pieceHashes.get(index);
  }

  public boolean hasPiece(int index) {
    return index >= 0 && index < pieceCount();
  }

  private void checkIndex(int index) {
    if (!hasPiece(index)) {
      throw new IndexOutOfBoundsException("piece " + index + " (expected: 0 to " + (pieceCount() - 1) + ")");
    }
  }
}
