package dev.carriage.store.affiliate;

import dev.carriage.affiliate.AttributionOutcome;
import dev.carriage.affiliate.CommissionRule;
import dev.carriage.affiliate.CommissionState;
import dev.carriage.ledger.Money;
import dev.carriage.ledger.SaleSplit;
import dev.carriage.store.StoreConfig;
import dev.carriage.store.ledger.SaleLedger;
import dev.carriage.store.order.Order;
import dev.carriage.store.problem.ProblemException;
import dev.carriage.store.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Each attributed sale's commission: decided and written down when the sale is paid (or held
 * for an admin to review), reversed or clawed back when it is refunded, held when its site is
 * suspended. Called by the sale's flow inside the order's transaction, so the two never disagree.
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

  /** A refunded or lost sale's commission is reversed, or clawed back if it was paid out. */
  public void orderRefunded(UUID orderId, String cause) {
    AffiliateCommission commission = entityManager.find(AffiliateCommission.class, orderId, LockModeType.PESSIMISTIC_WRITE);
    if (commission != null) {
      commission.refunded("order refunded: " + cause, clock.instant());
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

  /**
   * What a paid order's referral earns: nothing when it was not referred (or a self-referral,
   * an expired click); otherwise its site, and whether the commission is owed now, held for an
   * admin's review, or refused because the site was suspended.
   */
  public Optional<Referral> referralOf(Order order) {
    if (order.attribution().isEmpty()) {
      return Optional.empty();
    }
    AttributionOutcome outcome = order.attribution().get();
    if (!outcome.earns() && !outcome.isHeld()) {
      return Optional.empty();
    }
    AffiliateSite site = entityManager.find(AffiliateSite.class, order.affiliateSiteId().orElseThrow());
    if (site.suspended()) {
      return Optional.of(new Referral(site.id(), order.affiliateClickId().orElseThrow(), CommissionState.REJECTED,
          "site suspended before the sale was paid"));
    }
    if (outcome.isHeld()) {
      return Optional.of(new Referral(site.id(), order.affiliateClickId().orElseThrow(), CommissionState.HELD,
          outcome == AttributionOutcome.HELD_TOO_FAST
              ? "ordered less than " + config.affiliate().minimumDelay().toSeconds() + " s after the click"
              : "the click came in a burst from one visitor"));
    }
    return Optional.of(new Referral(site.id(), order.affiliateClickId().orElseThrow(), CommissionState.PENDING, "referred sale paid"));
  }

  /**
   * Writes down the referral's commission as the sale's split set it aside ({@code owed}), or,
   * for a refused one, what it would have been at {@code basisPoints}.
   */
  public void record(Order order, Referral referral, Optional<SaleSplit.Commission> owed, int basisPoints, Instant at) {
    Money amount = owed.map(SaleSplit.Commission::amount).orElseGet(() -> new CommissionRule(basisPoints).of(order.amount()));
    AffiliateCommission commission = new AffiliateCommission(order.id(), referral.siteId(), referral.clickId(), order.titleId(),
        order.amount(), amount, basisPoints, referral.state(), referral.reason(), at, order.holdUntil().orElseThrow());
    entityManager.persist(commission);
    LOG.infof("Order %s earns site %s %s (%s)", order.id(), referral.siteId(), amount, referral.state());
  }
}
