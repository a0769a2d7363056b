package dev.carriage.store.imports;

import dev.carriage.store.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.UUID;

/** A publisher's filed import reports: the API and the publisher's page read them here. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class ImportReports {

  static final int LISTED_MAX = 200;

  private final EntityManager entityManager;

  public ImportReports(EntityManager entityManager) {
    this.entityManager = entityManager;
  }

  /** Newest first, at most {@code max}. */
  public List<ImportReportRecord> of(UUID publisherId, int max) {
    return entityManager
        .createQuery("from ImportReportRecord r where r.publisherId = :publisher order by r.createdAt desc, r.id", ImportReportRecord.class)
        .setParameter("publisher", publisherId)
        .setMaxResults(Math.min(max, LISTED_MAX))
        .getResultList();
  }

  /** One report; another publisher's is a 404, as if it did not exist. */
  public ImportReportRecord find(UUID publisherId, UUID reportId) {
    ImportReportRecord record = entityManager.find(ImportReportRecord.class, reportId);
    if (record == null || !record.publisherId().equals(publisherId)) {
      throw ProblemException.notFound("import", reportId);
    }
    return record;
  }
}
