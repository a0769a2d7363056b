package dev.carriage.store.ledger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * {@code carriage_ledger_imbalance_minor}: debits minus credits over the whole book (all
 * currencies' differences, absolute, summed) plus the number of unbalanced entries; anything
 * but 0 should page someone. {@code carriage_ledger_entries} counts entries posted. Both read a
 * check at most 30 s old.
 */
@ApplicationScoped
public class BookMetrics {

  /** The check scans every posting, so one result serves both gauges and every scrape for this long. */
  private static final long CHECK_REUSED_NANOS = java.time.Duration.ofSeconds(30).toNanos();

  private final Journal journal;
  private volatile BookCheck lastCheck;
  private volatile long lastCheckNanos;

  public BookMetrics(Journal journal) {
    this.journal = journal;
  }

  private synchronized BookCheck recentCheck() {
    long now = System.nanoTime();
    if (lastCheck == null || now - lastCheckNanos > CHECK_REUSED_NANOS) {
      lastCheck = journal.check();
      lastCheckNanos = now;
    }
    return lastCheck;
  }

  void register(@Observes StartupEvent start, MeterRegistry registry) {
    Gauge.builder("carriage.ledger.imbalance.minor", this, BookMetrics::imbalance)
        .description("Debits minus credits over the whole ledger, plus unbalanced entries; must be 0")
        .register(registry);
    Gauge.builder("carriage.ledger.entries", this, BookMetrics::entries).description("Journal entries posted").register(registry);
  }

  private double imbalance() {
    BookCheck check = recentCheck();
    return check.currencies().stream().mapToLong(total -> Math.abs(total.differenceMinor())).sum() + check.unbalancedEntries().size() + check.salesDisagreeing().size();
  }

  private double entries() {
    return recentCheck().currencies().stream().mapToLong(BookCheck.CurrencyTotal::entries).sum();
  }
}
