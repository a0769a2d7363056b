package dev.carriage.store.account;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Makes password guessing slow, by account and by client address. Each key gets a few free
 * failures within {@link #WINDOW}; after that each failure blocks the key for twice as long as
 * the one before, up to a cap, and a blocked key is refused before any password is checked (the
 * right password included). The account's cap is short, so a stranger hammering someone's email
 * keeps them out for seconds at a time, not for hours; the address's cap is long, since an
 * address that fails across many accounts is guessing. A success clears its account's count but
 * not its address's, so a guesser cannot reset it by signing in to an account of its own.
 * Counts live in PostgreSQL, so every replica of the store sees the same ones.
 */
@ApplicationScoped
public class LoginThrottle {

  /** Failures older than this are forgotten. */
  static final Duration WINDOW = Duration.ofMinutes(15);
  static final Rule ACCOUNT = new Rule("account:", 5, Duration.ofSeconds(30));
  /** Addresses are shared (NAT, offices): more free failures, a longer cap. */
  static final Rule ADDRESS = new Rule("address:", 20, Duration.ofMinutes(15));
  private static final Duration FIRST_DELAY = Duration.ofSeconds(1);

  /** How one kind of key is throttled: its free failures and the longest block. */
  record Rule(String prefix, int freeFailures, Duration cap) {
    /** The block after the {@code failures}-th failure in the window: none, then 1 s, 2 s, 4 s ... up to the cap. */
    Duration blockAfter(int failures) {
      int over = failures - freeFailures;
      if (over <= 0) {
        return Duration.ZERO;
      }
      Duration delay = FIRST_DELAY.multipliedBy(1L << Math.min(over - 1, 30));
      return delay.compareTo(cap) > 0 ? cap : delay;
    }
  }

  private final EntityManager entityManager;
  private final Clock clock;

  public LoginThrottle(EntityManager entityManager, Clock clock) {
    this.entityManager = entityManager;
    this.clock = clock;
  }

  /** How long the caller must wait before a sign-in for this email from this address is even checked; empty when it may go ahead. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public Optional<Duration> wait(String email, String address) {
    Instant now = clock.instant();
    @SuppressWarnings("unchecked")
    List<Object> until = entityManager.createNativeQuery(
            "select max(blocked_until) from login_failure where throttle_key in (?1, ?2) and blocked_until > ?3")
        .setParameter(1, ACCOUNT.prefix() + email).setParameter(2, ADDRESS.prefix() + address).setParameter(3, now)
        .getResultList();
    if (until.isEmpty() || until.get(0) == null) {
      return Optional.empty();
    }
    return Optional.of(Duration.between(now, dev.carriage.store.ledger.Journal.instantOf(until.get(0))));
  }

  /** Counts a failed sign-in against the email and the address; committed whatever the caller's transaction does. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void failed(String email, String address) {
    Instant now = clock.instant();
    count(ACCOUNT, ACCOUNT.prefix() + email, now);
    count(ADDRESS, ADDRESS.prefix() + address, now);
    // Keys quiet for a whole window are forgotten, so the table holds only recent guessing.
    entityManager.createNativeQuery("delete from login_failure where last_failure_at < ?1 and (blocked_until is null or blocked_until < ?2)")
        .setParameter(1, now.minus(WINDOW)).setParameter(2, now).executeUpdate();
  }

  /** The account's count goes; the address keeps its own. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void succeeded(String email) {
    entityManager.createNativeQuery("delete from login_failure where throttle_key = ?1").setParameter(1, ACCOUNT.prefix() + email)
        .executeUpdate();
  }

  private void count(Rule rule, String key, Instant now) {
    int failures = ((Number) entityManager.createNativeQuery(
            "insert into login_failure (throttle_key, failures, last_failure_at) values (?1, 1, ?2)"
                + " on conflict (throttle_key) do update set failures ="
                + "   case when login_failure.last_failure_at < ?3 then 1 else login_failure.failures + 1 end,"
                + " last_failure_at = excluded.last_failure_at returning failures")
        .setParameter(1, key).setParameter(2, now).setParameter(3, now.minus(WINDOW))
        .getSingleResult()).intValue();
    Duration block = rule.blockAfter(failures);
    if (!block.isZero()) {
      entityManager.createNativeQuery("update login_failure set blocked_until = ?2 where throttle_key = ?1")
          .setParameter(1, key).setParameter(2, now.plus(block)).executeUpdate();
    }
  }
}
