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

  @Transactional
  public void grant(String accountId) {
    entityManager
        .createNativeQuery("insert into account_role (account_id, role) values (?1, 'ADMIN')")
        .setParameter(1, UUID.fromString(accountId))
        .executeUpdate();
  }
}
