package dev.carriage.store.pages.affiliate;

import dev.carriage.store.account.Role;
import dev.carriage.store.affiliate.AffiliateSite;
import dev.carriage.store.affiliate.AffiliateStats;
import dev.carriage.store.affiliate.CommissionService;
import dev.carriage.store.affiliate.CommissionView;
import dev.carriage.store.affiliate.SiteRequests;
import dev.carriage.store.affiliate.SiteService;
import dev.carriage.store.affiliate.SiteView;
import dev.carriage.store.affiliate.StatsQuery;
import dev.carriage.store.affiliate.StatsView;
import dev.carriage.store.catalog.CatalogService;
import dev.carriage.store.catalog.TitleSearch;
import dev.carriage.store.catalog.TitleView;
import dev.carriage.store.payout.PayeeType;
import dev.carriage.store.payout.PayoutBook;
import dev.carriage.store.payout.PayoutView;
import dev.carriage.store.problem.PathIds;
import dev.carriage.store.problem.Problem;
import dev.carriage.store.problem.ProblemException;
import dev.carriage.store.problem.ViolationPaths;
import dev.carriage.store.web.Html;
import dev.carriage.store.web.PageContext;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.List;
import java.util.UUID;

/**
 * The fan-site owner's dashboard: sites and their payout, a link builder, the stats the API
 * gives ({@link StatsQuery}) as cards, a chart and tables, each commission with the day it
 * becomes final, payouts, and the CSV.
 */
// Pages read the database and the signed-in caller: they run on worker threads, not the event loop.
@io.smallrye.common.annotation.Blocking
@Path("/affiliate")
@RolesAllowed(Role.Names.AFFILIATE)
public class AffiliatePages {

  private static final int LISTED_MAX = 200;

  private final SiteService sites;
  private final StatsQuery statsQuery;
  private final CommissionService commissions;
  private final PayoutBook payouts;
  private final CatalogService catalog;
  private final Validator validator;
  private final PageContext page;
  private final Template dashboard;
  private final Template link;

  @Context UriInfo uri;

  public AffiliatePages(SiteService sites, StatsQuery statsQuery, CommissionService commissions, PayoutBook payouts,
      CatalogService catalog, Validator validator, PageContext page, @Location("affiliate/dashboard.html") Template dashboard,
      @Location("affiliate/link.html") Template link) {
    this.sites = sites;
    this.statsQuery = statsQuery;
    this.commissions = commissions;
    this.payouts = payouts;
    this.catalog = catalog;
    this.validator = validator;
    this.page = page;
    this.dashboard = dashboard;
    this.link = link;
  }

  /** The form's choices as they were sent, to show them back and to build the CSV link. */
  public record Filter(String from, String to, String groupBy, String siteId) {
    public String query() {
      StringBuilder query = new StringBuilder("?from=").append(from).append("&to=").append(to).append("&groupBy=").append(groupBy);
      if (siteId != null && !siteId.isBlank()) {
        query.append("&siteId=").append(siteId);
      }
      return query.toString();
    }
  }

  @GET
  @Produces(MediaType.TEXT_HTML)
  public Response show(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("groupBy") String groupBy,
      @QueryParam("siteId") String siteId) {
    return Html.response(200, render(from, to, groupBy, siteId, List.of()));
  }

  @GET
  @Path("/stats.csv")
  @Produces("text/csv")
  public Response csv(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("groupBy") String groupBy,
      @QueryParam("siteId") String siteId) {
    StatsView view = statsQuery.run(page.accountId(), from, to, groupBy, siteId);
    String name = "carriage-affiliate-" + view.from() + "-" + view.to() + "-by-" + view.groupBy() + ".csv";
    return Response.ok(AffiliateStats.csv(view), "text/csv; charset=utf-8")
        .header("Content-Disposition", "attachment; filename=\"" + name + "\"").build();
  }

  @POST
  @Path("/sites")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Produces(MediaType.TEXT_HTML)
  public Response addSite(@FormParam("name") String name, @FormParam("url") String url) {
    SiteRequests.Register request = new SiteRequests.Register(name, url);
    List<Problem.FieldError> errors = ViolationPaths.fieldErrors(validator.validate(request));
    if (!errors.isEmpty()) {
      return Html.response(200, render(null, null, null, null, errors));
    }
    sites.register(page.accountId(), request, base());
    return Response.seeOther(URI.create("/affiliate")).build();
  }

  /** A site's payout method, from the form on the dashboard; a wrong field is a 400 page naming it. */
  @POST
  @Path("/sites/{siteId}/payout")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response changePayout(@PathParam("siteId") String siteId, @FormParam("method") String method,
      @FormParam("connectAccountId") String connectAccountId) {
    sites.changePayout(page.accountId(), PathIds.parse("site", siteId), SiteRequests.Payout.fromForm(method, connectAccountId), base());
    return Response.seeOther(URI.create("/affiliate")).build();
  }

  /** The link builder's answer, swapped into the page by htmx (or shown alone without it). */
  @POST
  @Path("/links")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Produces(MediaType.TEXT_HTML)
  public Response buildLink(@FormParam("siteId") String siteId, @FormParam("titleId") String titleId, @FormParam("subId") String subId) {
    try {
      SiteRequests.Link request = new SiteRequests.Link(uuid("siteId", siteId),
          titleId == null || titleId.isBlank() ? null : uuid("titleId", titleId), subId == null || subId.isBlank() ? null : subId);
      List<Problem.FieldError> errors = ViolationPaths.fieldErrors(validator.validate(request));
      if (!errors.isEmpty()) {
        return Html.response(200, link.data("url", null).data("error", errors.get(0).field() + ": " + errors.get(0).message()).render());
      }
      return Html.response(200, link.data("url", sites.link(page.accountId(), request, base())).data("error", null).render());
    } catch (ProblemException refused) {
      return Html.response(200, link.data("url", null).data("error", refused.getMessage()).render());
    }
  }

  private String render(String from, String to, String groupBy, String siteId, List<Problem.FieldError> errors) {
    UUID owner = page.accountId();
    StatsView stats = statsQuery.run(owner, from, to, groupBy, siteId);
    List<SiteView> mine = sites.owned(owner, base());
    List<UUID> siteIds = sites.ownedSites(owner).stream().map(AffiliateSite::id).toList();
    List<CommissionView> earned = commissions.forSites(siteIds, LISTED_MAX);
    List<PayoutView> paid = payouts.payouts(PayeeType.AFFILIATE, siteIds, LISTED_MAX);
    List<TitleView> titles = catalog.search(TitleSearch.parse(null, null, List.of(), null, null, "name", "1", "100")).items();
    Filter filter = new Filter(stats.from().toString(), stats.to().toString(), stats.groupBy().toString(), siteId == null ? "" : siteId);
    return dashboard.data("stats", stats).data("filter", filter).data("sites", mine).data("commissions", earned)
        .data("payouts", paid).data("titles", titles).data("errors", errors)
        .data("chart", StatsChart.of(stats)).render();
  }

  private String base() {
    return uri.getBaseUri().toString();
  }

  private static UUID uuid(String field, String value) {
    try {
      return UUID.fromString(value == null ? "" : value.strip());
    } catch (IllegalArgumentException notUuid) {
      throw ProblemException.invalidField(field, "must be one of the listed choices");
    }
  }

}
