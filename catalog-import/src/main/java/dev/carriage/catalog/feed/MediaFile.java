package dev.carriage.catalog.feed;

import java.nio.file.Path;

/**
 * A media file of an entry, resolved against the feed's directory; for music, its track's details.
 *
 * @param declared the path as the feed wrote it, for messages
 */
public record MediaFile(String declared, Path path, String trackName, String isrc, Integer durationSeconds) {

  public static MediaFile plain(String declared, Path path) {
    return new MediaFile(declared, path, null, null, null);
  }
}
