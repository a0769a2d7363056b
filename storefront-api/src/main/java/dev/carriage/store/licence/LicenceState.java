package dev.carriage.store.licence;

import java.util.Locale;

/** Whether a licence can start a download now. Derived, never stored: expiry depends on the clock. */
public enum LicenceState {
  VALID,
  EXPIRED,
  REVOKED;

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
