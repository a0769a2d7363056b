package dev.carriage.store.metrics;

import dev.carriage.store.StoreConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * What an operator watches, for Prometheus at {@code /q/metrics}: receipts accepted and refused
 * by reason, verified bytes credited to carriers and to the origin, payouts by outcome, webhook
 * events by outcome (counted where each answer is decided, after its transaction); and, read from
 * the database at most every {@code carriage.metrics.reuse} (30 s), the settlement lag, nodes healthy, stale and paused, and the
 * origin's share of the last day's verified bytes.
 */
@ApplicationScoped
public class StoreMetrics {

  private final MeterRegistry registry;
  private final dev.carriage.store.ledger.Settlement settlement;
  private final dev.carriage.store.grid.GridService grid;
  private final EntityManager entityManager;
  private final StoreConfig config;
  private final Clock clock;
  private volatile State state;
  private volatile long stateNanos;

  public StoreMetrics(MeterRegistry registry, EntityManager entityManager, StoreConfig config, Clock clock,
      dev.carriage.store.ledger.Settlement settlement, dev.carriage.store.grid.GridService grid) {
    this.settlement = settlement;
    this.grid = grid;
    this.registry = registry;
    this.entityManager = entityManager;
    this.config = config;
    this.clock = clock;
  }

  /** A receipt's outcome: {@code accepted}, or its refusal reason. */
  public void receipt(String outcome) {
    receiptCounter(outcome).increment();
  }

  private Counter receiptCounter(String outcome) {
    return Counter.builder("carriage.receipts").description("Receipts submitted by carriers, by outcome (accepted or the refusal's reason)")
        .tag("outcome", outcome.toLowerCase(Locale.ROOT)).register(registry);
  }

  public void creditedBytes(boolean origin, long bytes) {
    Counter.builder("carriage.credited.bytes").description("Verified bytes credited by accepted receipts").baseUnit("bytes")
        .tag("source", origin ? "origin" : "carrier").register(registry).increment(bytes);
  }

  /** A payout's outcome: {@code store_credit}, {@code sent}, {@code failed} or {@code retrying}. */
  public void payouts(String outcome, int count) {
    Counter.builder("carriage.payouts").description("Payouts by outcome").tag("outcome", outcome).register(registry).increment(count);
  }

  /** A payment provider's event: {@code applied}, {@code duplicate}, {@code ignored}, {@code mismatch}... */
  public void webhookEvent(String outcome) {
    webhookCounter(outcome).increment();
  }

  private Counter webhookCounter(String outcome) {
    return Counter.builder("carriage.webhook.events").description("Payment provider events received, by outcome")
        .tag("outcome", outcome.toLowerCase(Locale.ROOT)).register(registry);
  }

  void register(@Observes StartupEvent start) {
    // Counters for the outcomes an operator alerts on exist from the start, at 0, rather than from their first event.
    receiptCounter("accepted");
    for (String outcome : List.of("store_credit", "sent", "failed", "retrying")) {
      payouts(outcome, 0);
    }
    for (String outcome : List.of("applied", "deferred", "no_change", "ignored", "mismatch", "duplicate")) {
      webhookCounter(outcome);
    }
    Gauge.builder("carriage.settlement.lag.seconds", this, metrics -> metrics.state().settlementLagSeconds())
        .description("How long the oldest paid sale past its hold has waited for settlement; 0 when none waits").register(registry);
    for (String kind : new String[] {"healthy", "stale", "paused"}) {
      Gauge.builder("carriage.nodes", this, metrics -> metrics.state().nodes(kind)).tag("state", kind)
          .description("Carrier nodes by state: heard from within the heartbeat timeout, not, or paused by their operator").register(registry);
    }
    Gauge.builder("carriage.origin.share", this, metrics -> metrics.state().originShare())
        .description("The origin's share of the verified bytes of the last 24 hours, 0 to 1").register(registry);
    Gauge.builder("carriage.titles.without.healthy.carrier", this, metrics -> metrics.state().titlesWithoutHealthyCarrier())
        .description("Titles on the grid no healthy carrier holds a piece of: only the origin serves them").register(registry);
  }

  /** The sources a download was handed: at most the peer-list limit of carriers, plus the origin. */
  public void peerList(int sources) {
    DistributionSummary.builder("carriage.peer.list.size").description("Sources handed to each download: carriers plus the origin")
        .serviceLevelObjectives(1, 2, 4, 8, 9).register(registry).record(sources);
  }

  private record State(double settlementLagSeconds, long healthy, long stale, long paused, double originShare,
      long titlesWithoutHealthyCarrier) {
    double nodes(String kind) {
      return switch (kind) {
        case "healthy" -> healthy;
        case "stale" -> stale;
        default -> paused;
      };
    }
  }

  private synchronized State state() {
    long now = System.nanoTime();
    if (state == null || now - stateNanos > config.metrics().reuse().toNanos()) {
      state = QuarkusTransaction.requiringNew().call(this::read);
      stateNanos = now;
    }
    return state;
  }

  private State read() {
    Instant now = clock.instant();
    double lag = settlement.oldestDueHold().map(hold -> (double) Duration.between(hold, now).toSeconds()).orElse(0.0);
    Instant healthySince = grid.healthySince();
    Object[] nodes = (Object[]) entityManager.createNativeQuery("select count(*) filter (where last_seen_at >= ?1),"
            + " count(*) filter (where last_seen_at is null or last_seen_at < ?1), count(*) filter (where paused) from grid_node where not origin")
        .setParameter(1, healthySince).getSingleResult();
    Object[] bytes = (Object[]) entityManager.createNativeQuery("select coalesce(sum(bytes), 0), coalesce(sum(bytes) filter (where origin), 0)"
            + " from carriage_credit where credited_at >= ?1").setParameter(1, now.minus(Duration.ofDays(1))).getSingleResult();
    long total = ((Number) bytes[0]).longValue();
    return new State(lag, ((Number) nodes[0]).longValue(), ((Number) nodes[1]).longValue(), ((Number) nodes[2]).longValue(),
        total == 0 ? 0 : ((Number) bytes[1]).doubleValue() / total, grid.titlesWithoutHealthyCarrier());
  }
}
