package dev.carriage.store.ledger;

import dev.carriage.affiliate.CommissionState;
import dev.carriage.ledger.Money;
import dev.carriage.ledger.SaleEntries;
import dev.carriage.store.affiliate.AffiliateCommission;
import dev.carriage.store.order.Order;
import dev.carriage.store.order.OrderStatus;
import dev.carriage.store.sale.SaleRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Closes sales whose hold is over, by what their sale record says they owe: splits each one's
 * carrier pool over the bytes carried for it, makes its publisher's royalty payable, and its
 * commission. One sale per transaction, under the order's row lock, so runs that overlap take
 * turns and a sale settled once is never settled again; a crash midway leaves nothing of that
 * sale posted. Runs on several replicas share the work: a sale another run is settling is skipped
 * ({@code SKIP LOCKED}), not waited for, and found settled by the next run.
 */
@ApplicationScoped
public class Settlement {

  private static final Logger LOG = Logger.getLogger(Settlement.class);

  private final EntityManager entityManager;
  private final Journal journal;
  private final Clock clock;

  public Settlement(EntityManager entityManager, Journal journal, Clock clock) {
    this.entityManager = entityManager;
    this.journal = journal;
    this.clock = clock;
  }

  /** What one sale's settlement did. */
  public enum Outcome { SETTLED, COMMISSION_ONLY, NOTHING_DUE }

  /**
   * Sales with something due now: a pool not split, a royalty not yet payable, or a pending
   * commission (never held, or approved since) not yet payable.
   */
  @Transactional
  public List<UUID> due(int max) {
    return entityManager.createQuery("select r.orderId from SaleRecord r, Order o" + DUE + " order by r.paidAt", UUID.class)
        .setParameter("paid", OrderStatus.PAID).setParameter("now", clock.instant()).setParameter("pending", CommissionState.PENDING)
        .setMaxResults(max).getResultList();
  }

  /** When the hold closed of the sale that has waited longest for settlement: the settlement lag's start. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public java.util.Optional<java.time.Instant> oldestDueHold() {
    return java.util.Optional.ofNullable(entityManager.createQuery("select min(r.holdUntil) from SaleRecord r, Order o" + DUE,
            java.time.Instant.class)
        .setParameter("paid", OrderStatus.PAID).setParameter("now", clock.instant()).setParameter("pending", CommissionState.PENDING)
        .getSingleResult());
  }

  /** A sale with something due now: a pool not split, a royalty not yet payable, or a pending commission not yet payable. */
  private static final String DUE = " where o.id = r.orderId and o.status = :paid and r.holdUntil <= :now and (r.poolSettledAt is null"
      + " or r.royaltyPayableAt is null or (r.commissionPayableAt is null"
      + " and exists (select 1 from AffiliateCommission c where c.orderId = r.orderId and c.state = :pending)))";

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public Outcome settle(UUID orderId) {
    return settle(orderId, () -> { });
  }

  /** Settles one sale; {@code betweenSteps} runs after the pool is split and before the commission (tests crash it there). */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public Outcome settle(UUID orderId, Runnable betweenSteps) {
    // SKIP LOCKED: a run on another replica settling this sale now has it; this one moves on to the next.
    Order order = entityManager.find(Order.class, orderId, LockModeType.PESSIMISTIC_WRITE,
        java.util.Map.of("jakarta.persistence.lock.timeout", org.hibernate.LockOptions.SKIP_LOCKED));
    SaleRecord sale = entityManager.find(SaleRecord.class, orderId);
    if (order == null || sale == null || order.status() != OrderStatus.PAID || sale.holdOpenAt(clock.instant())) {
      return Outcome.NOTHING_DUE;
    }
    boolean poolSplit = !sale.poolSettled() && splitPool(sale);
    if (!sale.royaltyPayable()) {
      SaleEntries.royaltyPayable(orderId, sale.publisherId(), sale.royalty()).ifPresent(journal::post);
      sale.royaltyMadePayable(clock.instant());
    }
    betweenSteps.run();
    boolean commissionPayable = !sale.commissionPayable() && sale.affiliateSiteId().isPresent() && commissionPayable(sale);
    if (poolSplit) {
      return Outcome.SETTLED;
    }
    return commissionPayable ? Outcome.COMMISSION_ONLY : Outcome.NOTHING_DUE;
  }

  /**
   * The pool goes over the credits that carry this sale: sessions its licence opened, each piece
   * counted once for the sale (see ReceiptService), never a trial's.
   */
  private boolean splitPool(SaleRecord sale) {
    Map<UUID, Long> carrierBytes = new HashMap<>();
    long storeBytes = 0;
    for (Object row : entityManager.createNativeQuery(
            "select c.node_id, c.origin, sum(c.bytes) from carriage_credit c where c.order_id = ?1 group by c.node_id, c.origin")
        .setParameter(1, sale.orderId())
        .getResultList()) {
      Object[] columns = (Object[]) row;
      long bytes = ((Number) columns[2]).longValue();
      if ((Boolean) columns[1]) {
        storeBytes += bytes;
      } else {
        carrierBytes.merge((UUID) columns[0], bytes, Long::sum);
      }
    }
    Money pool = sale.pool();
    entityManager.createNativeQuery("insert into sale_settlement (order_id, pool_minor, currency, carrier_bytes, store_bytes,"
            + " carriers, settled_at) values (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
        .setParameter(1, sale.orderId()).setParameter(2, pool.minor()).setParameter(3, pool.currencyCode())
        .setParameter(4, carrierBytes.values().stream().mapToLong(Long::longValue).sum()).setParameter(5, storeBytes)
        .setParameter(6, carrierBytes.size()).setParameter(7, clock.instant())
        .executeUpdate();
    sale.poolSettled(clock.instant());
    SaleEntries.poolSplit(sale.orderId(), pool, carrierBytes, storeBytes).ifPresent(journal::post);
    LOG.debugf("Settled order %s: pool %s over %d carriers", sale.orderId(), pool, carrierBytes.size());
    return true;
  }

  /** A commission that is pending (never held, or approved) becomes payable once its hold is over. */
  private boolean commissionPayable(SaleRecord sale) {
    AffiliateCommission commission = entityManager.find(AffiliateCommission.class, sale.orderId(), LockModeType.PESSIMISTIC_WRITE);
    if (commission == null || commission.state() != CommissionState.PENDING) {
      return false;
    }
    sale.commissionMadePayable(clock.instant());
    return journal.post(SaleEntries.commissionPayable(sale.orderId(),
        new SaleEntries.Commission(sale.affiliateSiteId().orElseThrow(), sale.commission())));
  }
}
