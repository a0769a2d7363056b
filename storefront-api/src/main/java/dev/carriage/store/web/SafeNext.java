package dev.carriage.store.web;

/**
 * Where a page may send a visitor after signing in: a path on this store, never another site
 * ({@code //evil.example}, {@code /\evil.example} and {@code https://...} are all refused).
 */
public final class SafeNext {

  private SafeNext() {}

  public static boolean isLocal(String path) {
    return path != null && path.length() <= 2048 && path.startsWith("/") && !path.startsWith("//")
        && path.indexOf('\\') < 0 && path.chars().noneMatch(Character::isISOControl);
  }

  public static String orFront(String path) {
    return isLocal(path) ? path : "/";
  }
}
