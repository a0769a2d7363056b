package dev.carriage.store.affiliate;

import dev.carriage.affiliate.AttributionOutcome;
import dev.carriage.affiliate.CommissionRule;
import dev.carriage.affiliate.CommissionState;
import dev.carriage.ledger.Money;
import dev.carriage.store.StoreConfig;
import dev.carriage.store.ledger.SaleLedger;
import dev.carriage.store.order.Order;
import dev.carriage.store.order.OrderStatus;
import dev.carriage.store.order.OrderStatusChanged;
import dev.carriage.store.problem.ProblemException;
import dev.carriage.store.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Follows each attributed order: its payment earns the site a commission (or a held one, for
 * an admin to review), its refund reverses or claws it back. Runs inside the transaction of
 * the order's status change, so the two never disagree.
 */
@ApplicationScoped
@Transactional
public class CommissionService {

  private static final Logger LOG = Logger.getLogger(CommissionService.class);

  private final EntityManager entityManager;
  private final SaleLedger ledger;
  private final StoreConfig config;
  private final Clock clock;

  public CommissionService(EntityManager entityManager, SaleLedger ledger, StoreConfig config, Clock clock) {
    this.entityManager = entityManager;
    this.ledger = ledger;
    this.config = config;
    this.clock = clock;
  }

  void onStatusChange(@Observes OrderStatusChanged change) {
    if (change.to() == OrderStatus.PAID) {
      earn(change);
    } else if (change.to() == OrderStatus.REFUNDED) {
      AffiliateCommission commission = entityManager.find(AffiliateCommission.class, change.orderId(), LockModeType.PESSIMISTIC_WRITE);
      if (commission != null) {
        commission.refunded("order refunded: " + change.cause(), clock.instant());
      }
    }
  }

  /** The sites' commissions, newest first, each with its state and the day it becomes final. */
  @jakarta.transaction.Transactional(jakarta.transaction.Transactional.TxType.SUPPORTS)
  public List<CommissionView> forSites(List<UUID> siteIds, int max) {
    if (siteIds.isEmpty()) {
      return List.of();
    }
    Instant now = clock.instant();
    return entityManager
        .createQuery("from AffiliateCommission c where c.siteId in :sites order by c.earnedAt desc, c.orderId", AffiliateCommission.class)
        .setParameter("sites", siteIds)
        .setMaxResults(max)
        .getResultStream()
        .map(commission -> CommissionView.of(commission, now))
        .toList();
  }

  /**
   * A suspended site is paid nothing it has not been paid yet: each of its unpaid commissions
   * (pending, or payable and waiting for a payout) is held for the operator's review.
   */
  public int holdForSuspension(UUID siteId, String why) {
    List<AffiliateCommission> unpaid = entityManager
        .createQuery("from AffiliateCommission c where c.siteId = :site and c.state = :pending", AffiliateCommission.class)
        .setParameter("site", siteId)
        .setParameter("pending", CommissionState.PENDING)
        .setLockMode(LockModeType.PESSIMISTIC_WRITE)
        .getResultList();
    Instant now = clock.instant();
    unpaid.forEach(commission -> {
      commission.heldForReview("site suspended: " + why, now);
      ledger.commissionHeld(commission);
    });
    return unpaid.size();
  }

  /** Approves or rejects a held commission. */
  public CommissionView review(UUID orderId, boolean approved, UUID adminId) {
    AffiliateCommission commission = entityManager.find(AffiliateCommission.class, orderId, LockModeType.PESSIMISTIC_WRITE);
    if (commission == null) {
      throw ProblemException.notFound("commission of order", orderId);
    }
    if (commission.stateAt(clock.instant()) != CommissionState.HELD) {
      throw new ProblemException(ProblemType.CONFLICT,
          "the commission of order " + orderId + " is " + commission.stateAt(clock.instant()) + "; only a held one is reviewed");
    }
    commission.reviewed(approved, adminId, clock.instant());
    if (approved) {
      ledger.commissionApproved(commission);
    } else {
      ledger.commissionRejected(commission);
    }
    return CommissionView.of(commission, clock.instant());
  }

  private void earn(OrderStatusChanged change) {
    Order order = entityManager.find(Order.class, change.orderId());
    if (order.attribution().isEmpty() || entityManager.find(AffiliateCommission.class, order.id()) != null) {
      return; // not referred, or paid before (a dispute won puts a disputed order back to paid)
    }
    AttributionOutcome outcome = order.attribution().get();
    if (!outcome.earns() && !outcome.isHeld()) {
      return; // self-referral, suspended site or expired click: kept on the order, nothing earned
    }
    AffiliateSite site = entityManager.find(AffiliateSite.class, order.affiliateSiteId().orElseThrow());
    CommissionState state;
    String reason;
    if (site.suspended()) {
      state = CommissionState.REJECTED;
      reason = "site suspended before the sale was paid";
    } else if (outcome.isHeld()) {
      state = CommissionState.HELD;
      reason = outcome == AttributionOutcome.HELD_TOO_FAST
          ? "ordered less than " + config.affiliate().minimumDelay().toSeconds() + " s after the click"
          : "the click came in a burst from one visitor";
    } else {
      state = CommissionState.PENDING;
      reason = "referred sale paid";
    }
    int bps = config.affiliate().commissionBasisPoints();
    Money gross = order.amount();
    AffiliateCommission commission = new AffiliateCommission(order.id(), site.id(), order.affiliateClickId().orElseThrow(),
        order.titleId(), gross, new CommissionRule(bps).of(gross), bps, state, reason, change.at(),
        order.holdUntil().orElseThrow());
    entityManager.persist(commission);
    LOG.infof("Order %s earns site %s %s (%s)", order.id(), site.id(), commission.amount(), state);
  }
}
