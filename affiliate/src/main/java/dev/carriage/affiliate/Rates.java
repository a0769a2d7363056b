package dev.carriage.affiliate;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** The dashboard's ratios, exact to the digits shown and never {@code double}. */
public final class Rates {

  private Rates() {}

  /** Orders per click, to four decimals (0.0125 is 1.25%); zero when there were no clicks. */
  public static BigDecimal conversionRate(long orders, long clicks) {
    return ratio(BigDecimal.valueOf(orders), clicks, 4);
  }

  /** Earnings per click in minor units, to two decimals (a cent's hundredth); zero with no clicks. */
  public static BigDecimal earningsPerClickMinor(long earnedMinor, long clicks) {
    return ratio(BigDecimal.valueOf(earnedMinor), clicks, 2);
  }

  private static BigDecimal ratio(BigDecimal numerator, long clicks, int scale) {
    if (clicks <= 0) {
      return BigDecimal.ZERO.setScale(scale);
    }
    return numerator.divide(BigDecimal.valueOf(clicks), scale, RoundingMode.HALF_EVEN);
  }
}
