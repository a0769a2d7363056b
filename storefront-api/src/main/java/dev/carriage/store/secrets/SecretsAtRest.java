package dev.carriage.store.secrets;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Seals and opens the store's secrets at rest, and on start brings every stored secret under the
 * current master key: plaintext left from before sealing (V18) is sealed and emptied, and values
 * sealed under a previous master key are sealed again under the current one. Replicas starting
 * together take turns on an advisory lock.
 */
@ApplicationScoped
public class SecretsAtRest {

  private static final Logger LOG = Logger.getLogger(SecretsAtRest.class);
  /** Any constant shared by all replicas: one replica at a time brings the secrets under the current key. */
  private static final long SEALING_LOCK = 0x43415252_5345414CL;

  private final MasterKeys masterKeys;
  private final EntityManager entityManager;
  private volatile boolean sealed;

  public SecretsAtRest(MasterKeys masterKeys, EntityManager entityManager) {
    this.masterKeys = masterKeys;
    this.entityManager = entityManager;
  }

  public Sealed seal(SecretColumn column, Object row, byte[] secret) {
    return masterKeys.seal(secret, column.context(row));
  }

  public byte[] open(SecretColumn column, Object row, Sealed value) {
    return masterKeys.open(value, column.context(row));
  }

  /** Before the first read of any secret: once per process, idempotent across replicas and restarts. */
  public void sealEverything() {
    if (sealed) {
      return;
    }
    synchronized (this) {
      if (!sealed) {
        QuarkusTransaction.requiringNew().run(this::sealUnderTheCurrentKey);
        sealed = true;
      }
    }
  }

  /** Brings every stored secret under the current master key now, whether or not this process did already (tests). */
  void sealNow() {
    QuarkusTransaction.requiringNew().run(this::sealUnderTheCurrentKey);
  }

  /** How many stored values each master key seals, per column: a previous key can be dropped once it seals none. */
  public Map<SecretColumn, Map<String, Long>> census() {
    Map<SecretColumn, Map<String, Long>> census = new java.util.EnumMap<>(SecretColumn.class);
    QuarkusTransaction.requiringNew().run(() -> {
      for (SecretColumn column : SecretColumn.values()) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("select coalesce(" + column.masterKeyColumn() + ", 'plaintext'), count(*) from "
            + column.table + " group by 1 order by 1").getResultList();
        Map<String, Long> counts = new java.util.TreeMap<>();
        rows.forEach(row -> counts.put((String) row[0], ((Number) row[1]).longValue()));
        census.put(column, counts);
      }
    });
    return census;
  }

  private void sealUnderTheCurrentKey() {
    entityManager.createNativeQuery("select pg_advisory_xact_lock(?1)").setParameter(1, SEALING_LOCK).getSingleResult();
    for (SecretColumn column : SecretColumn.values()) {
      @SuppressWarnings("unchecked")
      List<Object[]> rows = entityManager.createNativeQuery("select " + column.rowKey + ", " + column.plainColumn + ", "
              + column.sealedColumn() + ", " + column.masterKeyColumn() + " from " + column.table
              + " where " + column.plainColumn + " is not null or " + column.masterKeyColumn() + " <> ?1 for update")
          .setParameter(1, masterKeys.currentId()).getResultList();
      for (Object[] row : rows) {
        byte[] secret = row[1] != null ? (byte[]) row[1] : open(column, row[0], new Sealed((String) row[3], (byte[]) row[2]));
        Sealed again = seal(column, row[0], secret);
        entityManager.createNativeQuery("update " + column.table + " set " + column.plainColumn + " = null, " + column.sealedColumn()
                + " = ?2, " + column.masterKeyColumn() + " = ?3 where " + column.rowKey + " = ?1")
            .setParameter(1, row[0]).setParameter(2, again.bytes()).setParameter(3, again.masterKeyId()).executeUpdate();
      }
      if (!rows.isEmpty()) {
        LOG.infof("Sealed %d %s value(s) under master key %s", rows.size(), column.name().toLowerCase(java.util.Locale.ROOT),
            masterKeys.currentId());
      }
    }
  }
}
