package dev.carriage.store.grid;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The grid as the operator watches it: every node and its health, each title's replicas against
 * its target, and how much of the verified carriage the store's own origin had to serve, per day
 * (the lower, the more the grid carries itself).
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class GridOverview {

  static final int LISTED_MAX = 500;

  private final EntityManager entityManager;
  private final GridService grid;
  private final Clock clock;

  public GridOverview(EntityManager entityManager, GridService grid, Clock clock) {
    this.entityManager = entityManager;
    this.grid = grid;
    this.clock = clock;
  }

  public record NodeRow(UUID id, String name, String ownerEmail, String region, boolean origin, boolean healthy, boolean serving,
      Instant lastSeenAt, int activeConnections, long bytesServed, long uploadBytesPerSecond) {}

  public record TitleReplicas(UUID titleId, String name, int target, long complete, long partial) {

    public boolean belowTarget() {
      return complete < target;
    }
  }

  /** Verified bytes on one day, and the origin's part of them. */
  public record DayShare(LocalDate day, long totalBytes, long originBytes) {

    /** The origin's share in percent, to one decimal; zero on a day without carriage. */
    public double originPercent() {
      return totalBytes == 0 ? 0 : Math.round(originBytes * 1000.0 / totalBytes) / 10.0;
    }
  }

  public record View(Instant at, List<NodeRow> nodes, List<TitleReplicas> titles, List<DayShare> originShare) {}

  public View view(LocalDate from, LocalDate to) {
    Instant healthySince = grid.healthySince();
    List<NodeRow> nodes = new ArrayList<>();
    for (Object[] row : entityManager.createQuery("select n, a.email from GridNode n, Account a where a.id = n.accountId"
            + " order by n.origin desc, n.lastSeenAt desc nulls last, n.name", Object[].class)
        .setMaxResults(LISTED_MAX).getResultList()) {
      GridNode node = (GridNode) row[0];
      nodes.add(new NodeRow(node.id(), node.name(), (String) row[1], node.region(), node.origin(), node.healthy(healthySince), node.serving(),
          node.lastSeenAt(), node.activeConnections(), node.bytesServed(), node.uploadBytesPerSecond()));
    }
    List<TitleReplicas> titles = new ArrayList<>();
    List<Object[]> published = entityManager.createQuery("select c, t.name from TitleContent c, Title t where t.id = c.titleId"
        + " order by t.name", Object[].class).setMaxResults(LISTED_MAX).getResultList();
    java.util.Map<UUID, GridService.Replicas> replicas = grid.replicas(published.stream().map(row -> (TitleContent) row[0]).toList());
    for (Object[] row : published) {
      GridService.Replicas title = replicas.get(((TitleContent) row[0]).titleId());
      titles.add(new TitleReplicas(title.titleId(), (String) row[1], title.target(), title.complete(), title.partial()));
    }
    return new View(clock.instant(), nodes, titles, originShare(from, to));
  }

  private List<DayShare> originShare(LocalDate from, LocalDate to) {
    List<DayShare> days = new ArrayList<>();
    @SuppressWarnings("unchecked")
    List<Object[]> rows = entityManager.createNativeQuery(
            "select cast(c.credited_at at time zone 'UTC' as date), sum(c.bytes), coalesce(sum(c.bytes) filter (where c.origin), 0)"
                + " from carriage_credit c where c.credited_at >= ?1 and c.credited_at < ?2 group by 1 order by 1")
        .setParameter(1, from.atStartOfDay(java.time.ZoneOffset.UTC).toInstant())
        .setParameter(2, to.plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant())
        .getResultList();
    for (Object[] row : rows) {
      LocalDate day = row[0] instanceof java.sql.Date date ? date.toLocalDate() : (LocalDate) row[0];
      days.add(new DayShare(day, ((Number) row[1]).longValue(), ((Number) row[2]).longValue()));
    }
    return days;
  }
}
