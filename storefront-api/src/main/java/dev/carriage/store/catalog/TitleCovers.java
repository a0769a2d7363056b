package dev.carriage.store.catalog;

import dev.carriage.store.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Titles' cover art as their publishers deliver it. Only PNG and JPEG are kept, recognised by
 * their first bytes whatever the request claims, so the store never serves a publisher's HTML
 * or SVG (script) as an image.
 */
@ApplicationScoped
@Transactional
public class TitleCovers {

  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff};

  private final EntityManager entityManager;
  private final Clock clock;

  public TitleCovers(EntityManager entityManager, Clock clock) {
    this.entityManager = entityManager;
    this.clock = clock;
  }

  /** A stored cover: its media type, bytes and digest (the ETag). */
  public record Cover(String contentType, byte[] bytes, String sha256) {}

  /** Replaces the title's cover; 400 naming {@code body} when it is not a PNG or JPEG. Sending the same image again changes nothing. */
  public String put(Title title, byte[] bytes) {
    String type = startsWith(bytes, PNG) ? "image/png" : startsWith(bytes, JPEG) ? "image/jpeg" : null;
    if (type == null) {
      throw ProblemException.invalidField("body", "a cover must be a PNG or JPEG image (its first bytes say neither)");
    }
    String digest = sha256(bytes);
    entityManager.createNativeQuery("insert into title_cover (title_id, content_type, bytes, sha256, updated_at) values (?1, ?2, ?3, ?4, ?5)"
            + " on conflict (title_id) do update set content_type = excluded.content_type, bytes = excluded.bytes, sha256 = excluded.sha256,"
            + " updated_at = excluded.updated_at where title_cover.sha256 <> excluded.sha256")
        .setParameter(1, title.id()).setParameter(2, type).setParameter(3, bytes).setParameter(4, digest).setParameter(5, clock.instant())
        .executeUpdate();
    return digest;
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public Optional<Cover> find(UUID titleId) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows = entityManager.createNativeQuery("select content_type, bytes, sha256 from title_cover where title_id = ?1")
        .setParameter(1, titleId).getResultList();
    return rows.stream().findFirst().map(row -> new Cover((String) row[0], (byte[]) row[1], ((String) row[2]).trim()));
  }

  private static boolean startsWith(byte[] bytes, byte[] magic) {
    if (bytes == null || bytes.length < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if (bytes[i] != magic[i]) {
        return false;
      }
    }
    return true;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException(impossible);
    }
  }
}
