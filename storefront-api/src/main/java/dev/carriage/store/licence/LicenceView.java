package dev.carriage.store.licence;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;

/** A licence as its holder sees it in the library. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LicenceView(
    UUID id,
    UUID titleId,
    String titleName,
    dev.carriage.store.catalog.TitleKind titleKind,
    LicenceKind kind,
    LicenceState state,
    Instant grantedAt,
    Instant expiresAt,
    UUID orderId,
    Instant revokedAt,
    String revokedWhy) {

  static LicenceView of(Licence licence, String titleName, dev.carriage.store.catalog.TitleKind titleKind, Instant now) {
    return new LicenceView(
        licence.id(),
        licence.titleId(),
        titleName,
        titleKind,
        licence.kind(),
        licence.stateAt(now),
        licence.grantedAt(),
        licence.expiresAt().orElse(null),
        licence.orderId().orElse(null),
        licence.revokedAt().orElse(null),
        licence.revokedWhy().orElse(null));
  }
}
