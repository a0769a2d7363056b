package dev.carriage.store.pages.admin;

import dev.carriage.ledger.AccountType;
import dev.carriage.store.account.Role;
import dev.carriage.store.account.RoleGrants;
import dev.carriage.store.affiliate.AffiliateReview;
import dev.carriage.store.affiliate.CommissionService;
import dev.carriage.store.affiliate.SiteService;
import dev.carriage.store.grid.GridOverview;
import dev.carriage.store.ledger.AccountNames;
import dev.carriage.store.ledger.Journal;
import dev.carriage.store.ledger.LedgerAdminResource;
import dev.carriage.store.ledger.SettlementJob;
import dev.carriage.store.pages.carrier.DailyChart;
import dev.carriage.store.payout.PayoutRun;
import dev.carriage.store.problem.PathIds;
import dev.carriage.store.problem.ProblemException;
import dev.carriage.store.reconcile.Reconciliation;
import dev.carriage.store.web.DayRange;
import dev.carriage.store.web.Html;
import dev.carriage.store.web.PageContext;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.annotation.security.RolesAllowed;
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
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

/**
 * The operator's pages: the book (its check, balances by account type, any account's
 * statement, reconciliation with Stripe), settlement and payouts on demand, the fan-site review
 * queue and suspensions, role grants, and the grid. Every figure comes from the service the
 * admin API calls.
 */
// Pages read the database and the signed-in caller: they run on worker threads, not the event loop.
@io.smallrye.common.annotation.Blocking
@Path("/admin")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.Names.ADMIN)
public class AdminPages {

  private static final int LISTED_MAX = 500;

  private final Journal journal;
  private final SettlementJob settlement;
  private final PayoutRun payouts;
  private final Reconciliation reconciliation;
  private final AffiliateReview review;
  private final CommissionService commissions;
  private final SiteService sites;
  private final RoleGrants grants;
  private final GridOverview grid;
  private final PageContext page;
  private final Clock clock;
  private final Template ledger;
  private final Template statement;
  private final Template reconcile;
  private final Template reviewPage;
  private final Template accounts;
  private final Template gridPage;

  @Context UriInfo uri;

  public AdminPages(Journal journal, SettlementJob settlement, PayoutRun payouts, Reconciliation reconciliation, AffiliateReview review,
      CommissionService commissions, SiteService sites, RoleGrants grants, GridOverview grid, PageContext page, Clock clock,
      @Location("admin/ledger.html") Template ledger, @Location("admin/statement.html") Template statement,
      @Location("admin/reconciliation.html") Template reconcile, @Location("admin/review.html") Template reviewPage,
      @Location("admin/accounts.html") Template accounts, @Location("admin/grid.html") Template gridPage) {
    this.journal = journal;
    this.settlement = settlement;
    this.payouts = payouts;
    this.reconciliation = reconciliation;
    this.review = review;
    this.commissions = commissions;
    this.sites = sites;
    this.grants = grants;
    this.grid = grid;
    this.page = page;
    this.clock = clock;
    this.ledger = ledger;
    this.statement = statement;
    this.reconcile = reconcile;
    this.reviewPage = reviewPage;
    this.accounts = accounts;
    this.gridPage = gridPage;
  }

  /** The book: does it balance, and the balances of one account type ({@code type}, default the carriers' payables). */
  @GET
  public Response book(@QueryParam("type") String type, @QueryParam("ran") String ran) {
    AccountType chosen = type == null || type.isBlank() ? AccountType.CARRIER_PAYABLE : AccountNames.type("type", type);
    return Html.response(200, ledger.data("check", journal.check()).data("type", chosen.name())
        .data("types", Arrays.stream(AccountType.values()).map(Enum::name).toList())
        .data("balances", journal.balances(chosen, LISTED_MAX)).data("ran", ran).render());
  }

  @GET
  @Path("/statement")
  public Response statementPage(@QueryParam("account") String account, @QueryParam("currency") String currency,
      @QueryParam("from") String from, @QueryParam("to") String to) {
    var shown = journal.statement(AccountNames.account("account", account), AccountNames.currency("currency", currency),
        AccountNames.instant("from", from, Instant.EPOCH), AccountNames.instant("to", to, LedgerAdminResource.STATEMENT_END));
    return Html.response(200, statement.data("statement", shown).render());
  }

