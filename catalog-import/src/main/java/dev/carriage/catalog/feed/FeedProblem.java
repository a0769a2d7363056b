package dev.carriage.catalog.feed;

import java.util.Objects;

/**
 * One thing wrong with a feed: where, which field, a stable code and a message for a person.
 *
 * @param path the field at fault as the feed names it ({@code price_minor}, {@code price.amountMinor},
 *     {@code media[1]}); empty for the row or feed as a whole
 * @param code one of: malformed, unknown-field, required, type, range, too-long, currency, kind,
 *     pattern, duplicate-key, file-missing, file-unreadable, file-too-large, forbidden-xml, no-deal
 */
public record FeedProblem(RowRef where, String path, String code, String message) {

  public FeedProblem {
    Objects.requireNonNull(where, "where");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return where + (path.isEmpty() ? "" : " " + path) + ": " + message + " [" + code + "]";
  }
}
