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

/** Sign-up, sign-in, password reset and who-am-I. */
@Path("/api")
public class AccountResource {

  private final AccountService accounts;
  private final PasswordReset resets;
  private final SecurityIdentity caller;

  public AccountResource(AccountService accounts, PasswordReset resets, SecurityIdentity caller) {
    this.accounts = accounts;
    this.resets = resets;
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

  /** {@code {"email"}}: 202 whether or not an account has it, so the answer tells no one who has an account. */
  @POST
  @Path("/auth/password-reset")
  public Response requestReset(@NotNull AccountRequests.ResetRequest request, @jakarta.ws.rs.core.Context jakarta.ws.rs.core.UriInfo uri) {
    resets.request(request.email(), uri.getBaseUri().toString());
    return Response.accepted(java.util.Map.of("detail", "if an account has this email, a reset link is on its way")).build();
  }

  /** {@code {"token", "newPassword"}} from the emailed link: 204, or 400 naming the field. */
  @POST
  @Path("/auth/password-reset/confirm")
  public Response confirmReset(@NotNull AccountRequests.ResetConfirm request) {
    resets.complete(request.token(), request.newPassword());
    return Response.noContent().build();
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
