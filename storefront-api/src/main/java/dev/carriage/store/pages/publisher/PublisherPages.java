package dev.carriage.store.pages.publisher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.carriage.store.account.Role;
import dev.carriage.store.affiliate.SiteRequests;
import dev.carriage.store.catalog.CatalogService;
import dev.carriage.store.imports.ImportReportRecord;
import dev.carriage.store.imports.ImportReports;
import dev.carriage.store.pages.carrier.DailyChart;
import dev.carriage.store.pages.store.PriceInput;
import dev.carriage.store.payout.PayeeType;
import dev.carriage.store.payout.PayoutBook;
import dev.carriage.store.problem.PathIds;
import dev.carriage.store.publisher.PublisherAccounts;
import dev.carriage.store.publisher.PublisherSales;
import dev.carriage.store.publisher.PublisherSalesView;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The publisher's page: their royalty terms and money, their titles (reprice, describe,
 * withdraw), their imports with every row's errors, and their sales per title and per day. The
 * figures are {@link PublisherSales}' and {@link PublisherAccounts}', the same the API returns.
 */
// Pages read the database and the signed-in caller: they run on worker threads, not the event loop.
@io.smallrye.common.annotation.Blocking
@Path("/publisher")
@RolesAllowed(Role.Names.PUBLISHER)
public class PublisherPages {

  private static final int LISTED_MAX = 50;

  private final PublisherAccounts accounts;
  private final PublisherSales sales;
  private final PayoutBook payouts;
  private final CatalogService catalog;
  private final ImportReports imports;
  private final ObjectMapper json;
  private final PageContext page;
  private final Template dashboard;

  public PublisherPages(PublisherAccounts accounts, PublisherSales sales, PayoutBook payouts, CatalogService catalog, ImportReports imports,
      ObjectMapper json, PageContext page, @Location("publisher/dashboard.html") Template dashboard) {
    this.accounts = accounts;
    this.sales = sales;
    this.payouts = payouts;
    this.catalog = catalog;
    this.imports = imports;
    this.json = json;
    this.page = page;
    this.dashboard = dashboard;
  }

  /** One filed import as the page lists it: its counts, and the rows that need a look (errors, notes, takedowns). */
  public record ImportView(UUID id, String feed, String format, boolean dryRun, Instant at, Counts counts, List<RowView> rows) {}

  public record Counts(int created, int updated, int unchanged, int ignored, int rejected, int failed) {}

  /** A row of an import that did something other than go in cleanly, or that carries notes. */
  public record RowView(int row, String externalId, String action, List<String> problems, List<String> notes) {}

  @GET
  @Produces(MediaType.TEXT_HTML)
  public Response show(@QueryParam("from") String from, @QueryParam("to") String to) {
    UUID me = page.accountId();
    PublisherSalesView byTitle = sales.sales(me, from, to, "title");
    PublisherSalesView byDay = sales.sales(me, from, to, "day");

    return Html.response(200, dashboard
        .data("account", accounts.view(me))
        .data("byTitle", byTitle)
        .data("byDay", byDay)
        .data("chart", DailyChart.counts("Units sold", "units", unitsByDay(byDay), byDay.from(), byDay.to()))
        .data("titles", catalog.ofPublisher(me, LISTED_MAX))
        .data("imports", imports.of(me, 20).stream().map(this::importView).toList())
        .data("payouts", payouts.payouts(PayeeType.PUBLISHER, List.of(me), LISTED_MAX))
        .render());
  }

  @POST
  @Path("/payout")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response changePayout(@FormParam("method") String method, @FormParam("connectAccountId") String connectAccountId) {
    accounts.changePayout(page.accountId(), SiteRequests.Payout.fromForm(method, connectAccountId));
    return Response.seeOther(URI.create("/publisher")).build();
  }

  /** A new price (in the title's currency, as a person types it) and description; a wrong one is a 400 page naming the field. */
  @POST
  @Path("/titles/{titleId}")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response edit(@PathParam("titleId") String titleId, @FormParam("price") String price, @FormParam("currency") String currency,
      @FormParam("description") String description) {
    catalog.reprice(page.accountId(), PathIds.parse("title", titleId), PriceInput.minorUnits("price", price, currency), description);
    return Response.seeOther(URI.create("/publisher#titles")).build();
  }

  @POST
  @Path("/titles/{titleId}/withdraw")
  public Response withdraw(@PathParam("titleId") String titleId) {
    catalog.withdraw(page.accountId(), PathIds.parse("title", titleId));
    return Response.seeOther(URI.create("/publisher#titles")).build();
  }

  private static Counts counts(JsonNode counts) {
    return new Counts(counts.path("created").asInt(), counts.path("updated").asInt(), counts.path("unchanged").asInt(),
        counts.path("ignored").asInt(), counts.path("rejected").asInt(), counts.path("failed").asInt());
  }

  private static java.util.Map<java.time.LocalDate, Long> unitsByDay(PublisherSalesView byDay) {
    java.util.Map<java.time.LocalDate, Long> units = new java.util.HashMap<>();
    byDay.rows().forEach(row -> units.merge(java.time.LocalDate.parse(row.key()), row.units(), Long::sum));
    return units;
  }

  private ImportView importView(ImportReportRecord record) {
    JsonNode report;
    try {
      report = json.readTree(record.reportJson());
    } catch (IOException unreadable) {
      report = json.createObjectNode();
    }
    List<RowView> rows = new ArrayList<>();
    for (JsonNode row : report.path("rows").path("outcomes")) {
      List<String> problems = new ArrayList<>();
      row.path("problems").forEach(problem -> problems.add(
          (problem.path("path").asText("").isEmpty() ? "" : problem.path("path").asText() + ": ") + problem.path("message").asText()));
      List<String> notes = new ArrayList<>();
      row.path("notes").forEach(note -> notes.add(note.asText()));
      String action = row.path("action").asText();
      if (!problems.isEmpty() || !notes.isEmpty() || !List.of("created", "updated", "unchanged").contains(action)) {
        rows.add(new RowView(row.path("row").asInt(), row.path("externalId").asText(""), action, problems, notes));
      }
    }
    report.path("rows").path("feedProblems").forEach(problem -> rows.add(new RowView(0, "", "feed", List.of(problem.path("message").asText()),
        List.of())));
    return new ImportView(record.id(), report.path("feed").asText(), report.path("format").asText(), report.path("dryRun").asBoolean(),
        record.summary().createdAt(), counts(report.path("counts")), rows);
  }
}
