package dev.carriage.store.carrier;

import java.time.Duration;
import java.time.Instant;

/**
 * "If carriage stays as it is": what a node earned over a period, as a pace per 30 days. Earned
 * means its settled pool shares posted in the period plus its shares of sales still provisional
 * or pending (they were carried recently). An estimate for the operator, never money the store owes.
 */
public final class CarriageEstimate {

  static final int DAYS = 30;

  private CarriageEstimate() {}

  /** {@code earnedMinor} over [{@code from}, {@code to}) scaled to 30 days, rounded down; zero for an empty period. */
  public static long per30Days(long earnedMinor, Instant from, Instant to) {
    long seconds = Duration.between(from, to).toSeconds();
    if (seconds <= 0 || earnedMinor <= 0) {
      return 0;
    }
    return Math.multiplyExact(earnedMinor, (long) DAYS * 86_400) / seconds;
  }
}
