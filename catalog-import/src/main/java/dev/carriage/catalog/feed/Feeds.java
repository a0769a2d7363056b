package dev.carriage.catalog.feed;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;

/** Reads a feed of any format and checks every row. */
public final class Feeds {

  private Feeds() {}

  /**
   * @param mediaRoot where relative media paths start (normally the feed's own directory)
   * @param territory the store's territory for DDEX deals (an ISO 3166 code)
   */
  public static ParsedFeed readAndCheck(Path feed, FeedFormat format, Path mediaRoot, FeedLimits limits, String territory,
      LocalDate today) throws IOException {
    return readAndCheck(feed, format, mediaRoot, limits, territory, today, RetailPricing.NONE);
  }

  /** @param pricing where a DDEX release's retail price comes from (CSV and JSON feeds name their prices) */
  public static ParsedFeed readAndCheck(Path feed, FeedFormat format, Path mediaRoot, FeedLimits limits, String territory,
      LocalDate today, RetailPricing pricing) throws IOException {
    MediaRoot root = new MediaRoot(mediaRoot);
    ParsedFeed read = switch (format) {
      case CSV -> CsvFeed.read(feed, root, limits);
      case JSON -> JsonFeed.read(feed, root, limits);
      case ERN -> ErnFeed.read(feed, root, territory, today, pricing);
    };
    return FeedChecks.check(read, limits, root);
  }
}
