package dev.carriage.store.ledger;

import dev.carriage.store.StoreConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * {@code carriage_ledger_imbalance_minor}: debits minus credits over the whole book (all
 * currencies' differences, absolute, summed) plus the number of unbalanced entries and of sales
 * disagreeing with their records; anything but 0 should page someone. {@code
 * carriage_ledger_entries} counts entries posted. The check scans every posting, so one replica
 * runs it — whichever wins an advisory try-lock once the stored result is older than {@code
 * carriage.metrics.reuse} — and stores the result in {@code book_check}, which every replica's
 * gauges read.
 */
@ApplicationScoped
public class BookMetrics {

  /** Any constant shared by all replicas: the one holding it runs the check. */
  static final long CHECK_LOCK = 0x43415252_424F4F4BL;

  private final Journal journal;
  private final EntityManager entityManager;
  private final StoreConfig config;
  private final Clock clock;

  public BookMetrics(Journal journal, EntityManager entityManager, StoreConfig config, Clock clock) {
    this.journal = journal;
    this.entityManager = entityManager;
    this.config = config;
    this.clock = clock;
  }

  /** The latest stored result; NaN before any replica has run one. */
  private record Result(double imbalance, double entries) {}

  private volatile Result lastRead;
  private volatile long lastReadNanos;

  /** Both gauges, and every scrape within {@code carriage.metrics.reuse}, share one read of the stored result. */
  private synchronized Result recentCheck() {
    long now = System.nanoTime();
    if (lastRead == null || now - lastReadNanos > config.metrics().reuse().toNanos()) {
      lastRead = readOrRunCheck();
      lastReadNanos = now;
    }
    return lastRead;
  }

  private Result readOrRunCheck() {
    return QuarkusTransaction.requiringNew().call(() -> {
      Instant now = clock.instant();
      @SuppressWarnings("unchecked")
      List<Object[]> stored = entityManager.createNativeQuery("select checked_at, imbalance_minor, entries from book_check where id = 1")
          .getResultList();
      Instant checkedAt = stored.isEmpty() ? null : Journal.instantOf(stored.get(0)[0]);
      // A check stamped in the future (a replica's clock ahead, or set back) is not trusted as fresh.
      boolean fresh = checkedAt != null && !checkedAt.isAfter(now) && checkedAt.plus(config.metrics().reuse()).isAfter(now);
      if (!fresh && (Boolean) entityManager.createNativeQuery("select pg_try_advisory_xact_lock(?1)").setParameter(1, CHECK_LOCK)
          .getSingleResult()) {
        BookCheck check = journal.check();
        long imbalance = imbalanceOf(check);
        long entries = check.currencies().stream().mapToLong(BookCheck.CurrencyTotal::entries).sum();
        entityManager.createNativeQuery("insert into book_check (id, checked_at, imbalance_minor, entries) values (1, ?1, ?2, ?3)"
                + " on conflict (id) do update set checked_at = excluded.checked_at, imbalance_minor = excluded.imbalance_minor,"
                + " entries = excluded.entries")
            .setParameter(1, now).setParameter(2, imbalance).setParameter(3, entries).executeUpdate();
        return new Result(imbalance, entries);
      }
      // Another replica is checking now, or checked recently: its result serves this one.
      return stored.isEmpty() ? new Result(Double.NaN, Double.NaN)
          : new Result(((Number) stored.get(0)[1]).doubleValue(), ((Number) stored.get(0)[2]).doubleValue());
    });
  }

  void register(@Observes StartupEvent start, MeterRegistry registry) {
    Gauge.builder("carriage.ledger.imbalance.minor", this, metrics -> metrics.recentCheck().imbalance())
        .description("Debits minus credits over the whole ledger, plus unbalanced entries and sales disagreeing with their records; must be 0")
        .register(registry);
    Gauge.builder("carriage.ledger.entries", this, metrics -> metrics.recentCheck().entries()).description("Journal entries posted")
        .register(registry);
  }

  /** What the gauge reports for a check: every currency's difference, absolute, plus every entry or sale found wrong. */
  static long imbalanceOf(BookCheck check) {
    return check.currencies().stream().mapToLong(total -> Math.abs(total.differenceMinor())).sum() + check.unbalancedEntries().size()
        + check.salesDisagreeing().size();
  }
}
