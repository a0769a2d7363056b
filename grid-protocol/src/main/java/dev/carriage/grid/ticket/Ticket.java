package dev.carriage.grid.ticket;

import dev.carriage.grid.manifest.Sha256;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The store's permission for one download session: which title, which content (its manifest's
 * Merkle root), the client's ephemeral public key (which will sign its receipts) and until when.
 * Carriers check it offline, with the store's published key.
 */
public record Ticket(UUID sessionId, UUID titleId, Sha256 manifestRoot, PublicKey clientKey, Instant issuedAt, Instant expiresAt) {

  public Ticket {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(titleId, "titleId");
    Objects.requireNonNull(manifestRoot, "manifestRoot");
    Objects.requireNonNull(clientKey, "clientKey");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (!expiresAt.isAfter(issuedAt)) {
      throw new IllegalArgumentException("a ticket must expire after it is issued");
    }
  }
}
