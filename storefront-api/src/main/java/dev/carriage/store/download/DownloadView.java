package dev.carriage.store.download;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.carriage.store.licence.LicenceKind;
import java.time.Instant;
import java.util.UUID;

/** A download session as the client receives it. */
public record DownloadView(UUID sessionId, UUID titleId, LicenceSummary licence, Instant createdAt) {

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record LicenceSummary(UUID id, LicenceKind kind, Instant expiresAt) {}
}
