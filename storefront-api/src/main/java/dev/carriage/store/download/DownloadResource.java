package dev.carriage.store.download;

import dev.carriage.store.account.Callers;
import dev.carriage.store.account.Role;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/** {@code POST /api/downloads}: a licence holder starts a download of a title. */
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
}
