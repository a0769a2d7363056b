package dev.carriage.store.affiliate;

import java.util.Locale;

/** How a payee takes their earnings. */
public enum PayoutMethod {
  /** Spendable in the store at once, as Peer Impact's "peer cash". */
  STORE_CREDIT,
  /** A transfer to the payee's Stripe Connect account. */
  STRIPE_CONNECT;

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
