package dev.carriage.store.affiliate;

import dev.carriage.affiliate.AttributionOutcome;
import dev.carriage.affiliate.CommissionState;
import dev.carriage.store.order.Order;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;

/** The admin's queue of suspicious referrals, newest first. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class AffiliateReview {

  private static final int SHOWN_MAX = 200;

  private final EntityManager entityManager;
  private final Clock clock;

  public AffiliateReview(EntityManager entityManager, Clock clock) {
    this.entityManager = entityManager;
    this.clock = clock;
  }

  public ReviewView queue() {
    Instant now = clock.instant();
    var held = entityManager
        .createQuery("from AffiliateCommission m where m.state = :held order by m.earnedAt desc", AffiliateCommission.class)
        .setParameter("held", CommissionState.HELD)
        .setMaxResults(SHOWN_MAX)
        .getResultStream()
        .map(commission -> CommissionView.of(commission, now))
        .toList();
    var selfReferrals = entityManager
        .createQuery("from Order o where o.attribution = :self order by o.createdAt desc", Order.class)
        .setParameter("self", AttributionOutcome.SELF_REFERRAL)
        .setMaxResults(SHOWN_MAX)
        .getResultStream()
        .map(order -> new ReviewView.SelfReferral(order.id(), order.affiliateSiteId().orElseThrow(), order.buyerId(), order.createdAt()))
        .toList();
    var floods = entityManager
        .createQuery("from ReferralClick c where c.flood order by c.clickedAt desc", ReferralClick.class)
        .setMaxResults(SHOWN_MAX)
        .getResultStream()
        .map(click -> new ReviewView.FloodClick(
            click.id(), click.siteId(), click.visitorHash(), click.userAgent().orElse(null), click.clickedAt()))
        .toList();
    return new ReviewView(held, selfReferrals, floods);
  }
}
