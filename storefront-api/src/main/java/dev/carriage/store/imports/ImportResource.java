package dev.carriage.store.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.carriage.store.account.Callers;
import dev.carriage.store.account.Role;
import dev.carriage.store.problem.PathIds;
import dev.carriage.store.problem.ProblemException;
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
import java.util.UUID;

/** A publisher's past imports: the import command files its report here. */
@Path("/api/imports")
@RolesAllowed(Role.Names.PUBLISHER)
public class ImportResource {

  private static final int LISTED_MAX = 200;

  private final EntityManager entityManager;
  private final ObjectMapper json;
  private final SecurityIdentity caller;
  private final Clock clock;

  public ImportResource(EntityManager entityManager, ObjectMapper json, SecurityIdentity caller, Clock clock) {
    this.entityManager = entityManager;
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
    return entityManager
        .createQuery("from ImportReportRecord r where r.publisherId = :publisher order by r.createdAt desc, r.id", ImportReportRecord.class)
        .setParameter("publisher", Callers.accountId(caller))
        .setMaxResults(LISTED_MAX)
        .getResultStream()
        .map(ImportReportRecord::summary)
        .toList();
  }

  /** The whole report as it was filed; another publisher's is a 404. */
  @GET
  @Path("/{id}")
  @Produces(MediaType.APPLICATION_JSON)
  public String report(@PathParam("id") String id) {
    UUID reportId = PathIds.parse("import", id);
    ImportReportRecord record = entityManager.find(ImportReportRecord.class, reportId);
    if (record == null || !record.publisherId().equals(Callers.accountId(caller))) {
      throw ProblemException.notFound("import", reportId);
    }
    return record.reportJson();
  }
}
