package dev.carriage.store.ledger;

import dev.carriage.affiliate.CommissionState;
import dev.carriage.ledger.Money;
import dev.carriage.ledger.SaleEntries;
import dev.carriage.store.StoreConfig;
import dev.carriage.store.affiliate.AffiliateCommission;
import dev.carriage.store.order.Order;
import dev.carriage.store.order.OrderStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Closes sales whose hold window is over: splits each one's carrier pool over the bytes carried
 * for its licence inside the window, and makes its commission payable. One sale per
 * transaction, under the order's row lock, so runs that overlap take turns and a sale settled
 * once is never settled again; a crash midway leaves nothing of that sale posted.
 */
@ApplicationScoped
public class Settlement {

  private static final Logger LOG = Logger.getLogger(Settlement.class);

  private final EntityManager entityManager;
  private final Journal journal;
  private final StoreConfig config;
  private final Clock clock;

  public Settlement(EntityManager entityManager, Journal journal, StoreConfig config, Clock clock) {
    this.entityManager = entityManager;
    this.journal = journal;
    this.config = config;
    this.clock = clock;
  }

  /** What one sale's settlement did. */
  public enum Outcome { SETTLED, COMMISSION_ONLY, NOTHING_DUE }

  /**
   * Sales with something due now: an unsplit pool, or a commission whose hold closed and not yet
   * payable. Only sales the ledger holds (paid after it began) are settled: an older one never
   * set its pool aside.
   */
  @Transactional
  public List<UUID> due(int max) {
    @SuppressWarnings("unchecked")
    List<UUID> orders = entityManager.createNativeQuery(
            "select o.id from purchase_order o where o.status = 'PAID' and o.hold_until <= ?1"
                + " and exists (select 1 from ledger_entry s where s.idempotency_key = 'sale:' || o.id)"
                + " and (not exists (select 1 from sale_settlement s where s.order_id = o.id)"
                + "   or exists (select 1 from affiliate_commission c where c.order_id = o.id and c.state = 'PENDING'"
                + "     and not exists (select 1 from ledger_entry e where e.idempotency_key = 'commission:' || o.id)))"
                + " order by o.paid_at limit ?2", UUID.class)
        .setParameter(1, clock.instant()).setParameter(2, max).getResultList();
    return orders;
  }

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public Outcome settle(UUID orderId) {
    return settle(orderId, () -> { });
  }

  /** Settles one sale; {@code betweenSteps} runs after the pool is split and before the commission (tests crash it there). */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public Outcome settle(UUID orderId, Runnable betweenSteps) {
    Order order = entityManager.find(Order.class, orderId, LockModeType.PESSIMISTIC_WRITE);
    if (order == null || order.status() != OrderStatus.PAID) {
      return Outcome.NOTHING_DUE;
    }
    Instant holdUntil = order.holdUntil().orElseThrow();
    if (clock.instant().isBefore(holdUntil)) {
      return Outcome.NOTHING_DUE;
    }
    boolean poolSplit = splitPool(order);
    betweenSteps.run();
    boolean commissionPayable = order.affiliateSiteId().isPresent() && commissionPayable(orderId);
    if (poolSplit) {
      return Outcome.SETTLED;
    }
    return commissionPayable ? Outcome.COMMISSION_ONLY : Outcome.NOTHING_DUE;
  }

  /**
   * The pool goes over the credits that carry this sale: sessions the licence opened inside the
   * hold, each piece counted once for the sale (see ReceiptService), never a trial's.
   */
  private boolean splitPool(Order order) {
    Map<UUID, Long> carrierBytes = new HashMap<>();
    long storeBytes = 0;
    for (Object row : entityManager.createNativeQuery(
            "select c.node_id, c.origin, sum(c.bytes) from carriage_credit c where c.order_id = ?1 group by c.node_id, c.origin")
        .setParameter(1, order.id())
        .getResultList()) {
      Object[] columns = (Object[]) row;
      long bytes = ((Number) columns[2]).longValue();
      if ((Boolean) columns[1]) {
        storeBytes += bytes;
      } else {
        carrierBytes.merge((UUID) columns[0], bytes, Long::sum);
      }
    }
    Money pool = SaleEntries.share(order.amount(), config.ledger().carrierPoolBasisPoints());
    // The settlement row is the sale's "done" mark: written first, it tells a repeated run there is nothing to do.
    int marked = entityManager.createNativeQuery("insert into sale_settlement (order_id, pool_minor, currency, carrier_bytes, store_bytes,"
            + " carriers, settled_at) values (?1, ?2, ?3, ?4, ?5, ?6, ?7) on conflict (order_id) do nothing")
        .setParameter(1, order.id()).setParameter(2, pool.minor()).setParameter(3, pool.currencyCode())
        .setParameter(4, carrierBytes.values().stream().mapToLong(Long::longValue).sum()).setParameter(5, storeBytes)
        .setParameter(6, carrierBytes.size()).setParameter(7, clock.instant())
        .executeUpdate();
    if (marked == 0) {
      return false;
    }
    SaleEntries.poolSplit(order.id(), pool, carrierBytes, storeBytes).ifPresent(journal::post);
    LOG.debugf("Settled order %s: pool %s over %d carriers", order.id(), pool, carrierBytes.size());
    return true;
  }

  /** A commission that is pending (never held, or approved) becomes payable once its hold is over. */
  private boolean commissionPayable(UUID orderId) {
    AffiliateCommission commission = entityManager.find(AffiliateCommission.class, orderId, LockModeType.PESSIMISTIC_WRITE);
    if (commission == null || commission.state() != CommissionState.PENDING || !journal.posted("sale:" + orderId)) {
      return false;
    }
    return journal.post(SaleEntries.commissionPayable(orderId, new SaleEntries.Commission(commission.siteId(), commission.amount())));
  }
}
