package dev.carriage.store.affiliate;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Random secrets the store makes for itself the first time one is needed and keeps in its
 * database, so every replica and every restart uses the same one.
 */
@ApplicationScoped
public class StoreSecrets {

  private static final int SECRET_BYTES = 32;

  private final EntityManager entityManager;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final ConcurrentMap<String, byte[]> loaded = new ConcurrentHashMap<>();

  public StoreSecrets(EntityManager entityManager, Clock clock) {
    this.entityManager = entityManager;
    this.clock = clock;
  }

  public byte[] secret(String name) {
    return loaded.computeIfAbsent(name, this::loadOrCreate).clone();
  }

  private byte[] loadOrCreate(String name) {
    byte[] candidate = new byte[SECRET_BYTES];
    random.nextBytes(candidate);
    // Whoever inserts first wins; everyone then reads the winner's value.
    return QuarkusTransaction.requiringNew().call(() -> {
      entityManager
          .createNativeQuery("insert into store_secret (name, value, created_at) values (?1, ?2, ?3) on conflict (name) do nothing")
          .setParameter(1, name)
          .setParameter(2, candidate)
          .setParameter(3, clock.instant())
          .executeUpdate();
      return (byte[]) entityManager
          .createNativeQuery("select value from store_secret where name = ?1")
          .setParameter(1, name)
          .getSingleResult();
    });
  }
}