  @GET
  @Path("/reconciliation")
  public Response reconciliationPage() {
    return Html.response(200, reconcile.data("report", reconciliation.report()).render());
  }

  @POST
  @Path("/settlement/run")
  public Response runSettlement() {
    SettlementJob.Run run = settlement.runOnce();
    return ran("Settlement ran: " + run.settled() + " sales settled, " + run.commissionsOnly() + " commissions made payable, "
        + run.nothingDue() + " with nothing due.");
  }

  @POST
  @Path("/payouts/run")
  public Response runPayouts() {
    PayoutRun.Run run = payouts.runOnce();
    return ran("Payouts ran: " + run.toStoreCredit() + " to store credit, " + run.transfersSent() + " transfers sent, "
        + run.transfersFailed() + " failed, " + run.transfersRetrying() + " to retry.");
  }

  @GET
  @Path("/review")
  public Response reviewQueue() {
    return Html.response(200, reviewPage.data("queue", review.queue()).data("sites", sites.all(LISTED_MAX, base())).render());
  }

  @POST
  @Path("/review/{orderId}/{decision}")
  public Response decide(@PathParam("orderId") String orderId, @PathParam("decision") String decision) {
    if (!decision.equals("approve") && !decision.equals("reject")) {
      throw ProblemException.notFound("review decision", decision);
    }
    commissions.review(PathIds.parse("order", orderId), decision.equals("approve"), page.accountId());
    return Response.seeOther(URI.create("/admin/review")).build();
  }

  @POST
  @Path("/sites/{siteId}/suspend")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response suspend(@PathParam("siteId") String siteId, @FormParam("reason") String reason) {
    String why = reason == null ? "" : reason.strip();
    if (why.isEmpty() || why.length() > 500) {
      throw ProblemException.invalidField("reason", "must be 1 to 500 characters: the site's owner is told why");
    }
    sites.suspend(PathIds.parse("site", siteId), why, base());
    return Response.seeOther(URI.create("/admin/review")).build();
  }

  @POST
  @Path("/sites/{siteId}/reinstate")
  public Response reinstate(@PathParam("siteId") String siteId) {
    sites.reinstate(PathIds.parse("site", siteId), base());
    return Response.seeOther(URI.create("/admin/review")).build();
  }

  @GET
  @Path("/accounts")
  public Response accountsPage(@QueryParam("granted") String granted) {
    return Html.response(200, accounts.data("roles", Arrays.stream(Role.values()).map(Role::wireName).toList())
        .data("granted", granted).render());
  }

  @POST
  @Path("/accounts/roles")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response grant(@FormParam("email") String email, @FormParam("role") String role) {
    var granted = grants.grant(new RoleGrants.Grant(email, role));
    return Response.seeOther(URI.create("/admin/accounts?granted=" + java.net.URLEncoder.encode(granted.email() + ": "
        + granted.roles(), java.nio.charset.StandardCharsets.UTF_8))).build();
  }

  @GET
  @Path("/grid")
  public Response gridView(@QueryParam("from") String from, @QueryParam("to") String to) {
    DayRange days = DayRange.parse(from, to, clock, 30, 366);
    GridOverview.View view = grid.view(days.from(), days.to());
    Map<java.time.LocalDate, Double> share = new java.util.HashMap<>();
    view.originShare().forEach(day -> share.put(day.day(), day.originPercent()));
    return Html.response(200, gridPage.data("view", view).data("period", days)
        .data("chart", DailyChart.counts("Origin's share of verified bytes", "%", share, days.from(), days.to())).render());
  }

  /** Back to the book page, saying what the run did (the page escapes it like any value). */
  private static Response ran(String what) {
    return Response.seeOther(URI.create("/admin?ran=" + java.net.URLEncoder.encode(what, java.nio.charset.StandardCharsets.UTF_8))).build();
  }

  private String base() {
    return uri.getBaseUri().toString();
  }
}
