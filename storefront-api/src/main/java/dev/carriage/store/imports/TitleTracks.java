package dev.carriage.store.imports;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The tracks of music titles, in order; a feed's new list replaces the old one whole. */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class TitleTracks {

  private final EntityManager entityManager;

  public TitleTracks(EntityManager entityManager) {
    this.entityManager = entityManager;
  }

  @SuppressWarnings("unchecked")
  @Transactional(Transactional.TxType.SUPPORTS)
  public List<CatalogEntry.Track> of(UUID titleId) {
    List<Object[]> rows = entityManager
        .createNativeQuery("select name, isrc, duration_seconds, file_name, size_bytes from title_track where title_id = ?1 order by position")
        .setParameter(1, titleId)
        .getResultList();
    List<CatalogEntry.Track> tracks = new ArrayList<>();
    for (Object[] row : rows) {
      tracks.add(new CatalogEntry.Track((String) row[0], (String) row[1], row[2] == null ? null : ((Number) row[2]).intValue(),
          (String) row[3], ((Number) row[4]).longValue()));
    }
    return tracks;
  }

  public void replace(UUID titleId, List<CatalogEntry.Track> tracks) {
    entityManager.createNativeQuery("delete from title_track where title_id = ?1").setParameter(1, titleId).executeUpdate();
    int position = 1;
    for (CatalogEntry.Track track : tracks) {
      entityManager
          .createNativeQuery("insert into title_track (title_id, position, name, isrc, duration_seconds, file_name, size_bytes)"
              + " values (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
          .setParameter(1, titleId)
          .setParameter(2, position++)
          .setParameter(3, track.name())
          .setParameter(4, track.isrc())
          .setParameter(5, track.durationSeconds())
          .setParameter(6, track.fileName())
          .setParameter(7, track.sizeBytes())
          .executeUpdate();
    }
  }
}
