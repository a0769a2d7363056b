package dev.carriage.store.publisher;

import dev.carriage.store.account.Callers;
import dev.carriage.store.account.Role;
import dev.carriage.store.affiliate.SiteRequests;
import dev.carriage.store.payout.PayeeType;
import dev.carriage.store.payout.PayoutBook;
import dev.carriage.store.payout.PayoutView;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** A publisher's own money: terms and balances, payout method, sales, monthly statements. */
@Path("/api/publisher")
@RolesAllowed(Role.Names.PUBLISHER)
public class PublisherResource {

  private final PublisherAccounts accounts;
  private final PublisherSales sales;
  private final PayoutBook payouts;
  private final SecurityIdentity caller;

  public PublisherResource(PublisherAccounts accounts, PublisherSales sales, PayoutBook payouts, SecurityIdentity caller) {
    this.accounts = accounts;
    this.sales = sales;
    this.payouts = payouts;
    this.caller = caller;
  }

  @GET
  @Path("/account")
  public PublisherAccountView account() {
    return accounts.view(Callers.accountId(caller));
  }

  @PUT
  @Path("/payout")
  public PublisherAccountView changePayout(@Valid @NotNull SiteRequests.Payout request) {
    return accounts.changePayout(Callers.accountId(caller), request);
  }

  @GET
  @Path("/payouts")
  public List<PayoutView> payouts() {
    return payouts.payouts(PayeeType.PUBLISHER, List.of(Callers.accountId(caller)), 200);
  }

  /** {@code ?from=YYYY-MM-DD&to=YYYY-MM-DD&groupBy=day|title}: units, gross, royalty and refunds. */
  @GET
  @Path("/sales")
  public PublisherSalesView sales(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("groupBy") String groupBy) {
    return sales.sales(Callers.accountId(caller), from, to, groupBy);
  }

  @GET
  @Path("/sales.csv")
  @Produces("text/csv")
  public Response salesCsv(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("groupBy") String groupBy) {
    PublisherSalesView view = sales(from, to, groupBy);
    return csv(view, "carriage-sales-" + view.from() + "-" + view.to() + "-by-" + view.groupBy() + ".csv");
  }

  /** {@code ?period=2026-11}: one month's statement by title. */
  @GET
  @Path("/statement")
  public PublisherSalesView statement(@QueryParam("period") String period) {
    return sales.statement(Callers.accountId(caller), period);
  }

  @GET
  @Path("/statement.csv")
  @Produces("text/csv")
  public Response statementCsv(@QueryParam("period") String period) {
    PublisherSalesView view = statement(period);
    return csv(view, "carriage-statement-" + view.from().getYear() + "-" + String.format("%02d", view.from().getMonthValue()) + ".csv");
  }

  private static Response csv(PublisherSalesView view, String name) {
    return Response.ok(PublisherSales.csv(view), "text/csv; charset=utf-8")
        .header("Content-Disposition", "attachment; filename=\"" + name + "\"")
        .build();
  }
}
