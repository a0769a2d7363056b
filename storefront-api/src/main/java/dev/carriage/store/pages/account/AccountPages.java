package dev.carriage.store.pages.account;

import dev.carriage.store.account.Account;
import dev.carriage.store.account.AccountRequests;
import dev.carriage.store.account.AccountService;
import dev.carriage.store.account.PasswordReset;
import dev.carriage.store.account.Role;
import dev.carriage.store.auth.TokenService;
import dev.carriage.store.payout.ConnectAccounts;
import dev.carriage.store.payout.ConnectGateway;
import dev.carriage.store.problem.Problem;
import dev.carriage.store.problem.ProblemException;
import dev.carriage.store.problem.ViolationPaths;
import dev.carriage.store.web.Html;
import dev.carriage.store.web.PageContext;
import dev.carriage.store.web.SafeNext;
import dev.carriage.store.web.SessionCookie;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.security.Authenticated;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Sign-up, sign-in, sign-out and the account page, over the same service as the API. */
// Pages read the database and the signed-in caller: they run on worker threads, not the event loop.
@io.smallrye.common.annotation.Blocking
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class AccountPages {

  private final AccountService accounts;
  private final Validator validator;
  private final PageContext page;
  private final Clock clock;
  private final ConnectAccounts connect;
  private final PasswordReset resets;
  private final Template forgot;
  private final Template reset;
  private final Template signin;
  private final Template signup;
  private final Template account;

  public AccountPages(AccountService accounts, ConnectAccounts connect, PasswordReset resets, Validator validator, PageContext page,
      Clock clock, @Location("account/forgot.html") Template forgot, @Location("account/reset.html") Template reset,
      @Location("account/signin.html") Template signin, @Location("account/signup.html") Template signup,
      @Location("account/account.html") Template account) {
    this.accounts = accounts;
    this.connect = connect;
    this.resets = resets;
    this.forgot = forgot;
    this.reset = reset;
    this.validator = validator;
    this.page = page;
    this.clock = clock;
    this.signin = signin;
    this.signup = signup;
    this.account = account;
  }

  @GET
  @Path("forgot-password")
  public Response forgotForm() {
    return Html.response(200, forgot.data("sent", false).render());
  }

  /** Always the same answer, whether or not an account has the address. */
  @POST
  @Path("forgot-password")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response forgot(@FormParam("email") String email, @Context UriInfo uri) {
    resets.request(limit(email, 254), uri.getBaseUri().toString());
    return Html.response(200, forgot.data("sent", true).render());
  }

  @GET
  @Path("reset-password")
  public Response resetForm(@QueryParam("token") String token) {
    return Html.response(200, reset.data("token", token == null ? "" : token).data("error", null).render());
  }

  @POST
  @Path("reset-password")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response resetPassword(@FormParam("token") String token, @FormParam("newPassword") String newPassword) {
    try {
      resets.complete(limit(token, 100), newPassword);
      return Response.seeOther(URI.create("/signin?reset=done")).build();
    } catch (ProblemException refused) {
      return Html.response(200, reset.data("token", token == null ? "" : token).data("error", refused.getMessage()).render());
    }
  }

  @GET
  @Path("signin")
  public Response signinForm(@QueryParam("next") String next, @QueryParam("reset") String reset) {
    return Html.response(200, signin.data("email", "").data("next", SafeNext.orFront(next)).data("error", null)
        .data("notice", "done".equals(reset) ? "Your password is changed: sign in with the new one." : null).render());
  }

  @POST
  @Path("signin")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response signIn(@FormParam("email") String email, @FormParam("password") String password,
      @FormParam("next") String next, @Context HttpServerRequest http) {
    String target = SafeNext.orFront(next);
    try {
      TokenService.IssuedToken token = accounts.login(
          new AccountRequests.Login(limit(email, 254), limit(password, AccountRequests.PASSWORD_LENGTH_MAX)), address(http));
      return Response.seeOther(URI.create(target)).cookie(SessionCookie.of(token, http.isSSL(), clock)).build();
    } catch (ProblemException refused) {
      return Html.response(refused.type().status(),
          signin.data("email", email == null ? "" : email).data("next", target).data("error", refused.getMessage())
              .data("notice", null).render());
    }
  }

  @GET
  @Path("signup")
  public Response signupForm(@QueryParam("next") String next) {
    return Html.response(200, signup.data("form", new SignUpForm("", "", Set.of())).data("next", SafeNext.orFront(next))
        .data("errors", List.of()).render());
  }

  @POST
  @Path("signup")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response signUp(@FormParam("email") String email, @FormParam("password") String password,
      @FormParam("displayName") String displayName, @FormParam("role") List<String> roles,
      @FormParam("next") String next, @Context HttpServerRequest http) {
    String target = SafeNext.orFront(next);
    Set<Role> chosen = EnumSet.noneOf(Role.class);
    for (String role : roles == null ? List.<String>of() : roles) {
      switch (role) {
        case "carrier" -> chosen.add(Role.CARRIER);
        case "affiliate" -> chosen.add(Role.AFFILIATE);
        case "publisher" -> chosen.add(Role.PUBLISHER);
        default -> {
          return refusedSignUp(email, displayName, chosen, target,
              List.of(new Problem.FieldError("roles", "must be carrier, affiliate or publisher")));
        }
      }
    }
    AccountRequests.Register request = new AccountRequests.Register(email, password, displayName, chosen);
    List<Problem.FieldError> errors = ViolationPaths.fieldErrors(validator.validate(request));
    if (!errors.isEmpty()) {
      return refusedSignUp(email, displayName, chosen, target, errors);
    }
    try {
      accounts.register(request);
      TokenService.IssuedToken token = accounts.login(new AccountRequests.Login(email, password), address(http));
      return Response.seeOther(URI.create(target)).cookie(SessionCookie.of(token, http.isSSL(), clock)).build();
    } catch (ProblemException refused) {
      List<Problem.FieldError> reasons = refused.errors().isEmpty()
          ? List.of(new Problem.FieldError("email", refused.getMessage())) : refused.errors();
      return refusedSignUp(email, displayName, chosen, target, reasons);
    }
  }

  @POST
  @Path("signout")
  public Response signOut(@Context HttpServerRequest http) {
    return Response.seeOther(URI.create("/")).cookie(SessionCookie.cleared(http.isSSL())).build();
  }

  @GET
  @Path("account")
  @Authenticated
  public Response accountPage() {
    Account me = page.account().orElseThrow(io.quarkus.security.UnauthorizedException::new);
    return accountPage(me, 200, null, null);
  }

  /**
   * Into Stripe's own onboarding for a Connect account (made on first use); Stripe sends the
   * payee back to this page. The sandbox's accounts are ready at once.
   */
  @POST
  @Path("account/connect")
  @Authenticated
  public Response onboardToConnect(@Context UriInfo uri) {
    Account me = page.account().orElseThrow(io.quarkus.security.UnauthorizedException::new);
    try {
      ConnectAccounts.Onboarding onboarding = connect.onboard(me.id(), me.email(), uri.getBaseUri().resolve("/account#connect").toString());
      return Response.seeOther(URI.create(onboarding.onboardingUrl())).build();
    } catch (ConnectGateway.ConnectUnavailable unavailable) {
      return accountPage(me, 502, null, unavailable.getMessage());
    }
  }

  /** Asks Stripe again whether the account can receive transfers (after onboarding, say). */
  @POST
  @Path("account/connect/check")
  @Authenticated
  public Response checkConnect() {
    Account me = page.account().orElseThrow(io.quarkus.security.UnauthorizedException::new);
    try {
      connect.mine(me.id());
      return Response.seeOther(URI.create("/account#connect")).build();
    } catch (ConnectGateway.ConnectUnavailable unavailable) {
      return accountPage(me, 502, null, unavailable.getMessage());
    }
  }

  private Response accountPage(Account me, int status, String message, String error) {
    return Html.response(status, account.data("me", me).data("roles", me.roles().stream().map(Role::wireName).sorted().toList())
        .data("connect", connect.stored(me.id()).orElse(null)).data("message", message).data("error", error).render());
  }

  @POST
  @Path("account/password")
  @Authenticated
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response changePassword(@FormParam("currentPassword") String current, @FormParam("newPassword") String replacement,
      @Context HttpServerRequest http) {
    Account me = page.account().orElseThrow(io.quarkus.security.UnauthorizedException::new);
    String message = null;
    String error = null;
    int status = 200;
    try {
      accounts.changePassword(me.id(), limit(current, AccountRequests.PASSWORD_LENGTH_MAX), replacement, address(http));
      message = "Your password is changed.";
    } catch (ProblemException refused) {
      error = refused.getMessage();
      status = refused.type().status() == 429 ? 429 : 200;
    }
    return accountPage(me, status, message, error);
  }

  /** What the sign-up form shows back after a refusal (never the password). */
  public record SignUpForm(String email, String displayName, Set<String> roles) {}

  /** The form again with what was wrong, named by field (a re-rendered form is a 200, see web/README). */
  private Response refusedSignUp(String email, String displayName, Set<Role> roles, String next,
      List<Problem.FieldError> errors) {
    SignUpForm form = new SignUpForm(email == null ? "" : email, displayName == null ? "" : displayName,
        roles.stream().map(Role::wireName).collect(java.util.stream.Collectors.toSet()));
    return Html.response(200, signup.data("form", form).data("next", next).data("errors", errors).render());
  }


  private static String address(HttpServerRequest http) {
    return http.remoteAddress() == null ? "" : http.remoteAddress().hostAddress();
  }

  /** Form fields arrive unchecked; an overlong one is cut so the service's own check reports it. */
  private static String limit(String value, int max) {
    return value == null ? "" : value.length() > max + 1 ? value.substring(0, max + 1) : value;
  }
}
