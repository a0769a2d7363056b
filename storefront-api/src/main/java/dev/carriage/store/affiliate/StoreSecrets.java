package dev.carriage.store.affiliate;

import io.quarkus.narayana.jta.QuarkusTransaction;
import dev.carriage.store.secrets.SecretColumn;
import dev.carriage.store.secrets.Sealed;
import dev.carriage.store.secrets.SecretsAtRest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Random secrets the store makes for itself the first time one is needed and keeps in its
 * database, sealed under the master key, so every replica and every restart uses the same one.
 */
@ApplicationScoped
public class StoreSecrets {

  private static final int SECRET_BYTES = 32;

  private final EntityManager entityManager;
  private final SecretsAtRest secrets;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final ConcurrentMap<String, byte[]> loaded = new ConcurrentHashMap<>();

  public StoreSecrets(EntityManager entityManager, SecretsAtRest secrets, Clock clock) {
    this.entityManager = entityManager;
    this.secrets = secrets;
    this.clock = clock;
  }

  public byte[] secret(String name) {
    return loaded.computeIfAbsent(name, this::loadOrCreate).clone();
  }

  private byte[] loadOrCreate(String name) {
    secrets.sealEverything();
    byte[] candidate = new byte[SECRET_BYTES];
    random.nextBytes(candidate);
    Sealed sealed = secrets.seal(SecretColumn.STORE_SECRET, name, candidate);
    // Whoever inserts first wins; everyone then reads the winner's value.
    Object[] stored = QuarkusTransaction.requiringNew().call(() -> {
      entityManager
          .createNativeQuery("insert into store_secret (name, value_sealed, value_master_key, created_at) values (?1, ?2, ?3, ?4)"
              + " on conflict (name) do nothing")
          .setParameter(1, name)
          .setParameter(2, sealed.bytes())
          .setParameter(3, sealed.masterKeyId())
          .setParameter(4, clock.instant())
          .executeUpdate();
      return (Object[]) entityManager
          .createNativeQuery("select value_sealed, value_master_key from store_secret where name = ?1")
          .setParameter(1, name)
          .getSingleResult();
    });
    return secrets.open(SecretColumn.STORE_SECRET, name, new Sealed((String) stored[1], (byte[]) stored[0]));
  }
}
