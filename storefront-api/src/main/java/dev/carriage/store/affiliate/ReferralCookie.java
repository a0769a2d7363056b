package dev.carriage.store.affiliate;

import jakarta.ws.rs.core.NewCookie;
import java.time.Duration;
import java.util.UUID;

/**
 * The first-party cookie that carries a click from {@code /r/{code}} to checkout. HttpOnly:
 * no script on the store's pages needs it; SameSite=Lax: it survives the top-level navigation
 * from the fan site, and is sent with the store's own checkout request.
 */
public final class ReferralCookie {

  public static final String NAME = "carriage_ref";

  private ReferralCookie() {}

  static NewCookie of(UUID clickId, Duration window, boolean secure) {
    return new NewCookie.Builder(NAME)
        .value(clickId.toString())
        .path("/")
        .maxAge((int) Math.min(Integer.MAX_VALUE, window.toSeconds()))
        .httpOnly(true)
        .secure(secure)
        .sameSite(NewCookie.SameSite.LAX)
        .build();
  }
}
