package dev.carriage.store.publisher;

import dev.carriage.affiliate.CsvWriter;
import dev.carriage.ledger.EntryCode;
import dev.carriage.ledger.Money;
import dev.carriage.store.problem.ProblemException;
import dev.carriage.store.web.DayRange;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A publisher's sales and statements, read from the sale records (what each sale owed them when it
 * was paid) and the reversals the ledger posted; only the caller's own titles ever appear.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class PublisherSales {

  static final long DAYS_MAX = 366;
  static final long DAYS_DEFAULT = 30;

  private final EntityManager entityManager;
  private final Clock clock;

  public PublisherSales(EntityManager entityManager, Clock clock) {
    this.entityManager = entityManager;
    this.clock = clock;
  }

  /** {@code groupBy} is {@code day} (the default) or {@code title}; days default to the last 30, at most 366. */
  public PublisherSalesView sales(UUID publisherId, String from, String to, String groupBy) {
    return sales(publisherId, DayRange.parse(from, to, clock, DAYS_DEFAULT, DAYS_MAX), groupBy(groupBy));
  }

  /** The statement of one calendar month ({@code 2026-11}), by title: units, gross, royalty, refunds. */
  public PublisherSalesView statement(UUID publisherId, String period) {
    YearMonth month;
    try {
      month = YearMonth.parse(period == null ? "" : period.strip());
    } catch (DateTimeParseException notMonth) {
      throw ProblemException.invalidField("period", "must be a month such as 2026-11");
    }
    return sales(publisherId, new DayRange(month.atDay(1), month.atEndOfMonth()), "title");
  }

  private PublisherSalesView sales(UUID publisherId, DayRange range, String groupBy) {
    String key = groupBy.equals("title") ? "r.title_id::text" : "to_char(x.at at time zone 'UTC', 'YYYY-MM-DD')";
    String titleColumns = groupBy.equals("title") ? "r.title_id, t.name" : "null::uuid, null::text";
    List<PublisherSalesView.Row> rows = new ArrayList<>();
    for (Object result : entityManager.createNativeQuery(
            "with x as (select r.order_id, r.paid_at as at, false as refund from sale_record r where r.publisher_id = ?1"
                + "   and r.paid_at >= ?2 and r.paid_at < ?3"
                + " union all select e.order_id, e.posted_at, true from ledger_entry e join sale_record r on r.order_id = e.order_id"
                + "   where e.code = ?4 and r.publisher_id = ?1 and e.posted_at >= ?2 and e.posted_at < ?3)"
                + " select " + key + ", " + titleColumns + ", r.currency,"
                + " count(*) filter (where not x.refund), coalesce(sum(r.gross_minor) filter (where not x.refund), 0),"
                + " coalesce(sum(r.royalty_minor) filter (where not x.refund), 0),"
                + " count(*) filter (where x.refund), coalesce(sum(r.gross_minor) filter (where x.refund), 0),"
                + " coalesce(sum(r.royalty_minor) filter (where x.refund), 0)"
                + " from x join sale_record r on r.order_id = x.order_id join title t on t.id = r.title_id"
                + " group by 1, 2, 3, 4 order by 1, 4")
        .setParameter(1, publisherId).setParameter(2, range.start()).setParameter(3, range.end())
        .setParameter(4, EntryCode.SALE_REVERSED.name())
        .getResultList()) {
      Object[] c = (Object[]) result;
      rows.add(new PublisherSalesView.Row((String) c[0], (UUID) c[1], (String) c[2], ((String) c[3]).trim(), number(c[4]), number(c[5]),
          number(c[6]), number(c[7]), number(c[8]), number(c[9])));
    }
    Map<String, long[]> sums = new TreeMap<>();
    rows.forEach(row -> {
      long[] s = sums.computeIfAbsent(row.currency(), currency -> new long[6]);
      s[0] += row.units();
      s[1] += row.grossMinor();
      s[2] += row.royaltyMinor();
      s[3] += row.refunds();
      s[4] += row.refundedGrossMinor();
      s[5] += row.refundedRoyaltyMinor();
    });
    List<PublisherSalesView.Total> totals = new ArrayList<>();
    sums.forEach((currency, s) -> totals.add(new PublisherSalesView.Total(currency, s[0], s[1], s[2], s[3], s[4], s[5])));
    return new PublisherSalesView(range.from(), range.to(), groupBy, rows, totals);
  }

  /** The same figures as a spreadsheet, amounts in major units with the currency beside. */
  public static String csv(PublisherSalesView view) {
    CsvWriter csv = new CsvWriter().line(List.of(view.groupBy(), "title", "currency", "units", "gross", "royalty", "refunds",
        "refunded_gross", "refunded_royalty", "net_royalty"));
    view.rows().forEach(row -> csv.line(List.of(row.key(), row.titleName() == null ? "" : row.titleName(), row.currency(), row.units(),
        major(row.grossMinor(), row.currency()), major(row.royaltyMinor(), row.currency()), row.refunds(),
        major(row.refundedGrossMinor(), row.currency()), major(row.refundedRoyaltyMinor(), row.currency()),
        major(row.netRoyaltyMinor(), row.currency()))));
    return csv.toString();
  }

  private static java.math.BigDecimal major(long minor, String currency) {
    return Money.of(minor, currency).major();
  }

  private static long number(Object value) {
    return ((Number) value).longValue();
  }

  private static String groupBy(String value) {
    String group = value == null || value.isBlank() ? "day" : value.strip().toLowerCase(Locale.ROOT);
    if (!group.equals("day") && !group.equals("title")) {
      throw ProblemException.invalidField("groupBy", "must be day or title");
    }
    return group;
  }
}
