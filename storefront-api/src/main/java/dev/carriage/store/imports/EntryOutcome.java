package dev.carriage.store.imports;

import java.util.Locale;

/** What a catalog entry did to the store's title. */
public enum EntryOutcome {
  CREATED,
  UPDATED,
  UNCHANGED,
  /** A feed message older than the one that last changed the title: nothing was changed. */
  IGNORED_OLDER,
  TAKEN_DOWN;

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
