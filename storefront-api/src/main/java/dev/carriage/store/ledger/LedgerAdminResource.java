package dev.carriage.store.ledger;

import dev.carriage.store.account.Role;
import dev.carriage.store.payout.PayoutRun;
import dev.carriage.store.reconcile.Reconciliation;
import dev.carriage.store.reconcile.ReconciliationView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The store operator's view of the book: the invariant, statements, settlement and payout runs, reconciliation. */
@Path("/api/admin")
@RolesAllowed(Role.Names.ADMIN)
public class LedgerAdminResource {

  private static final int BALANCES_LISTED_MAX = 1000;
  /** A statement without an end runs to here. */
  public static final Instant STATEMENT_END = Instant.parse("9999-01-01T00:00:00Z");

  private final Journal journal;
  private final SettlementJob settlement;
  private final PayoutRun payouts;
  private final Reconciliation reconciliation;

  public LedgerAdminResource(Journal journal, SettlementJob settlement, PayoutRun payouts, Reconciliation reconciliation) {
    this.journal = journal;
    this.settlement = settlement;
    this.payouts = payouts;
    this.reconciliation = reconciliation;
  }

  /** Whether the whole book balances; also exported as the {@code carriage_ledger_imbalance_minor} metric. */
  @GET
  @Path("/ledger/check")
  public BookCheck check() {
    return journal.check();
  }

  /** Every account of a type (e.g. {@code CARRIER_PAYABLE}) with its balance as people read it, largest first. */
  @GET
  @Path("/ledger/balances")
  public List<Map<String, Object>> balances(@QueryParam("type") String type) {
    return journal.balances(AccountNames.type("type", type), BALANCES_LISTED_MAX).stream()
        .map(balance -> Map.<String, Object>of("account", balance.account().toString(), "currency", balance.balance().currencyCode(),
            "balanceMinor", balance.balance().minor()))
        .toList();
  }

  /** One account's statement: {@code account=CARRIER_PAYABLE:<node id>} (or a bare type), a currency, and an ISO period. */
  @GET
  @Path("/ledger/statement")
  public Statement statement(@QueryParam("account") String account, @QueryParam("currency") String currency,
      @QueryParam("from") String from, @QueryParam("to") String to) {
    return journal.statement(AccountNames.account("account", account), AccountNames.currency("currency", currency),
        AccountNames.instant("from", from, Instant.EPOCH), AccountNames.instant("to", to, STATEMENT_END));
  }

  @POST
  @Path("/settlement/run")
  public SettlementJob.Run settle() {
    return settlement.runOnce();
  }

  @POST
  @Path("/payouts/run")
  public PayoutRun.Run payOut() {
    return payouts.runOnce();
  }

  @GET
  @Path("/reconciliation")
  public ReconciliationView reconcile() {
    return reconciliation.report();
  }
}
