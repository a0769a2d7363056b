package dev.carriage.store.catalog;

import dev.carriage.store.account.Callers;
import dev.carriage.store.account.Role;
import dev.carriage.store.problem.PathIds;
import dev.carriage.store.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;

/** The catalog over HTTP: anyone browses; publishers add and edit their own titles. */
@Path("/api/titles")
public class TitleResource {

  private final CatalogService catalog;
  private final SecurityIdentity caller;

  public TitleResource(CatalogService catalog, SecurityIdentity caller) {
    this.catalog = catalog;
    this.caller = caller;
  }

  /**
   * Searches the catalog. Parameters arrive as text and are checked by {@link TitleSearch}, so
   * a bad one is a 400 that names it rather than JAX-RS's bare 404.
   */
  @GET
  public TitlePage search(
      @QueryParam("q") String text,
      @QueryParam("kind") String kind,
      @QueryParam("tag") List<String> tags,
      @QueryParam("publisher") String publisher,
      @QueryParam("priceMax") String priceMax,
      @QueryParam("sort") String sort,
      @QueryParam("page") String page,
      @QueryParam("pageSize") String pageSize) {
    return catalog.search(TitleSearch.parse(text, kind, tags, publisher, priceMax, sort, page, pageSize));
  }

  @GET
  @Path("/{id}")
  public TitleView get(@PathParam("id") String id) {
    return catalog.find(parseId(id)).orElseThrow(() -> ProblemException.notFound("title", id));
  }

  @POST
  @RolesAllowed(Role.Names.PUBLISHER)
  public Response create(@Valid @NotNull TitleRequest request) {
    TitleView created = catalog.create(Callers.accountId(caller), request);
    return Response.created(URI.create("/api/titles/" + created.id())).entity(created).build();
  }

  @PUT
  @Path("/{id}")
  @RolesAllowed(Role.Names.PUBLISHER)
  public TitleView update(@PathParam("id") String id, @Valid @NotNull TitleRequest request) {
    return catalog.update(Callers.accountId(caller), parseId(id), request);
  }

  /** Withdraws the title from sale (it is not deleted: its buyers keep it). */
  @DELETE
  @Path("/{id}")
  @RolesAllowed(Role.Names.PUBLISHER)
  public TitleView withdraw(@PathParam("id") String id) {
    return catalog.withdraw(Callers.accountId(caller), parseId(id));
  }

  private static UUID parseId(String id) {
    return PathIds.parse("title", id);
  }
}
