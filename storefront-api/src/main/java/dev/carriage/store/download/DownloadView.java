package dev.carriage.store.download;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.carriage.store.grid.GridService;
import dev.carriage.store.licence.LicenceKind;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A download session as the client receives it: the ticket carriers will check, the signed
 * manifest (base64), the content key (base64; only ever sent here, to a licence holder) and the
 * ranked sources, carriers first and the origin last.
 */
public record DownloadView(
    UUID sessionId,
    UUID titleId,
    LicenceSummary licence,
    Instant createdAt,
    String ticket,
    Instant ticketExpiresAt,
    String manifest,
    String contentKey,
    List<GridService.Source> sources) {

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record LicenceSummary(UUID id, LicenceKind kind, Instant expiresAt) {}
}
