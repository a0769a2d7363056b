package dev.carriage.store.affiliate;

import java.util.Locale;

/** How dashboard rows are cut. */
public enum GroupBy {
  DAY,
  TITLE,
  SUB;

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
