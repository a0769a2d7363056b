package dev.carriage.store.pages.store;

import dev.carriage.ledger.Account;
import dev.carriage.ledger.Money;
import dev.carriage.store.catalog.CatalogService;
import dev.carriage.store.ledger.Journal;
import dev.carriage.store.catalog.TitleKind;
import dev.carriage.store.catalog.TitlePage;
import dev.carriage.store.catalog.TitleSearch;
import dev.carriage.store.catalog.TitleView;
import dev.carriage.store.grid.GridService;
import dev.carriage.store.licence.LicenceService;
import dev.carriage.store.licence.LicenceState;
import dev.carriage.store.order.BestSellers;
import dev.carriage.store.problem.PathIds;
import dev.carriage.store.problem.ProblemException;
import dev.carriage.store.web.PageContext;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The shop window: the front page with its tabs and search, and each title's page. */
// Pages read the database and the signed-in caller: they run on worker threads, not the event loop.
@io.smallrye.common.annotation.Blocking
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class StorePages {

  private static final int SHELF_SIZE = 4;

  private final CatalogService catalog;
  private final BestSellers bestSellers;
  private final GridService grid;
  private final LicenceService licences;
  private final Journal journal;
  private final PageContext page;
  private final Clock clock;
  private final Template front;
  private final Template title;

  public StorePages(CatalogService catalog, BestSellers bestSellers, GridService grid, LicenceService licences,
      Journal journal, PageContext page, Clock clock, @Location("store/front.html") Template front, @Location("store/title.html") Template title) {
    this.catalog = catalog;
    this.bestSellers = bestSellers;
    this.grid = grid;
    this.licences = licences;
    this.journal = journal;
    this.page = page;
    this.clock = clock;
    this.front = front;
    this.title = title;
  }

  /** What the search form asked for, as it was typed, so the form shows it back. */
  public record Query(String q, String kind, String tag, String priceMax, String sort) {
    boolean isBrowsing() {
      return blank(q) && blank(tag) && blank(priceMax) && blank(sort);
    }

    /** The query string for another page of the same search. */
    public String forPage(int number) {
      StringBuilder query = new StringBuilder("?page=").append(number);
      append(query, "q", q);
      append(query, "kind", kind);
      append(query, "tag", tag);
      append(query, "priceMax", priceMax);
      append(query, "sort", sort);
      return query.toString();
    }

    private static void append(StringBuilder query, String name, String value) {
      if (!blank(value)) {
        query.append('&').append(name).append('=').append(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8));
      }
    }

    private static boolean blank(String value) {
      return value == null || value.isBlank();
    }
  }

  public record Tab(String kind, String label, boolean selected) {}

  @GET
  public TemplateInstance front(@QueryParam("q") String q, @QueryParam("kind") String kind, @QueryParam("tag") String tag,
      @QueryParam("priceMax") String priceMax, @QueryParam("sort") String sort, @QueryParam("page") String pageNumber,
      @HeaderParam("HX-Request") String htmx) {
    Query query = new Query(q, kind, tag, priceMax, sort);
    // Prices are typed in whole units of money; the catalog compares minor units.
    TitleSearch search = TitleSearch.parse(q, kind, tag == null || tag.isBlank() ? List.of() : List.of(tag),
        null, PriceInput.toMinor(priceMax), sort, pageNumber, "12");
    TitlePage results = catalog.search(search);
    List<TitleView> featured = List.of();
    List<TitleView> newest = List.of();
    if (query.isBrowsing() && search.page() == 1) {
      featured = bestSellers.top(SHELF_SIZE, search.kind()).stream().map(catalog::find).flatMap(Optional::stream).toList();
      newest = catalog.search(TitleSearch.parse(null, kind, List.of(), null, null, "-createdAt", "1", String.valueOf(SHELF_SIZE))).items();
    }
    List<Tab> tabs = new ArrayList<>();
    tabs.add(new Tab("", "Everything", search.kind().isEmpty()));
    Arrays.stream(TitleKind.values()).forEach(k ->
        tabs.add(new Tab(k.toString(), Labels.plural(k), search.kind().filter(k::equals).isPresent())));
    return front.data("query", query).data("tabs", tabs).data("results", results).data("featured", featured)
        .data("newest", newest).data("fragment", htmx != null);
  }

  @GET
  @Path("titles/{id}")
  public TemplateInstance title(@PathParam("id") String id) {
    UUID titleId = PathIds.parse("title", id);
    TitleView view = catalog.find(titleId).orElseThrow(() -> ProblemException.notFound("title", id));
    GridService.Replicas replicas = grid.content(titleId).isPresent() ? grid.replicas(titleId) : null;
    Ownership owned = Ownership.NONE;
    String trialLeft = null;
    Money credit = null;
    if (page.signedIn()) {
      Money balance = journal.balance(Account.storeCredit(page.accountId()), Money.currency(view.price().currency()));
      credit = balance.minor() >= view.price().amountMinor() ? balance : null;
      var licence = licences.find(page.accountId(), titleId);
      if (licence.isPresent() && licence.get().stateAt(clock.instant()) == LicenceState.VALID) {
        owned = licence.get().expiresAt().isPresent() ? Ownership.TRIAL : Ownership.OWNED;
        trialLeft = licence.get().expiresAt().map(end -> page.timeLeft(java.time.Duration.between(clock.instant(), end))).orElse(null);
      } else if (licence.isPresent() && licence.get().expiresAt().isPresent()) {
        owned = Ownership.TRIAL_USED;
      }
    }
    return title.data("title", view).data("kindLabel", Labels.singular(view.kind()))
        .data("carriers", replicas == null ? null : replicas.complete() + replicas.partial())
        .data("owned", owned.name()).data("trialLeft", trialLeft).data("credit", credit);
  }

  /** The visitor's hold on a title, as the title page offers its buttons. */
  enum Ownership { NONE, OWNED, TRIAL, TRIAL_USED }
}
