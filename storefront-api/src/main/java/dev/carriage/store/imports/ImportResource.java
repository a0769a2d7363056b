package dev.carriage.store.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.carriage.store.account.Callers;
import dev.carriage.store.account.Role;
import dev.carriage.store.problem.PathIds;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Clock;
import java.util.List;

/** A publisher's past imports: the import command files its report here. */
@Path("/api/imports")
@RolesAllowed(Role.Names.PUBLISHER)
public class ImportResource {

  private static final int LISTED_MAX = ImportReports.LISTED_MAX;

  private final EntityManager entityManager;
  private final ImportReports reports;
  private final ObjectMapper json;
  private final SecurityIdentity caller;
  private final Clock clock;

  public ImportResource(EntityManager entityManager, ImportReports reports, ObjectMapper json, SecurityIdentity caller, Clock clock) {
    this.entityManager = entityManager;
    this.reports = reports;
    this.json = json;
    this.caller = caller;
    this.clock = clock;
  }

  @POST
  @Transactional
  public Response file(@Valid @NotNull ImportReportRequest report) throws JsonProcessingException {
    ImportReportRecord record = new ImportReportRecord(Callers.accountId(caller), report, json.writeValueAsString(report), clock.instant());
    entityManager.persist(record);
    return Response.created(URI.create("/api/imports/" + record.id())).entity(record.summary()).build();
  }

  @GET
  public List<ImportReportRecord.ImportSummary> list() {
    return reports.of(Callers.accountId(caller), LISTED_MAX).stream().map(ImportReportRecord::summary).toList();
  }

  /** The whole report as it was filed; another publisher's is a 404. */
  @GET
  @Path("/{id}")
  @Produces(MediaType.APPLICATION_JSON)
  public String report(@PathParam("id") String id) {
    return reports.find(Callers.accountId(caller), PathIds.parse("import", id)).reportJson();
  }
}
