package dev.carriage.store.reconcile;

import java.time.Instant;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.UUID;

/**
 * The ledger's Stripe clearing account matched with what Stripe told the store: per order
 * against the payment events received, and (when Stripe is configured) in total against
 * Stripe's balance transactions. {@code matched} is true when no difference is listed.
 */
public record ReconciliationView(Instant at, boolean matched, List<OrderDifference> orders, List<Total> totals) {

  /** An order whose clearing postings differ from its payment events (e.g. a refund Stripe has not yet confirmed). */
  public record OrderDifference(UUID orderId, String currency, long ledgerMinor, long eventsMinor) {
    @JsonProperty("differenceMinor")
    public long differenceMinor() {
      return ledgerMinor - eventsMinor;
    }
  }

  /** One figure compared on both sides: what the ledger holds, and what Stripe's side says. */
  public record Total(String what, String currency, long ledgerMinor, long stripeMinor) {
    @JsonProperty("differenceMinor")
    public long differenceMinor() {
      return ledgerMinor - stripeMinor;
    }
  }
}
