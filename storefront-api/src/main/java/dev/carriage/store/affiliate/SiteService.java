package dev.carriage.store.affiliate;

import dev.carriage.affiliate.ReferralCode;
import dev.carriage.store.catalog.Title;
import dev.carriage.store.problem.ProblemException;
import dev.carriage.store.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Fan sites: registration, payout preference, links, and an admin's suspension. */
@ApplicationScoped
@Transactional
public class SiteService {

  private static final int CODE_ATTEMPTS = 5;
  private static final int SITES_PER_OWNER_MAX = 50;

  private final EntityManager entityManager;
  private final CommissionService commissions;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public SiteService(EntityManager entityManager, CommissionService commissions, Clock clock) {
    this.entityManager = entityManager;
    this.commissions = commissions;
    this.clock = clock;
  }

  public SiteView register(UUID ownerId, SiteRequests.Register request, String storeBase) {
    long owned = entityManager
        .createQuery("select count(s) from AffiliateSite s where s.ownerId = :owner", Long.class)
        .setParameter("owner", ownerId)
        .getSingleResult();
    if (owned >= SITES_PER_OWNER_MAX) {
      throw new ProblemException(ProblemType.CONFLICT, "an account may register at most " + SITES_PER_OWNER_MAX + " sites");
    }
    AffiliateSite site = new AffiliateSite(ownerId, request.name().strip(), request.url(), freshCode(), clock.instant());
    entityManager.persist(site);
    return SiteView.of(site, storeBase);
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public List<SiteView> owned(UUID ownerId, String storeBase) {
    return ownedSites(ownerId).stream().map(site -> SiteView.of(site, storeBase)).toList();
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public List<AffiliateSite> ownedSites(UUID ownerId) {
    return entityManager
        .createQuery("from AffiliateSite s where s.ownerId = :owner order by s.createdAt, s.id", AffiliateSite.class)
        .setParameter("owner", ownerId)
        .getResultList();
  }

  public SiteView changePayout(UUID callerId, UUID siteId, SiteRequests.Payout request, String storeBase) {
    request.requireConsistent();
    AffiliateSite site = ownSite(callerId, siteId, LockModeType.PESSIMISTIC_WRITE);
    site.payTo(request.method(), request.connectAccountId());
    return SiteView.of(site, storeBase);
  }

  /** The address of a referral link; the title must exist, the site must be the caller's. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public String link(UUID callerId, SiteRequests.Link request, String storeBase) {
    AffiliateSite site = ownSite(callerId, request.siteId(), LockModeType.NONE);
    StringBuilder url = new StringBuilder(storeBase).append("r/").append(site.code());
    String separator = "?";
    if (request.titleId() != null) {
      if (entityManager.find(Title.class, request.titleId()) == null) {
        throw ProblemException.invalidField("titleId", "no title has id " + request.titleId());
      }
      url.append(separator).append("title=").append(request.titleId());
      separator = "&";
    }
    if (request.subId() != null) {
      url.append(separator).append("sub=").append(URLEncoder.encode(request.subId(), StandardCharsets.UTF_8));
    }
    return url.toString();
  }

  /** Suspends a site: it earns nothing new, and what it has not been paid waits for review (see {@link CommissionService#holdForSuspension}). */
  /** Every site, newest first, at most {@code max}: the operator's list. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public List<SiteView> all(int max, String storeBase) {
    return entityManager.createQuery("from AffiliateSite s order by s.createdAt desc, s.id", AffiliateSite.class).setMaxResults(max)
        .getResultStream().map(site -> SiteView.of(site, storeBase)).toList();
  }

  public SiteView suspend(UUID siteId, String reason, String storeBase) {
    AffiliateSite site = entityManager.find(AffiliateSite.class, anySite(siteId).id(), LockModeType.PESSIMISTIC_WRITE);
    site.suspend(reason, clock.instant());
    commissions.holdForSuspension(site.id(), reason);
    return SiteView.of(site, storeBase);
  }

  public SiteView reinstate(UUID siteId, String storeBase) {
    AffiliateSite site = anySite(siteId);
    site.reinstate();
    return SiteView.of(site, storeBase);
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public Optional<AffiliateSite> byCode(String code) {
    if (!ReferralCode.isWellFormed(code)) {
      return Optional.empty();
    }
    return entityManager
        .createQuery("from AffiliateSite s where s.code = :code", AffiliateSite.class)
        .setParameter("code", code)
        .getResultStream()
        .findFirst();
  }

  /**
   * The caller's own site. Someone else's is a 403, not a 404: a site id is no secret (it is
   * in every stats request), and the owner of the id should learn why they were refused.
   */
  AffiliateSite ownSite(UUID callerId, UUID siteId, LockModeType lock) {
    AffiliateSite site = entityManager.find(AffiliateSite.class, siteId, lock);
    if (site == null) {
      throw ProblemException.notFound("site", siteId);
    }
    if (!site.ownerId().equals(callerId)) {
      throw new ProblemException(ProblemType.FORBIDDEN, "site " + siteId + " is not yours");
    }
    return site;
  }

  private AffiliateSite anySite(UUID siteId) {
    AffiliateSite site = entityManager.find(AffiliateSite.class, siteId, LockModeType.PESSIMISTIC_WRITE);
    if (site == null) {
      throw ProblemException.notFound("site", siteId);
    }
    return site;
  }

  private String freshCode() {
    for (int attempt = 0; attempt < CODE_ATTEMPTS; attempt++) {
      String code = ReferralCode.generate(random).value();
      if (byCode(code).isEmpty()) {
        return code;
      }
    }
    throw new IllegalStateException("no free referral code after " + CODE_ATTEMPTS + " attempts");
  }
}
