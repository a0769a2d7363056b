package dev.carriage.store.order;

import java.util.Locale;

/** Who takes the money for an order. */
public enum PaymentProviderName {
  /** Stripe's test mode, imitated inside the store, for local runs and the demo. */
  SANDBOX,
  STRIPE,
  /** Paid from the buyer's store credit ("peer cash" earned by carrying or referring). */
  STORE_CREDIT;

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
