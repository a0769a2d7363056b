package dev.carriage.store.licence;

import java.util.Locale;

public enum LicenceKind {
  PERPETUAL,
  /** A free demo that ends at the licence's expiry. */
  TRIAL;

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
