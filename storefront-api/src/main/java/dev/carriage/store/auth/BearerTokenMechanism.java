package dev.carriage.store.auth;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import dev.carriage.store.web.PagePaths;
import dev.carriage.store.web.SessionCookie;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Reads {@code Authorization: Bearer <token>}. No header means an anonymous caller; a header
 * that is not a bearer token fails authentication rather than being ignored.
 *
 * <p>On the store's pages (see {@link PagePaths}), and only there, a browser's session cookie
 * carries the same token. A cookie that no longer verifies (expired, or from before a key
 * change) makes an anonymous visitor, who is asked to sign in again, not an error page.
 */
@ApplicationScoped
public class BearerTokenMechanism implements HttpAuthenticationMechanism {

  private static final String SCHEME = "Bearer";

  @Override
  public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviders) {
    String authorization = context.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization == null) {
      Cookie session = context.request().getCookie(SessionCookie.NAME);
      if (session == null || session.getValue().isEmpty() || !PagePaths.isPage(context.normalizedPath())) {
        return Uni.createFrom().nullItem();
      }
      return identityProviders
          .authenticate(new TokenAuthenticationRequest(new TokenCredential(session.getValue(), SCHEME)))
          .onFailure(AuthenticationFailedException.class).recoverWithNull();
    }
    if (!authorization.regionMatches(true, 0, SCHEME + " ", 0, SCHEME.length() + 1)) {
      return Uni.createFrom().failure(new AuthenticationFailedException("Authorization is not a bearer token"));
    }
    String token = authorization.substring(SCHEME.length() + 1).trim();
    return identityProviders.authenticate(new TokenAuthenticationRequest(new TokenCredential(token, SCHEME)));
  }

  @Override
  public Uni<ChallengeData> getChallenge(RoutingContext context) {
    return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", SCHEME));
  }

  @Override
  public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
    return Set.of(TokenAuthenticationRequest.class);
  }

  @Override
  public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
    return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, SCHEME));
  }
}
