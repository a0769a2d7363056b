package dev.carriage.catalog.feed;

/**
 * Bounds on what a feed may hold, checked while it is read so a hostile feed cannot exhaust memory.
 *
 * @param fieldCharsMax the longest single field (a description is at most 5,000 characters; 64 Ki leaves room)
 * @param rowsMax the most rows a feed may have
 * @param mediaBytesMax the largest media file
 */
public record FeedLimits(int fieldCharsMax, int rowsMax, long mediaBytesMax) {

  public static final FeedLimits DEFAULT = new FeedLimits(64 * 1024, 100_000, 64L << 30);

  public FeedLimits {
    if (fieldCharsMax < 1 || rowsMax < 1 || mediaBytesMax < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }
}
