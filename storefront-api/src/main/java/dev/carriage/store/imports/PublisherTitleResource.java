package dev.carriage.store.imports;

import dev.carriage.store.account.Callers;
import dev.carriage.store.account.Role;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.Map;

/** A publisher's titles by their own ids: what catalog import calls. */
@Path("/api/publisher/titles/{externalId}")
@RolesAllowed(Role.Names.PUBLISHER)
public class PublisherTitleResource {

  private final CatalogImportService imports;
  private final SecurityIdentity caller;

  public PublisherTitleResource(CatalogImportService imports, SecurityIdentity caller) {
    this.imports = imports;
    this.caller = caller;
  }

  /** 201 when created, 200 otherwise; {@code dryRun=true} answers the same and writes nothing. */
  @PUT
  public Response upsert(@PathParam("externalId") String externalId, @QueryParam("dryRun") boolean dryRun,
      @Valid @NotNull CatalogEntry entry) {
    EntryResult result = imports.upsert(Callers.accountId(caller), externalId, entry, dryRun);
    if (result.outcome() == EntryOutcome.CREATED && !dryRun) {
      return Response.created(URI.create("/api/titles/" + result.title().id())).entity(result).build();
    }
    return Response.ok(result).build();
  }

  /** The title's cover art: the image's bytes as the body, a PNG or JPEG of at most the store's body limit (1 MiB). */
  @PUT
  @Path("/cover")
  @Consumes({"image/png", "image/jpeg", "application/octet-stream"})
  public Map<String, String> cover(@PathParam("externalId") String externalId, byte[] image) {
    return imports.putCover(Callers.accountId(caller), externalId, image);
  }

  public record Takedown(Instant messageAt) {}

  @POST
  @Path("/takedown")
  public EntryResult takeDown(@PathParam("externalId") String externalId, @QueryParam("dryRun") boolean dryRun, Takedown request) {
    return imports.takeDown(Callers.accountId(caller), externalId, request == null ? null : request.messageAt(), dryRun);
  }
}
