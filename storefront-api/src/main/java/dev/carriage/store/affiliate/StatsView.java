package dev.carriage.store.affiliate;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A site owner's dashboard over {@code from..to} (UTC days, both included). Clicks count by
 * when they happened, orders and money by when the order was paid. Amounts are in minor
 * units, one {@link Earnings} per currency the referred sales were made in.
 */
public record StatsView(
    List<UUID> siteIds, LocalDate from, LocalDate to, GroupBy groupBy, Row totals, List<Row> rows, List<Row> topTitles) {

  /**
   * @param key the day (YYYY-MM-DD), the title id or the sub-id; empty for clicks with none
   * @param orders paid orders referred, counting those held for review and those refunded since
   * @param conversionRate orders per click
   */
  public record Row(
      String key, String label, long clicks, long uniqueVisitors, long orders, BigDecimal conversionRate,
      List<Earnings> earnings) {}

  /**
   * @param earningsPerClick pending + payable + paid commission per click, in minor units
   * @param held commission waiting for an admin's review (too-fast or flooded clicks)
   * @param reversed commission taken back by refunds: reversed before payout, clawed back after
   */
  public record Earnings(
      String currency, long grossReferred, BigDecimal earningsPerClick, long held, long pending, long payable,
      long paid, long reversed) {

    /** What the site has earned and still keeps: pending, payable and paid commission. */
    public long earned() {
      return pending + payable + paid;
    }
  }
}
