package dev.carriage.store.download;

import dev.carriage.store.licence.Licence;
import dev.carriage.store.licence.LicenceService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.UUID;

/** Opens download sessions, only for a licence that is valid right now. */
@ApplicationScoped
@Transactional
public class DownloadService {

  private final EntityManager entityManager;
  private final LicenceService licences;
  private final Clock clock;

  public DownloadService(EntityManager entityManager, LicenceService licences, Clock clock) {
    this.entityManager = entityManager;
    this.licences = licences;
    this.clock = clock;
  }

  public DownloadView open(UUID accountId, UUID titleId) {
    Licence licence = licences.requireValid(accountId, titleId);
    DownloadSession session = new DownloadSession(accountId, titleId, licence.id(), clock.instant());
    entityManager.persist(session);
    return new DownloadView(
        session.id(), titleId, new DownloadView.LicenceSummary(licence.id(), licence.kind(), licence.expiresAt().orElse(null)),
        session.createdAt());
  }
}
