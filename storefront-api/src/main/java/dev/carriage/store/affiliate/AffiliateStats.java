package dev.carriage.store.affiliate;

import dev.carriage.affiliate.CommissionState;
import dev.carriage.affiliate.CsvWriter;
import dev.carriage.affiliate.Rates;
import dev.carriage.store.catalog.Title;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The dashboard's figures, computed in PostgreSQL over the given sites only: every query is
 * bound to the site ids the caller was allowed, never to a filter the caller chose.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class AffiliateStats {

  private static final int TOP_TITLES = 5;
  private static final String TOTAL = "total";

  private final EntityManager entityManager;
  private final Clock clock;

  public AffiliateStats(EntityManager entityManager, Clock clock) {
    this.entityManager = entityManager;
    this.clock = clock;
  }

  public StatsView stats(List<UUID> siteIds, LocalDate from, LocalDate to, GroupBy groupBy) {
    Window window = new Window(from.atStartOfDay(ZoneOffset.UTC).toInstant(), to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    StatsView.Row totals = rows(siteIds, window, null).stream().findFirst().orElse(emptyRow(TOTAL, TOTAL));
    List<StatsView.Row> rows = rows(siteIds, window, groupBy);
    List<StatsView.Row> byTitle = groupBy == GroupBy.TITLE ? rows : rows(siteIds, window, GroupBy.TITLE);
    List<StatsView.Row> topTitles = byTitle.stream()
        .filter(row -> !row.key().isEmpty())
        .sorted(Comparator.comparingLong(StatsView.Row::orders).thenComparingLong(StatsView.Row::clicks).reversed()
            .thenComparing(StatsView.Row::key))
        .limit(TOP_TITLES)
        .toList();
    return new StatsView(siteIds, from, to, groupBy, totals, rows, topTitles);
  }

  /** The same rows as CSV: one line per row and currency (clicks repeat on each currency's line). */
  public static String csv(StatsView stats) {
    CsvWriter csv = new CsvWriter().line(List.of("key", "label", "currency", "clicks", "unique_visitors", "orders",
        "conversion_rate", "gross_referred_minor", "epc_minor", "held_minor", "pending_minor", "payable_minor",
        "paid_minor", "reversed_minor"));
    for (StatsView.Row row : stats.rows()) {
      List<StatsView.Earnings> earnings = row.earnings().isEmpty()
          ? List.of(new StatsView.Earnings("", 0, Rates.earningsPerClickMinor(0, row.clicks()), 0, 0, 0, 0, 0))
          : row.earnings();
      for (StatsView.Earnings money : earnings) {
        csv.line(List.of(row.key(), row.label(), money.currency(), row.clicks(), row.uniqueVisitors(), row.orders(),
            row.conversionRate(), money.grossReferred(), money.earningsPerClick(), money.held(), money.pending(),
            money.payable(), money.paid(), money.reversed()));
      }
    }
    return csv.toString();
  }

  private record Window(Instant from, Instant until) {}

  /** One row per group; {@code groupBy} null gives the single total row. */
  private List<StatsView.Row> rows(List<UUID> siteIds, Window window, GroupBy groupBy) {
    if (siteIds.isEmpty()) {
      return List.of();
    }
    Map<String, RowFigures> figures = new TreeMap<>();
    for (Object[] line : clickLines(siteIds, window, groupBy)) {
      RowFigures row = figures.computeIfAbsent((String) line[0], RowFigures::new);
      row.clicks = ((Number) line[1]).longValue();
      row.visitors = ((Number) line[2]).longValue();
    }
    for (Object[] line : commissionLines(siteIds, window, groupBy)) {
      RowFigures row = figures.computeIfAbsent((String) line[0], RowFigures::new);
      row.add((String) line[1], CommissionState.valueOf((String) line[2]), ((Number) line[3]).longValue(),
          ((Number) line[4]).longValue(), ((Number) line[5]).longValue());
    }
    return figures.values().stream().map(row -> row.toRow(label(groupBy, row.key))).toList();
  }

  @SuppressWarnings("unchecked")
  private List<Object[]> clickLines(List<UUID> siteIds, Window window, GroupBy groupBy) {
    String key = keyExpression(groupBy, "c.clicked_at", "coalesce(cast(c.title_id as text), '')");
    return entityManager
        .createNativeQuery("select " + key + " as k, count(*), count(distinct c.visitor_hash) from affiliate_click c"
            + " where c.site_id in (:sites) and c.clicked_at >= :from and c.clicked_at < :until group by k")
        .setParameter("sites", siteIds)
        .setParameter("from", window.from())
        .setParameter("until", window.until())
        .getResultList();
  }

  @SuppressWarnings("unchecked")
  private List<Object[]> commissionLines(List<UUID> siteIds, Window window, GroupBy groupBy) {
    // An order counts under the title bought, which may not be the one its click showed.
    String key = keyExpression(groupBy, "m.earned_at", "cast(m.title_id as text)");
    // A pending commission whose hold has closed is payable (see AffiliateCommission.stateAt).
    return entityManager
        .createNativeQuery("select " + key + " as k, m.currency,"
            + " case when m.state = 'PENDING' and m.hold_until <= :now then 'PAYABLE' else m.state end as st,"
            + " count(*), sum(m.gross_minor), sum(m.amount_minor)"
            + " from affiliate_commission m join affiliate_click c on c.id = m.click_id"
            + " where m.site_id in (:sites) and m.earned_at >= :from and m.earned_at < :until group by k, m.currency, st")
        .setParameter("sites", siteIds)
        .setParameter("from", window.from())
        .setParameter("until", window.until())
        .setParameter("now", clock.instant())
        .getResultList();
  }

  /** SQL for a row's key; the click's sub-id in both queries ({@code c} is the click). */
  private static String keyExpression(GroupBy groupBy, String timeColumn, String titleExpression) {
    if (groupBy == null) {
      return "'" + TOTAL + "'";
    }
    return switch (groupBy) {
      case DAY -> "to_char(" + timeColumn + " at time zone 'UTC', 'YYYY-MM-DD')";
      case TITLE -> titleExpression;
      case SUB -> "coalesce(c.sub_id, '')";
    };
  }

  private String label(GroupBy groupBy, String key) {
    if (groupBy != GroupBy.TITLE) {
      return key;
    }
    if (key.isEmpty()) {
      return "store front";
    }
    Title title = entityManager.find(Title.class, UUID.fromString(key));
    return title == null ? key : title.name();
  }

  private static StatsView.Row emptyRow(String key, String label) {
    return new RowFigures(key).toRow(label);
  }

  /** Figures of one row while they are summed up. */
  private static final class RowFigures {
    final String key;
    long clicks;
    long visitors;
    long orders;
    final Map<String, long[]> money = new TreeMap<>();

    RowFigures(String key) {
      this.key = key;
    }

    // money[currency] = {gross, held, pending, payable, paid, reversed}
    void add(String currency, CommissionState state, long count, long gross, long amount) {
      if (state == CommissionState.REJECTED) {
        return;
      }
      orders += count;
      long[] sums = money.computeIfAbsent(currency, c -> new long[6]);
      sums[0] = Math.addExact(sums[0], gross);
      int slot = switch (state) {
        case HELD -> 1;
        case PENDING -> 2;
        case PAYABLE -> 3;
        case PAID -> 4;
        case REVERSED, CLAWED_BACK -> 5;
        case REJECTED -> throw new IllegalStateException("rejected commissions are not counted");
      };
      sums[slot] = Math.addExact(sums[slot], amount);
    }

    StatsView.Row toRow(String label) {
      List<StatsView.Earnings> earnings = new ArrayList<>();
      money.forEach((currency, sums) -> earnings.add(new StatsView.Earnings(currency, sums[0],
          Rates.earningsPerClickMinor(sums[2] + sums[3] + sums[4], clicks), sums[1], sums[2], sums[3], sums[4], sums[5])));
      return new StatsView.Row(key, label, clicks, visitors, orders, Rates.conversionRate(orders, clicks), earnings);
    }
  }
}
