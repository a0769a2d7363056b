package dev.carriage.store.affiliate;

import dev.carriage.affiliate.Attribution;
import dev.carriage.affiliate.AttributionPolicy;
import dev.carriage.affiliate.ClickCandidate;
import dev.carriage.store.StoreConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Decides, when an order is placed, which click (if any) referred it. The answer is stored on
 * the order, so a later click cannot take a placed order from the site that earned it.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class AttributionService {

  private final EntityManager entityManager;
  private final StoreConfig config;

  public AttributionService(EntityManager entityManager, StoreConfig config) {
    this.entityManager = entityManager;
    this.config = config;
  }

  /**
   * @param cookieClick the click id in the buyer's attribution cookie, as sent (may be junk)
   * @param requestedCode a site code the client named at checkout: only that site's clicks count
   */
  public Optional<Attribution> attribute(UUID buyerId, String cookieClick, String requestedCode, Instant orderedAt) {
    List<ReferralClick> clicks = new ArrayList<>();
    cookieClick(cookieClick).filter(click -> click.refers(buyerId)).ifPresent(click -> {
      // The click now follows the buyer to their other devices.
      click.claimFor(buyerId);
      clicks.add(click);
    });
    clicks.addAll(entityManager
        .createQuery("from ReferralClick c where c.accountId = :buyer and c.clickedAt <= :at order by c.clickedAt desc", ReferralClick.class)
        .setParameter("buyer", buyerId)
        .setParameter("at", orderedAt)
        .setMaxResults(20)
        .getResultList());
    List<ClickCandidate> candidates = new ArrayList<>();
    for (ReferralClick click : clicks) {
      AffiliateSite site = entityManager.find(AffiliateSite.class, click.siteId());
      if (requestedCode == null || site.code().equals(requestedCode)) {
        candidates.add(new ClickCandidate(
            click.id(), site.id(), site.ownerId(), site.suspended(), click.clickedAt(), click.flood()));
      }
    }
    AttributionPolicy policy = new AttributionPolicy(config.affiliate().window(), config.affiliate().minimumDelay());
    return policy.attribute(candidates, buyerId, orderedAt);
  }

  private Optional<ReferralClick> cookieClick(String cookieValue) {
    if (cookieValue == null) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(entityManager.find(ReferralClick.class, UUID.fromString(cookieValue.strip())));
    } catch (IllegalArgumentException notUuid) {
      return Optional.empty();
    }
  }
}
