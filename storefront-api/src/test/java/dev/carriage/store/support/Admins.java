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

  @Transactional
  public void grant(String accountId) {
    entityManager
        .createNativeQuery("insert into account_role (account_id, role) values (?1, 'ADMIN')")
        .setParameter(1, UUID.fromString(accountId))
        .executeUpdate();
  }
}
