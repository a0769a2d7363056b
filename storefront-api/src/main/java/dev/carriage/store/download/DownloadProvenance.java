package dev.carriage.store.download;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Where a buyer's downloads came from, as the store verified it: the bytes carriers' signed
 * receipts claimed and the bytes the store's origin served, and how many carriers took part.
 * Only verified carriage counts, so figures appear as receipts arrive, moments after a download.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class DownloadProvenance {

  private final EntityManager entityManager;

  public DownloadProvenance(EntityManager entityManager) {
    this.entityManager = entityManager;
  }

  /** One licence's downloads, all sessions together. */
  public record Provenance(UUID licenceId, long carrierBytes, long originBytes, int carriers, Instant lastAt) {

    /** The carriers' share of the bytes, 0 to 100, rounded down. */
    public long carrierPercent() {
      long total = carrierBytes + originBytes;
      return total == 0 ? 0 : carrierBytes * 100 / total;
    }
  }

  /** The account's licences that have any verified carriage, by licence id. */
  public Map<UUID, Provenance> ofAccount(UUID accountId) {
    Map<UUID, Provenance> found = new HashMap<>();
    @SuppressWarnings("unchecked")
    List<Object[]> rows = entityManager.createNativeQuery(
            "select c.licence_id, coalesce(sum(c.bytes) filter (where not c.origin), 0), coalesce(sum(c.bytes) filter (where c.origin), 0),"
                + " count(distinct c.node_id) filter (where not c.origin), max(c.credited_at)"
                + " from carriage_credit c join licence l on l.id = c.licence_id where l.account_id = ?1 group by c.licence_id")
        .setParameter(1, accountId).setMaxResults(2000).getResultList();
    for (Object[] row : rows) {
      UUID licence = (UUID) row[0];
      found.put(licence, new Provenance(licence, ((Number) row[1]).longValue(), ((Number) row[2]).longValue(), ((Number) row[3]).intValue(),
          dev.carriage.store.ledger.Journal.instantOf(row[4])));
    }
    return found;
  }
}
