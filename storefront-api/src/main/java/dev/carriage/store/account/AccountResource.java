package dev.carriage.store.account;

import dev.carriage.store.auth.TokenService;
import io.quarkus.security.Authenticated;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;

/** Sign-up, sign-in and who-am-I. */
@Path("/api")
public class AccountResource {

  private final AccountService accounts;
  private final SecurityIdentity caller;

  public AccountResource(AccountService accounts, SecurityIdentity caller) {
    this.accounts = accounts;
    this.caller = caller;
  }

  @POST
  @Path("/auth/register")
  public Response register(@Valid @NotNull AccountRequests.Register request) {
    Account account = accounts.register(request);
    return Response.created(URI.create("/api/me")).entity(AccountView.of(account)).build();
  }

  @POST
  @Path("/auth/login")
  public TokenService.IssuedToken login(@Valid @NotNull AccountRequests.Login request,
      @jakarta.ws.rs.core.Context io.vertx.core.http.HttpServerRequest http) {
    // The client's address as the store sees it: behind a proxy, turn on proxy-address-forwarding.
    return accounts.login(request, http.remoteAddress().hostAddress());
  }

  @GET
  @Path("/me")
  @Authenticated
  public AccountView me() {
    UUID id = Callers.accountId(caller);
    // A valid token for an account that no longer exists speaks for nobody.
    return accounts.find(id).map(AccountView::of).orElseThrow(UnauthorizedException::new);
  }
}
