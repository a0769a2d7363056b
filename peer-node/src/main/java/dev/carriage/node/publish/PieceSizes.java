package dev.carriage.node.publish;

import dev.carriage.grid.manifest.Manifest;

/**
 * The piece size a title is published with, by its kind. Music and video are played while they
 * download, so their pieces are small: a quarter of a MiB is an eighth of a second at 2 MB/s, so
 * the first second of a film comes from several sources at once and the bytes in playing order
 * grow smoothly rather than a whole MiB per source at a time (at 0.6 MB/s a source takes 1.7 s
 * over a MiB, three times the half second it plays for). Games are only ever run whole, so theirs
 * stay at the grid's default, with four times fewer hashes, requests and bookkeeping per byte.
 */
public final class PieceSizes {

  /** Music and video: see above. */
  public static final int STREAMED = 256 * 1024;

  private PieceSizes() {}

  /**
   * For a title of {@code kind} as the store names it ({@code game}, {@code music}, {@code
   * video}; anything else is treated as a game) and of this size: larger only where the manifest
   * would otherwise hold too many pieces.
   */
  public static int forKind(String kind, long contentSizeBytes) {
    int smallest = switch (kind == null ? "" : kind) {
      case "music", "video" -> STREAMED;
      default -> Manifest.PIECE_SIZE_DEFAULT;
    };
    return Manifest.pieceSizeFor(contentSizeBytes, smallest);
  }
}
