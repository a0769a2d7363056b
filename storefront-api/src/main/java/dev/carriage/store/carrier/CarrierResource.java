package dev.carriage.store.carrier;

import dev.carriage.store.account.Callers;
import dev.carriage.store.account.Role;
import dev.carriage.store.affiliate.SiteRequests;
import dev.carriage.store.grid.GridNode;
import dev.carriage.store.payout.PayeeType;
import dev.carriage.store.payout.PayoutBook;
import dev.carriage.store.payout.PayoutView;
import dev.carriage.store.problem.PathIds;
import dev.carriage.store.receipt.ReceiptService;
import dev.carriage.store.web.DayRange;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** A carrier operator's API: earnings, payouts, payout method and refused receipts, for their own nodes only. */
@Path("/api/carrier")
@RolesAllowed({Role.Names.CARRIER, Role.Names.ADMIN})
public class CarrierResource {

  private static final long PERIOD_DAYS_MAX = 366;
  private static final long PERIOD_DAYS_DEFAULT = 30;
  private static final int LISTED_MAX = 500;

  private final CarrierEarnings earnings;
  private final PayoutBook payouts;
  private final ReceiptService receipts;
  private final SecurityIdentity caller;
  private final Clock clock;

  public CarrierResource(CarrierEarnings earnings, PayoutBook payouts, ReceiptService receipts, SecurityIdentity caller, Clock clock) {
    this.earnings = earnings;
    this.payouts = payouts;
    this.receipts = receipts;
    this.caller = caller;
    this.clock = clock;
  }

  /** {@code from} and {@code to} are days (UTC, inclusive); the default is the last 30 days. */
  @GET
  @Path("/earnings")
  public EarningsView earnings(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("nodeId") String nodeId) {
    DayRange period = DayRange.parse(from, to, clock, PERIOD_DAYS_DEFAULT, PERIOD_DAYS_MAX);
    return earnings.earnings(Callers.accountId(caller), Optional.ofNullable(nodeId).map(id -> PathIds.parse("nodeId", id)), period.start(),
        period.end());
  }

  @PUT
  @Path("/nodes/{id}/payout")
  @Transactional
  public Map<String, Object> changePayout(@PathParam("id") String id, @Valid @NotNull SiteRequests.Payout request) {
    request.requireConsistent();
    GridNode node = earnings.ownNodes(Callers.accountId(caller), Optional.of(PathIds.parse("node", id))).get(0);
    node.payTo(request.method(), request.connectAccountId());
    return Map.of("nodeId", node.id(), "method", node.payoutMethod().toString(), "connectAccountId", node.connectAccountId().orElse(""));
  }

  @GET
  @Path("/payouts")
  public List<PayoutView> payouts() {
    return payouts.payouts(PayeeType.CARRIER, ownNodeIds(), LISTED_MAX);
  }

  /** The latest receipts the store refused from the caller's nodes, and why. */
  @GET
  @Path("/receipts/refused")
  public List<ReceiptService.RejectionView> refused() {
    return ownNodeIds().stream().flatMap(node -> receipts.rejections(node, LISTED_MAX).stream()).limit(LISTED_MAX).toList();
  }

  private List<UUID> ownNodeIds() {
    return earnings.ownNodes(Callers.accountId(caller), Optional.empty()).stream().map(GridNode::id).toList();
  }
}
