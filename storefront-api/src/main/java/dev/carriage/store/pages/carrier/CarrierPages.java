package dev.carriage.store.pages.carrier;

import dev.carriage.store.StoreConfig;
import dev.carriage.store.account.Role;
import dev.carriage.store.affiliate.SiteRequests;
import dev.carriage.store.carrier.CarriageAudit;
import dev.carriage.store.carrier.CarrierEarnings;
import dev.carriage.store.carrier.EarningsView;
import dev.carriage.store.grid.GridNode;
import dev.carriage.store.grid.GridService;
import dev.carriage.store.payout.PayeeType;
import dev.carriage.store.payout.PayoutBook;
import dev.carriage.store.payout.PayoutView;
import dev.carriage.store.problem.PathIds;
import dev.carriage.store.problem.ProblemException;
import dev.carriage.store.receipt.ReceiptService;
import dev.carriage.store.web.DayRange;
import dev.carriage.store.web.PageContext;
import dev.carriage.store.web.TextRules;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The carrier operator's dashboard: their nodes' health, the bytes each carried, its money in
 * each state, and a statement whose every line opens to the receipts behind it. The figures are
 * {@link CarrierEarnings}'s, the same the API returns.
 */
// Pages read the database and the signed-in caller: they run on worker threads, not the event loop.
@io.smallrye.common.annotation.Blocking
@Path("/carrier")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.Names.CARRIER)
public class CarrierPages {

  private static final int LISTED_MAX = 100;

  private final CarrierEarnings earnings;
  private final CarriageAudit audit;
  private final PayoutBook payouts;
  private final ReceiptService receipts;
  private final GridService grid;
  private final StoreConfig config;
  private final PageContext page;
  private final Clock clock;
  private final Template dashboard;
  private final Template sale;

  public CarrierPages(CarrierEarnings earnings, CarriageAudit audit, PayoutBook payouts, ReceiptService receipts, GridService grid,
      StoreConfig config, PageContext page, Clock clock, @Location("carrier/dashboard.html") Template dashboard, @Location("carrier/sale.html") Template sale) {
    this.earnings = earnings;
    this.audit = audit;
    this.payouts = payouts;
    this.receipts = receipts;
    this.config = config;
    this.page = page;
    this.clock = clock;
    this.grid = grid;
    this.dashboard = dashboard;
    this.sale = sale;
  }

  /** One node on the dashboard: its health beside its figures. */
  public record NodeCard(EarningsView.Node figures, GridNode node, boolean healthy, String chart,
      List<ReceiptService.RejectionView> refused, List<CarrierEarnings.Held> held) {}

  @GET
  public TemplateInstance show(@QueryParam("from") String from, @QueryParam("to") String to) {
    DayRange period = DayRange.parse(from, to, clock, 30, 366);
    EarningsView view = earnings.earnings(page.accountId(), Optional.empty(), period.start(), period.end());
    List<GridNode> nodes = earnings.ownNodes(page.accountId(), Optional.empty());
    Instant healthySince = grid.healthySince();
    List<NodeCard> cards = view.nodes().stream().map(figures -> {
      GridNode node = nodes.stream().filter(n -> n.id().equals(figures.nodeId())).findFirst().orElseThrow();
      boolean healthy = node.healthy(healthySince);
      return new NodeCard(figures, node, healthy, DailyChart.bytes(figures.byDay(), period.from(), period.to()), receipts.rejections(node.id(), 20),
          earnings.held(node.id()));
    }).toList();
    List<PayoutView> history = payouts.payouts(PayeeType.CARRIER, nodes.stream().map(GridNode::id).toList(), LISTED_MAX);
    return dashboard.data("period", period).data("nodes", cards).data("payouts", history)
        .data("minimum", config.ledger().transferMinimum().toPlainString());
  }

  /** The fragment a statement line opens to: the sale's sessions, verified bytes and receipts. */
  @GET
  @Path("/nodes/{nodeId}/sales/{orderId}")
  public TemplateInstance saleLine(@PathParam("nodeId") String nodeId, @PathParam("orderId") String orderId) {
    return sale.data("sale", audit.sale(page.accountId(), PathIds.parse("node", nodeId), PathIds.parse("order", orderId)));
  }

  @POST
  @Path("/nodes/{nodeId}/name")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Transactional
  public Response rename(@PathParam("nodeId") String nodeId, @FormParam("name") String name) {
    GridNode node = earnings.ownNodes(page.accountId(), Optional.of(PathIds.parse("node", nodeId))).get(0);
    String clean = name == null ? "" : name.strip();
    if (clean.isEmpty() || clean.length() > 100 || !clean.matches(TextRules.SINGLE_LINE)) {
      throw ProblemException.invalidField("name", "must be 1 to 100 characters, " + TextRules.SINGLE_LINE_RULE);
    }
    node.rename(clean);
    return Response.seeOther(URI.create("/carrier")).build();
  }

  /** A node's payout method, from the form on its card; a wrong field is a 400 page naming it. */
  @POST
  @Path("/nodes/{nodeId}/payout")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Transactional
  public Response changePayout(@PathParam("nodeId") String nodeId, @FormParam("method") String method,
      @FormParam("connectAccountId") String connectAccountId) {
    SiteRequests.Payout payout = SiteRequests.Payout.fromForm(method, connectAccountId);
    GridNode node = earnings.ownNodes(page.accountId(), Optional.of(PathIds.parse("node", nodeId))).get(0);
    node.payTo(payout.method(), payout.connectAccountId());
    return Response.seeOther(URI.create("/carrier")).build();
  }

}
