package dev.carriage.store.catalog;

import java.util.Locale;

/** What a title is; decides how the store presents it. */
public enum TitleKind {
  GAME,
  MUSIC,
  VIDEO;

  /** JSON and query parameters use the lowercase name. */
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
