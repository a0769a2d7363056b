package dev.carriage.affiliate;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Makes what a referral link's visitor sends safe to keep and to show again. Everything here
 * is chosen by strangers (a fan site's query string, a browser's headers), and it later
 * appears in dashboards, CSV files and admin screens: only plain, short text is kept.
 */
public final class ClickText {

  public static final int SUB_ID_LENGTH_MAX = 64;
  public static final int HEADER_LENGTH_MAX = 512;

  private ClickText() {}

  /**
   * A campaign sub-id as the site owner will see it: letters, digits and {@code . _ - ~}
   * only (everything else dropped), at most 64 characters; empty means none.
   */
  public static Optional<String> subId(String raw) {
    if (raw == null) {
      return Optional.empty();
    }
    StringBuilder kept = new StringBuilder(Math.min(raw.length(), SUB_ID_LENGTH_MAX));
    for (int i = 0; i < raw.length() && kept.length() < SUB_ID_LENGTH_MAX; i++) {
      char c = raw.charAt(i);
      if (isAsciiLetterOrDigit(c) || c == '.' || c == '_' || c == '-' || c == '~') {
        kept.append(c);
      }
    }
    return kept.isEmpty() ? Optional.empty() : Optional.of(kept.toString());
  }

  /**
   * A header such as the user agent: printable ASCII without markup or quote characters, at
   * most 512 characters. A real browser's user agent passes through unchanged.
   */
  public static Optional<String> header(String raw) {
    if (raw == null) {
      return Optional.empty();
    }
    StringBuilder kept = new StringBuilder(Math.min(raw.length(), HEADER_LENGTH_MAX));
    for (int i = 0; i < raw.length() && kept.length() < HEADER_LENGTH_MAX; i++) {
      char c = raw.charAt(i);
      if (c >= 0x20 && c < 0x7f && "<>\"'`\\".indexOf(c) < 0) {
        kept.append(c);
      }
    }
    String text = kept.toString().strip();
    return text.isEmpty() ? Optional.empty() : Optional.of(text);
  }

  /** The referring page, only if it is an absolute http(s) URL that survives {@link #header}. */
  public static Optional<String> referrer(String raw) {
    return header(raw).filter(text -> text.equals(raw.strip())).filter(ClickText::isWebUrl);
  }

  private static boolean isWebUrl(String text) {
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
    } catch (URISyntaxException notUrl) {
      return false;
    }
  }

  private static boolean isAsciiLetterOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
}
