package dev.carriage.store.licence;

import dev.carriage.store.account.Callers;
import dev.carriage.store.account.Role;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;

/** The buyer's library: every title they may download, and free trials. */
@Path("/api/library")
@RolesAllowed(Role.Names.BUYER)
public class LibraryResource {

  private final LicenceService licences;
  private final SecurityIdentity caller;

  public LibraryResource(LicenceService licences, SecurityIdentity caller) {
    this.licences = licences;
    this.caller = caller;
  }

  @GET
  public List<LicenceView> library() {
    return licences.library(Callers.accountId(caller));
  }

  public record TrialRequest(@NotNull UUID titleId) {}

  /** Starts the free trial of a title that offers one; each buyer gets one trial per title. */
  @POST
  @Path("/trials")
  public Response startTrial(@Valid @NotNull TrialRequest request) {
    LicenceView trial = licences.startTrial(Callers.accountId(caller), request.titleId());
    return Response.created(URI.create("/api/library")).entity(trial).build();
  }
}
