package dev.carriage.store.order;

import dev.carriage.store.catalog.TitleKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The store front's "featured" shelf: the titles most bought in the last 30 days, counting the
 * orders whose buyer still holds the title (a refund takes its sale back off the shelf).
 */
@ApplicationScoped
public class BestSellers {

  static final Duration WINDOW = Duration.ofDays(30);

  private final EntityManager entityManager;
  private final Clock clock;

  public BestSellers(EntityManager entityManager, Clock clock) {
    this.entityManager = entityManager;
    this.clock = clock;
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public List<UUID> top(int count, Optional<TitleKind> kind) {
    List<OrderStatus> holding = Arrays.stream(OrderStatus.values()).filter(OrderStatus::holdsTheTitle).toList();
    String kindFilter = kind.isPresent() ? " and t.kind = :kind" : "";
    var query = entityManager.createQuery(
            "select o.titleId from Order o, Title t where t.id = o.titleId and t.withdrawnAt is null"
                + " and o.status in :holding and o.paidAt >= :since" + kindFilter
                + " group by o.titleId order by count(o) desc, o.titleId", UUID.class)
        .setParameter("holding", holding)
        .setParameter("since", clock.instant().minus(WINDOW))
        .setMaxResults(count);
    kind.ifPresent(k -> query.setParameter("kind", k));
    return query.getResultList();
  }
}
