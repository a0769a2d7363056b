package dev.carriage.affiliate;

import java.time.Duration;

/**
 * A burst of clicks on one site from one visitor fingerprint: a bot, or a page reloading a
 * hidden link. Clicks past the limit are recorded but flagged, and an order from one is held.
 *
 * @param limit how many clicks one fingerprint may make on one site within {@code period}
 */
public record ClickFlood(int limit, Duration period) {

  public ClickFlood {
    if (limit < 1) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: >= 1)");
    }
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("period: " + period + " (expected: > 0)");
    }
  }

  /** Whether a click is flagged, given how many the same fingerprint made on the site within the period before it. */
  public boolean isFlood(long earlierClicksInPeriod) {
    return earlierClicksInPeriod >= limit;
  }
}
