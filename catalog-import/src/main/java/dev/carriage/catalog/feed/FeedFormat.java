package dev.carriage.catalog.feed;

import java.nio.file.Path;
import java.util.Locale;

/** The feed formats the import reads. */
public enum FeedFormat {
  CSV,
  JSON,
  ERN;

  /** By file extension: {@code .csv}, {@code .json}, {@code .xml} (a DDEX ERN message). */
  public static FeedFormat of(Path feed) {
    String name = feed.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".csv")) {
      return CSV;
    }
    if (name.endsWith(".json")) {
      return JSON;
    }
    if (name.endsWith(".xml")) {
      return ERN;
    }
    throw new IllegalArgumentException(feed + ": cannot tell the format from the name; use .csv, .json or .xml, or say --format");
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
