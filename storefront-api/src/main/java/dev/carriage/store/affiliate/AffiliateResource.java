package dev.carriage.store.affiliate;

import dev.carriage.store.payout.PayeeType;
import dev.carriage.store.payout.PayoutBook;
import dev.carriage.store.payout.PayoutView;
import dev.carriage.store.account.Callers;
import dev.carriage.store.account.Role;
import dev.carriage.store.problem.PathIds;
import dev.carriage.store.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A fan-site owner's API: their sites, links and dashboard. Nothing here shows another owner's data. */
@Path("/api/affiliate")
@RolesAllowed(Role.Names.AFFILIATE)
public class AffiliateResource {

  private static final int PAYOUTS_LISTED_MAX = 500;

  private final SiteService sites;
  private final StatsQuery statsQuery;
  private final PayoutBook payouts;
  private final SecurityIdentity caller;

  @Context UriInfo uri;

  public AffiliateResource(SiteService sites, StatsQuery statsQuery, PayoutBook payouts, SecurityIdentity caller) {
    this.sites = sites;
    this.payouts = payouts;
    this.statsQuery = statsQuery;
    this.caller = caller;
  }

  @POST
  @Path("/sites")
  public Response register(@Valid @NotNull SiteRequests.Register request) {
    SiteView site = sites.register(Callers.accountId(caller), request, base());
    return Response.created(URI.create("/api/affiliate/sites/" + site.id())).entity(site).build();
  }

  @GET
  @Path("/sites")
  public List<SiteView> mySites() {
    return sites.owned(Callers.accountId(caller), base());
  }

  @PUT
  @Path("/sites/{id}/payout")
  public SiteView changePayout(@PathParam("id") String id, @Valid @NotNull SiteRequests.Payout request) {
    return sites.changePayout(Callers.accountId(caller), PathIds.parse("site", id), request, base());
  }

  /** The referral link for a title (or the store front) and an optional campaign sub-id. */
  @POST
  @Path("/links")
  public Map<String, String> link(@Valid @NotNull SiteRequests.Link request) {
    return Map.of("url", sites.link(Callers.accountId(caller), request, base()));
  }

  /** The caller's sites' payouts, newest first: to store credit, or sent by Stripe Connect (and any that failed or were reversed). */
  @GET
  @Path("/payouts")
  public List<PayoutView> payouts() {
    List<UUID> siteIds = sites.ownedSites(Callers.accountId(caller)).stream().map(AffiliateSite::id).toList();
    return payouts.payouts(PayeeType.AFFILIATE, siteIds, PAYOUTS_LISTED_MAX);
  }

  @GET
  @Path("/stats")
  public StatsView stats(@QueryParam("from") String from, @QueryParam("to") String to,
      @QueryParam("groupBy") String groupBy, @QueryParam("siteId") String siteId) {
    return query(from, to, groupBy, siteId);
  }

  /** The same figures as a spreadsheet. */
  @GET
  @Path("/stats.csv")
  @Produces("text/csv")
  public Response statsCsv(@QueryParam("from") String from, @QueryParam("to") String to,
      @QueryParam("groupBy") String groupBy, @QueryParam("siteId") String siteId) {
    StatsView view = query(from, to, groupBy, siteId);
    String name = "carriage-affiliate-" + view.from() + "-" + view.to() + "-by-" + view.groupBy() + ".csv";
    return Response.ok(AffiliateStats.csv(view), "text/csv; charset=utf-8")
        .header("Content-Disposition", "attachment; filename=\"" + name + "\"")
        .build();
  }

  private StatsView query(String from, String to, String groupBy, String siteId) {
    return statsQuery.run(Callers.accountId(caller), from, to, groupBy, siteId);
  }

  private String base() {
    return uri.getBaseUri().toString();
  }
}
