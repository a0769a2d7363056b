package dev.carriage.store.affiliate;

import dev.carriage.affiliate.CommissionState;
import java.util.UUID;

/** What a paid order's referral earns: its site and click, the commission's first state and why. */
public record Referral(UUID siteId, UUID clickId, CommissionState state, String reason) {

  /** Owed (pending) or held for review: either way the sale sets the commission aside. */
  public boolean setAside() {
    return state == CommissionState.PENDING || state == CommissionState.HELD;
  }
}
