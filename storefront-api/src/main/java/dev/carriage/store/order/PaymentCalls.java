package dev.carriage.store.order;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The outbox of calls to the payment provider (today: refunds). A call is recorded in the
 * transaction that decides it, asked of the provider after that commits, and completed in a
 * transaction of its own; a crash between any two steps leaves it pending for the next run,
 * which asks again with the same idempotency key. Claiming a call pushes its next attempt out,
 * which is both the back-off and the lease that keeps two replicas from asking at once.
 */
@ApplicationScoped
public class PaymentCalls {

  /** After this many refused attempts the call is left failed, for an admin to look at. */
  static final int MAX_ATTEMPTS = 20;
  private static final Duration FIRST_BACK_OFF = Duration.ofSeconds(30);
  private static final Duration LONGEST_BACK_OFF = Duration.ofHours(1);

  private final EntityManager entityManager;
  private final Clock clock;

  public PaymentCalls(EntityManager entityManager, Clock clock) {
    this.entityManager = entityManager;
    this.clock = clock;
  }

  /** A call this replica has claimed: ask the provider now. */
  public record Claimed(UUID callId, UUID orderId, String cause, int attempt) {}

  /** Records the order's refund, due at once; a refund already pending or done stays as it is, a failed one is asked again. */
  @Transactional(Transactional.TxType.MANDATORY)
  public UUID recordRefund(UUID orderId, String cause) {
    Instant now = clock.instant();
    entityManager.createNativeQuery("insert into payment_call (id, order_id, kind, state, cause, next_attempt_at, created_at, updated_at)"
            + " values (?1, ?2, 'REFUND', 'PENDING', ?3, ?4, ?4, ?4) on conflict (order_id, kind) do update"
            + " set state = 'PENDING', attempts = 0, next_attempt_at = ?4, updated_at = ?4 where payment_call.state = 'FAILED'")
        .setParameter(1, UUID.randomUUID()).setParameter(2, orderId).setParameter(3, cause).setParameter(4, now).executeUpdate();
    return (UUID) entityManager.createNativeQuery("select id from payment_call where order_id = ?1 and kind = 'REFUND'")
        .setParameter(1, orderId).getSingleResult();
  }

  /** Calls due now, oldest first. */
  @Transactional
  public List<UUID> due(int max) {
    @SuppressWarnings("unchecked")
    List<UUID> ids = entityManager.createNativeQuery(
            "select id from payment_call where state = 'PENDING' and next_attempt_at <= ?1 order by next_attempt_at limit ?2")
        .setParameter(1, clock.instant()).setParameter(2, max).getResultList();
    return ids;
  }

  /** Claims a due call for one attempt; empty when it is done, failed, or being asked by another run right now. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public Optional<Claimed> claim(UUID callId) {
    Instant now = clock.instant();
    @SuppressWarnings("unchecked")
    List<Object[]> rows = entityManager.createNativeQuery("update payment_call set attempts = attempts + 1, updated_at = ?2,"
            + " next_attempt_at = cast(?2 as timestamptz) + least(?3 * power(2, attempts), ?4) * interval '1 second'"
            + " where id = ?1 and state = 'PENDING' and next_attempt_at <= ?2 returning order_id, cause, attempts")
        .setParameter(1, callId).setParameter(2, now).setParameter(3, FIRST_BACK_OFF.toSeconds())
        .setParameter(4, LONGEST_BACK_OFF.toSeconds()).getResultList();
    return rows.stream().findFirst().map(row -> new Claimed(callId, (UUID) row[0], (String) row[1], ((Number) row[2]).intValue()));
  }

  /** The provider refused this attempt; after {@link #MAX_ATTEMPTS} the call is left failed. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void attemptFailed(Claimed call, String why) {
    entityManager.createNativeQuery("update payment_call set last_error = ?2, updated_at = ?3,"
            + " state = case when attempts >= ?4 then 'FAILED' else state end where id = ?1 and state = 'PENDING'")
        .setParameter(1, call.callId()).setParameter(2, why.length() > 500 ? why.substring(0, 500) : why)
        .setParameter(3, clock.instant()).setParameter(4, MAX_ATTEMPTS).executeUpdate();
  }

  @Transactional(Transactional.TxType.MANDATORY)
  void done(UUID callId) {
    entityManager.createNativeQuery("update payment_call set state = 'DONE', last_error = null, updated_at = ?2 where id = ?1")
        .setParameter(1, callId).setParameter(2, clock.instant()).executeUpdate();
  }
}
