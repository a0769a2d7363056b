package dev.carriage.affiliate;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A recorded click that might earn an order's commission, with what the rules need to know
 * about its site.
 *
 * @param flood the click came in a burst from one visitor fingerprint (see {@code ClickFlood})
 */
public record ClickCandidate(
    UUID clickId, UUID siteId, UUID siteOwnerId, boolean siteSuspended, Instant clickedAt, boolean flood) {

  public ClickCandidate {
    Objects.requireNonNull(clickId, "clickId");
    Objects.requireNonNull(siteId, "siteId");
    Objects.requireNonNull(siteOwnerId, "siteOwnerId");
    Objects.requireNonNull(clickedAt, "clickedAt");
  }
}
