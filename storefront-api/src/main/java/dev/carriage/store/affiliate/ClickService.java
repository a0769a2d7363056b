package dev.carriage.store.affiliate;

import dev.carriage.affiliate.ClickFlood;
import dev.carriage.affiliate.ClickText;
import dev.carriage.affiliate.VisitorFingerprint;
import dev.carriage.store.StoreConfig;
import dev.carriage.store.catalog.Title;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Records the clicks on referral links. */
@ApplicationScoped
@Transactional
public class ClickService {

  private final EntityManager entityManager;
  private final SiteService sites;
  private final StoreSecrets secrets;
  private final StoreConfig config;
  private final Clock clock;

  public ClickService(EntityManager entityManager, SiteService sites, StoreSecrets secrets, StoreConfig config, Clock clock) {
    this.entityManager = entityManager;
    this.sites = sites;
    this.secrets = secrets;
    this.config = config;
    this.clock = clock;
  }

  /** What a visitor sent with a click, exactly as it arrived; nothing here is trusted. */
  public record Visit(String code, String titleParam, String subParam, String address, String userAgent,
      String referrer, UUID accountId) {}

  /** A recorded click, and the title it leads to if the link named one that exists. */
  public record Recorded(UUID clickId, Optional<UUID> titleId) {}

  /** Empty for a code no site has: such a visit is sent to the store front and not recorded. */
  public Optional<Recorded> record(Visit visit) {
    Optional<AffiliateSite> site = sites.byCode(visit.code());
    if (site.isEmpty()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    UUID titleId = knownTitle(visit.titleParam()).orElse(null);
    String userAgent = ClickText.header(visit.userAgent()).orElse(null);
    String visitor = new VisitorFingerprint(secrets.secret("visitor-fingerprint")).of(visit.address(), userAgent);
    // Count and insert under one lock per site and visitor, held to commit: sixty clicks at once
    // take turns, so each sees every earlier one and the flood limit holds under any concurrency.
    entityManager.createNativeQuery("select pg_advisory_xact_lock(hashtextextended(?1, 0))")
        .setParameter(1, "click:" + site.get().id() + ":" + visitor).getSingleResult();
    ReferralClick click = new ReferralClick(
        site.get().id(),
        titleId,
        ClickText.subId(visit.subParam()).orElse(null),
        now,
        visitor,
        userAgent,
        ClickText.referrer(visit.referrer()).orElse(null),
        visit.accountId(),
        isFlood(site.get().id(), visitor, now));
    entityManager.persist(click);
    entityManager.flush();
    return Optional.of(new Recorded(click.id(), Optional.ofNullable(titleId)));
  }

  private boolean isFlood(UUID siteId, String visitor, Instant now) {
    ClickFlood flood = new ClickFlood(config.affiliate().floodLimit(), config.affiliate().floodPeriod());
    long earlier = entityManager
        .createQuery(
            "select count(c) from ReferralClick c where c.siteId = :site and c.visitorHash = :visitor and c.clickedAt > :since",
            Long.class)
        .setParameter("site", siteId)
        .setParameter("visitor", visitor)
        .setParameter("since", now.minus(flood.period()))
        .getSingleResult();
    return flood.isFlood(earlier);
  }

  private Optional<UUID> knownTitle(String titleParam) {
    if (titleParam == null) {
      return Optional.empty();
    }
    try {
      UUID id = UUID.fromString(titleParam);
      return Optional.ofNullable(entityManager.find(Title.class, id)).map(Title::id);
    } catch (IllegalArgumentException notUuid) {
      return Optional.empty();
    }
  }
}
