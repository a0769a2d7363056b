package dev.carriage.store.pages.store;

import dev.carriage.store.catalog.TitleKind;

/** What the store calls each kind of title on its pages. */
public final class Labels {

  private Labels() {}

  public static String plural(TitleKind kind) {
    return switch (kind) {
      case GAME -> "Games";
      case MUSIC -> "Music";
      case VIDEO -> "Video";
    };
  }

  public static String singular(TitleKind kind) {
    return switch (kind) {
      case GAME -> "Game";
      case MUSIC -> "Album";
      case VIDEO -> "Film";
    };
  }
}
