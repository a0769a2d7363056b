package dev.carriage.store.catalog;

import java.util.Locale;

/** Whether a title can be tried before it is bought. */
public enum DemoPolicy {
  /** Buy to play. */
  NONE,
  /** Any signed-in buyer may use it free for a number of days, once. */
  TRIAL;

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
