package dev.carriage.affiliate;

import java.util.Objects;
import java.util.UUID;

/** The click an order is attributed to, and whether that earns anything. */
public record Attribution(AttributionOutcome outcome, UUID clickId, UUID siteId) {

  public Attribution {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(clickId, "clickId");
    Objects.requireNonNull(siteId, "siteId");
  }
}
