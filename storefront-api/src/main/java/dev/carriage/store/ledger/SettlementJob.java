package dev.carriage.store.ledger;

import dev.carriage.store.StoreConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Runs settlement on a schedule ({@code carriage.ledger.settle-every}) and when an admin asks; safe to run twice at once. */
@ApplicationScoped
public class SettlementJob {

  private static final Logger LOG = Logger.getLogger(SettlementJob.class);

  private final Settlement settlement;
  private final StoreConfig config;

  public SettlementJob(Settlement settlement, StoreConfig config) {
    this.settlement = settlement;
    this.config = config;
  }

  @Scheduled(every = "${carriage.ledger.settle-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduled() {
    Run run = runOnce();
    if (run.settled() > 0) {
      LOG.infof("Settlement: %s", run);
    }
  }

  /** How many sales each outcome had in one run. */
  public record Run(int settled, int commissionsOnly, int nothingDue) {}

  public Run runOnce() {
    Map<Settlement.Outcome, Integer> counts = new EnumMap<>(Settlement.Outcome.class);
    // In an order of this run's own: replicas running at once then meet rarely on the same sale,
    // instead of walking one list in step and skipping each other's locked rows.
    java.util.List<UUID> due = new java.util.ArrayList<>(settlement.due(config.ledger().batchMax()));
    java.util.Collections.shuffle(due);
    for (UUID orderId : due) {
      counts.merge(settlement.settle(orderId), 1, Integer::sum);
    }
    return new Run(counts.getOrDefault(Settlement.Outcome.SETTLED, 0), counts.getOrDefault(Settlement.Outcome.COMMISSION_ONLY, 0),
        counts.getOrDefault(Settlement.Outcome.NOTHING_DUE, 0));
  }
}
