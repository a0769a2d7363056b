package dev.carriage.store.web;

import jakarta.ws.rs.core.NewCookie;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The double-submit CSRF rule for the store's pages: a random token in an HttpOnly, SameSite=Lax
 * cookie, repeated by every form (a hidden field) and every htmx request (a header). Another site
 * can make a browser send the cookie's siblings but can neither read this one nor set it, so it
 * cannot repeat it.
 */
public final class Csrf {

  public static final String COOKIE = "carriage_csrf";
  public static final String FIELD = "_csrf";
  public static final String HEADER = "X-CSRF-Token";
  private static final int TOKEN_BYTES = 32;
  private static final int TOKEN_LENGTH_MAX = 64;
  private static final SecureRandom RANDOM = new SecureRandom();

  private Csrf() {}

  public static String newToken() {
    byte[] bytes = new byte[TOKEN_BYTES];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** A cookie's value is a token only if it looks like one we made; anything else is replaced. */
  public static Optional<String> wellFormed(String cookieValue) {
    if (cookieValue == null || cookieValue.length() < 40 || cookieValue.length() > TOKEN_LENGTH_MAX
        || !cookieValue.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_')) {
      return Optional.empty();
    }
    return Optional.of(cookieValue);
  }

  /** True when the request repeated the cookie's token; compared in constant time. */
  public static boolean repeated(String cookieValue, String submitted) {
    Optional<String> expected = wellFormed(cookieValue);
    if (expected.isEmpty() || submitted == null) {
      return false;
    }
    return MessageDigest.isEqual(expected.get().getBytes(StandardCharsets.US_ASCII), submitted.getBytes(StandardCharsets.UTF_8));
  }

  public static NewCookie cookie(String token, boolean secure) {
    return new NewCookie.Builder(COOKIE).value(token).path("/").httpOnly(true).secure(secure)
        .sameSite(NewCookie.SameSite.LAX).build();
  }
}
