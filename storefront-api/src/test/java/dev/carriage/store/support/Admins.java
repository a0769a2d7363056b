package dev.carriage.store.support;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.UUID;

/** Admin is never chosen at sign-up; tests grant it the way an operator would, in the database. */
@ApplicationScoped
public class Admins {

  private final EntityManager entityManager;

  public Admins(EntityManager entityManager) {
    this.entityManager = entityManager;
  }

  /**
   * Records that the store handed this node a title to fetch, as a cache fill does: tests that
   * seed a carrier's files by hand (instead of a fill over the grid) record it so.
   */
  @Transactional
  public void handedToFetch(UUID nodeId, UUID titleId) {
    entityManager
        .createNativeQuery("insert into node_fill (node_id, title_id, issued_at) values (?1, ?2, now()) on conflict do nothing")
        .setParameter(1, nodeId).setParameter(2, titleId)
        .executeUpdate();
  }

  /**
   * An order as one placed before a failed order counted as the buyer's open one: a second
   * order for a title the buyer already has an order for. Returns its id.
   */
  @Transactional
  public String legacyOrder(String buyerId, String titleId, String provider, String paymentId, String status) {
    UUID id = UUID.randomUUID();
    entityManager
        .createNativeQuery("insert into purchase_order (id, buyer_id, title_id, amount_minor, currency, status, provider, payment_id,"
            + " client_secret, created_at, paid_at, hold_until, updated_at, version)"
            + " select ?1, ?2, t.id, t.price_minor, t.currency, ?3, ?4, ?5, '', now(), case when ?3 = 'PAID' then now() end,"
            + " case when ?3 = 'PAID' then now() + interval '14 days' end, now(), 0 from title t where t.id = ?6")
        .setParameter(1, id).setParameter(2, UUID.fromString(buyerId)).setParameter(3, status).setParameter(4, provider)
        .setParameter(5, paymentId).setParameter(6, UUID.fromString(titleId))
        .executeUpdate();
    return id.toString();
  }

  @Transactional
  public void grant(String accountId) {
    entityManager
        .createNativeQuery("insert into account_role (account_id, role) values (?1, 'ADMIN')")
        .setParameter(1, UUID.fromString(accountId))
        .executeUpdate();
  }
}
