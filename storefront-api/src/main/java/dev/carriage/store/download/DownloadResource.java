package dev.carriage.store.download;

import dev.carriage.store.account.Callers;
import dev.carriage.store.account.Role;
import dev.carriage.store.grid.GridService;
import dev.carriage.store.problem.PathIds;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * {@code POST /api/downloads}: a licence holder starts a download of a title;
 * {@code GET /api/downloads/{id}/sources}: its sources as they are now, asked again while it runs.
 */
@Path("/api/downloads")
@RolesAllowed(Role.Names.BUYER)
public class DownloadResource {

  private final DownloadService downloads;
  private final SecurityIdentity caller;

  public DownloadResource(DownloadService downloads, SecurityIdentity caller) {
    this.downloads = downloads;
    this.caller = caller;
  }

  @POST
  public Response open(@Valid @NotNull DownloadRequest request) {
    return Response.status(Response.Status.CREATED).entity(downloads.open(Callers.accountId(caller), request)).build();
  }

  @GET
  @Path("/{id}/sources")
  public List<GridService.Source> sources(@PathParam("id") String id, @QueryParam("region") String region) {
    return downloads.sources(Callers.accountId(caller), PathIds.parse("download session", id), region);
  }
}
