package dev.carriage.catalog.feed;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A title as a feed row describes it, typed but not yet checked: any field may be missing
 * ({@code null}) until {@link FeedChecks} has passed it.
 *
 * @param listed false for a release taken down (DDEX: no valid deal, or purged); such an entry carries only its key
 * @param messageAt when the feed message was made (DDEX), or null
 * @param wholesaleMinor the deal's wholesale price in the price's currency (DDEX): the publisher's royalty; null for a share
 * @param cover the release's front cover image (DDEX), or null
 * @param notes what the reader decided that a person should know (which date was used, resources listed, why a release
 *     was taken down)
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
    Instant messageAt,
    Long wholesaleMinor,
    MediaFile cover,
    List<String> notes) {

  public FeedEntry {
    tags = tags == null ? List.of() : List.copyOf(tags);
    media = media == null ? List.of() : List.copyOf(media);
    notes = notes == null ? List.of() : List.copyOf(notes);
  }

  /** An entry of a feed that has no wholesale price, cover or notes (CSV, JSON). */
  public FeedEntry(String externalId, String kind, String name, String description, Long priceMinor, String currency, LocalDate releaseDate,
      List<String> tags, Integer trialDays, List<MediaFile> media, boolean listed, Instant messageAt) {
    this(externalId, kind, name, description, priceMinor, currency, releaseDate, tags, trialDays, media, listed, messageAt, null, null,
        List.of());
  }

  /**
   * A whole number from a feed as an int field; out-of-range values stay out of range (clamped,
   * never wrapped), so the range check reports them instead of a wrapped value slipping through.
   */
  static Integer clampToInt(Long value) {
    return value == null ? null : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
  }

  /** A release to take off sale, and why. */
  public static FeedEntry takedown(String externalId, Instant messageAt, String why) {
    return new FeedEntry(externalId, null, null, null, null, null, null, List.of(), null, List.of(), false, messageAt, null, null,
        List.of(why));
  }
}
