package dev.carriage.catalog.feed;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A title as a feed row describes it, typed but not yet checked: any field may be missing
 * ({@code null}) until {@link FeedChecks} has passed it.
 *
 * @param listed false for a release taken down (DDEX: no valid deal); such an entry carries only its key
 * @param messageAt when the feed message was made (DDEX), or null
 */
public record FeedEntry(
    String externalId,
    String kind,
    String name,
    String description,
    Long priceMinor,
    String currency,
    LocalDate releaseDate,
    List<String> tags,
    Integer trialDays,
    List<MediaFile> media,
    boolean listed,
    Instant messageAt) {

  public FeedEntry {
    tags = tags == null ? List.of() : List.copyOf(tags);
    media = media == null ? List.of() : List.copyOf(media);
  }

  /**
   * A whole number from a feed as an int field; out-of-range values stay out of range (clamped,
   * never wrapped), so the range check reports them instead of a wrapped value slipping through.
   */
  static Integer clampToInt(Long value) {
    return value == null ? null : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
  }

  public static FeedEntry takedown(String externalId, Instant messageAt) {
    return new FeedEntry(externalId, null, null, null, null, null, null, List.of(), null, List.of(), false, messageAt);
  }
}
