package dev.carriage.store.web;

import dev.carriage.store.auth.TokenService;
import jakarta.ws.rs.core.NewCookie;
import java.time.Clock;
import java.time.Duration;

/**
 * A browser's sign-in: the same login token the API hands out, in a cookie no script can read
 * (HttpOnly), that no other site's request carries (SameSite=Lax: a link followed from a fan
 * site still arrives signed in, a form posted from it does not), Secure over HTTPS.
 */
public final class SessionCookie {

  public static final String NAME = "carriage_session";

  private SessionCookie() {}

  public static NewCookie of(TokenService.IssuedToken token, boolean secure, Clock clock) {
    long seconds = Math.max(0, Duration.between(clock.instant(), token.expiresAt()).toSeconds());
    return base(secure).value(token.token()).maxAge((int) Math.min(Integer.MAX_VALUE, seconds)).build();
  }

  public static NewCookie cleared(boolean secure) {
    return base(secure).value("").maxAge(0).build();
  }

  private static NewCookie.Builder base(boolean secure) {
    return new NewCookie.Builder(NAME).path("/").httpOnly(true).secure(secure).sameSite(NewCookie.SameSite.LAX);
  }
}
