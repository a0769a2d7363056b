package dev.carriage.store.auth;

import dev.carriage.store.account.Role;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Turns a verified login token into the caller's identity: account id as name, and roles. */
@ApplicationScoped
public class TokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

  static final String EMAIL_ATTRIBUTE = "email";

  private final TokenService tokens;

  public TokenIdentityProvider(TokenService tokens) {
    this.tokens = tokens;
  }

  @Override
  public Class<TokenAuthenticationRequest> getRequestType() {
    return TokenAuthenticationRequest.class;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
    // On a worker thread: a token naming a key this replica has not loaded makes it read the keys again.
    return context.runBlocking(() -> {
      try {
        TokenService.Caller caller = tokens.verify(request.getToken().getToken());
        QuarkusSecurityIdentity.Builder identity =
            QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(caller.accountId().toString()))
                .addCredential(request.getToken())
                .addAttribute(EMAIL_ATTRIBUTE, caller.email());
        caller.roles().stream().map(Role::wireName).forEach(identity::addRole);
        return identity.build();
      } catch (TokenService.InvalidTokenException invalid) {
        throw new AuthenticationFailedException(invalid.getMessage());
      }
    });
  }
}
