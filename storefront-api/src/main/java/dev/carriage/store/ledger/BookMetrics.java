package dev.carriage.store.ledger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * {@code carriage_ledger_imbalance_minor}: debits minus credits over the whole book (all
 * currencies' differences, absolute, summed) plus the number of unbalanced entries; anything
 * but 0 should page someone. {@code carriage_ledger_entries} counts entries posted.
 */
@ApplicationScoped
public class BookMetrics {

  private final Journal journal;

  public BookMetrics(Journal journal) {
    this.journal = journal;
  }

  void register(@Observes StartupEvent start, MeterRegistry registry) {
    Gauge.builder("carriage.ledger.imbalance.minor", this, BookMetrics::imbalance)
        .description("Debits minus credits over the whole ledger, plus unbalanced entries; must be 0")
        .register(registry);
    Gauge.builder("carriage.ledger.entries", this, BookMetrics::entries).description("Journal entries posted").register(registry);
  }

  private double imbalance() {
    BookCheck check = journal.check();
    return check.currencies().stream().mapToLong(total -> Math.abs(total.differenceMinor())).sum() + check.unbalancedEntries().size();
  }

  private double entries() {
    return journal.check().currencies().stream().mapToLong(BookCheck.CurrencyTotal::entries).sum();
  }
}
