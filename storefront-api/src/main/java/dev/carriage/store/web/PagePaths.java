package dev.carriage.store.web;

import java.util.List;

/**
 * Which request paths are the store's browser pages. Pages take the session cookie and need a
 * CSRF token on every change; everything else (the API, the grid's endpoints, Quarkus's own,
 * assets) takes only bearer tokens and never reads the cookie, so no cross-site form can spend
 * a signed-in buyer's session on the API.
 */
public final class PagePaths {

  private static final List<String> NOT_PAGES =
      List.of("/api/", "/q/", "/r/", "/static/", "/webjars/", "/.well-known/", "/problems/");

  private PagePaths() {}

  public static boolean isPage(String path) {
    if (path == null || path.isEmpty()) {
      return false;
    }
    return NOT_PAGES.stream().noneMatch(prefix -> path.startsWith(prefix) || path.equals(prefix.substring(0, prefix.length() - 1)));
  }
}
