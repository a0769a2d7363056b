package dev.carriage.store.licence;

import dev.carriage.store.account.Account;
import dev.carriage.store.catalog.Title;
import dev.carriage.store.problem.ProblemException;
import dev.carriage.store.problem.ProblemType;
import io.quarkus.security.UnauthorizedException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Who may download what: licences from purchases and free trials, and their revocation. */
@ApplicationScoped
@Transactional
public class LicenceService {

  private final EntityManager entityManager;
  private final Clock clock;

  public LicenceService(EntityManager entityManager, Clock clock) {
    this.entityManager = entityManager;
    this.clock = clock;
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public Optional<Licence> find(UUID accountId, UUID titleId) {
    return entityManager
        .createQuery("from Licence l where l.accountId = :account and l.titleId = :title", Licence.class)
        .setParameter("account", accountId)
        .setParameter("title", titleId)
        .getResultStream()
        .findFirst();
  }

  /** True when the account already holds the title for good, so buying it again makes no sense. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public boolean ownsForGood(UUID accountId, UUID titleId) {
    return find(accountId, titleId)
        .filter(licence -> licence.kind() == LicenceKind.PERPETUAL)
        .filter(licence -> licence.stateAt(clock.instant()) == LicenceState.VALID)
        .isPresent();
  }

  /**
   * A paid order: a new perpetual licence, or the buyer's trial (or refunded licence) made
   * perpetual. A licence belongs to the buyer and the title: one already held for good through
   * another paid order stays with that order.
   */
  public Licence grantForPaidOrder(UUID accountId, UUID titleId, UUID orderId) {
    // Under the checkout's lock: a checkout either sees this licence or runs before it exists,
    // never between the order turning paid and the licence appearing.
    lockAccount(accountId);
    Instant now = clock.instant();
    Optional<Licence> existing = find(accountId, titleId);
    if (existing.isPresent()) {
      Licence licence = existing.get();
      entityManager.lock(licence, LockModeType.PESSIMISTIC_WRITE);
      boolean heldThroughAnother = licence.kind() == LicenceKind.PERPETUAL && licence.stateAt(now) == LicenceState.VALID
          && licence.orderId().filter(other -> !other.equals(orderId)).isPresent();
      if (!heldThroughAnother) {
        licence.makePerpetual(orderId, now);
      }
      return licence;
    }
    Licence licence = Licence.purchased(accountId, titleId, orderId, now);
    entityManager.persist(licence);
    return licence;
  }

  /**
   * A refunded or charged-back order: its licence stops starting downloads, unless another paid
   * order of the same buyer for the title remains ({@code remaining}), which then holds it.
   */
  public void releaseForOrder(UUID orderId, Optional<UUID> remaining, String why) {
    entityManager
        .createQuery("from Licence l where l.orderId = :order", Licence.class)
        .setParameter("order", orderId)
        .setLockMode(LockModeType.PESSIMISTIC_WRITE)
        .getResultStream()
        .forEach(licence -> remaining.ifPresentOrElse(
            other -> licence.passTo(other, clock.instant()),
            () -> licence.revoke(why, clock.instant())));
  }

  /** A free demo: one trial per account and title, for titles whose publisher offers one. */
  public LicenceView startTrial(UUID accountId, UUID titleId) {
    lockAccount(accountId);
    Title title = entityManager.find(Title.class, titleId);
    if (title == null) {
      throw ProblemException.invalidField("titleId", "no title has id " + titleId);
    }
    if (!title.onSale()) {
      throw new ProblemException(ProblemType.NOT_FOR_SALE, "title " + titleId + " has been withdrawn from sale");
    }
    if (title.trialDays().isEmpty()) {
      throw new ProblemException(ProblemType.NO_TRIAL, "title " + titleId + " has no free trial");
    }
    Optional<Licence> existing = find(accountId, titleId);
    if (existing.isPresent()) {
      String why = existing.get().kind() == LicenceKind.TRIAL
          ? "the trial of title " + titleId + " has already been used"
          : "title " + titleId + " is already in your library";
      throw new ProblemException(ProblemType.ALREADY_OWNED, why);
    }
    Licence trial = Licence.trial(accountId, titleId, Duration.ofDays(title.trialDays().getAsInt()), clock.instant());
    entityManager.persist(trial);
    entityManager.flush();
    return LicenceView.of(trial, title.name(), title.kind(), clock.instant());
  }

  /** The licence that lets the account download the title now, or a 403 that says why not. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public Licence requireValid(UUID accountId, UUID titleId) {
    Licence licence = find(accountId, titleId)
        .orElseThrow(() -> new ProblemException(ProblemType.NO_VALID_LICENCE, "you hold no licence for title " + titleId));
    switch (licence.stateAt(clock.instant())) {
      case VALID:
        return licence;
      case EXPIRED:
        throw new ProblemException(
            ProblemType.NO_VALID_LICENCE, "your trial of title " + titleId + " ended at " + licence.expiresAt().orElseThrow());
      case REVOKED:
      default:
        throw new ProblemException(
            ProblemType.NO_VALID_LICENCE,
            "your licence for title " + titleId + " was revoked: " + licence.revokedWhy().orElse("no reason recorded"));
    }
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public List<LicenceView> library(UUID accountId) {
    Instant now = clock.instant();
    return entityManager
        .createQuery(
            "select l, t.name, t.kind from Licence l, Title t where t.id = l.titleId and l.accountId = :account"
                + " order by l.grantedAt desc, l.id",
            Object[].class)
        .setParameter("account", accountId)
        .getResultStream()
        .map(row -> LicenceView.of((Licence) row[0], (String) row[1], (dev.carriage.store.catalog.TitleKind) row[2], now))
        .toList();
  }

  /**
   * Serializes one account's purchases and trials: concurrent checkouts of the same buyer take
   * turns, so a double click cannot produce two orders or two licences.
   */
  public void lockAccount(UUID accountId) {
    if (entityManager.find(Account.class, accountId, LockModeType.PESSIMISTIC_WRITE) == null) {
      // A still-valid token of an account that no longer exists speaks for nobody.
      throw new UnauthorizedException();
    }
  }
}
