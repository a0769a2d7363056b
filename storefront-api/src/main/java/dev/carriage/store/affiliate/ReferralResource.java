package dev.carriage.store.affiliate;

import dev.carriage.store.StoreConfig;
import dev.carriage.store.account.Callers;
import dev.carriage.store.account.Role;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code GET /r/{code}}: a fan site's referral link. Records the click, hands the visitor an
 * attribution cookie and sends them on: to the title's page, or to the store front for a link
 * without a (known) title. Whatever the link holds, the answer is a redirect to one of the
 * store's own pages, never to an address taken from the request.
 */
@Path("/r/{code}")
public class ReferralResource {

  private final ClickService clicks;
  private final StoreConfig config;
  private final SecurityIdentity caller;

  public ReferralResource(ClickService clicks, StoreConfig config, SecurityIdentity caller) {
    this.clicks = clicks;
    this.config = config;
    this.caller = caller;
  }

  @GET
  public Response follow(
      @PathParam("code") String code,
      @QueryParam("title") String title,
      @QueryParam("sub") String sub,
      @HeaderParam(HttpHeaders.USER_AGENT) String userAgent,
      @HeaderParam("Referer") String referrer,
      @Context HttpServerRequest request) {
    String address = request.remoteAddress() == null ? "" : request.remoteAddress().hostAddress();
    Optional<ClickService.Recorded> recorded =
        clicks.record(new ClickService.Visit(code, title, sub, address, userAgent, referrer, signedInBuyer().orElse(null)));
    URI target = recorded.flatMap(ClickService.Recorded::titleId).map(id -> URI.create("/titles/" + id)).orElse(URI.create("/"));
    Response.ResponseBuilder redirect = Response.status(Response.Status.FOUND)
        .location(target)
        // A cached redirect would skip the click's record next time.
        .header("Cache-Control", "no-store")
        .header("Referrer-Policy", "no-referrer");
    recorded.ifPresent(click ->
        redirect.cookie(ReferralCookie.of(click.clickId(), config.affiliate().window(), request.isSSL())));
    return redirect.build();
  }

  /** Links are usually followed by a browser with no token; a bad token must not break the redirect. */
  private Optional<UUID> signedInBuyer() {
    try {
      return caller.isAnonymous() || !caller.hasRole(Role.Names.BUYER)
          ? Optional.empty()
          : Optional.of(Callers.accountId(caller));
    } catch (AuthenticationFailedException badToken) {
      return Optional.empty();
    }
  }
}
