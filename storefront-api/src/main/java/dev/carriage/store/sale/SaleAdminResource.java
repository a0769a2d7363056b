package dev.carriage.store.sale;

import dev.carriage.store.account.Role;
import dev.carriage.store.problem.PathIds;
import dev.carriage.store.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.Optional;
import java.util.UUID;

/** {@code GET /api/admin/sales/{orderId}}: what a sale owes, as written down when it was paid. */
@Path("/api/admin/sales/{orderId}")
@RolesAllowed(Role.Names.ADMIN)
public class SaleAdminResource {

  private final EntityManager entityManager;

  public SaleAdminResource(EntityManager entityManager) {
    this.entityManager = entityManager;
  }

  @GET
  public SaleRecordView sale(@PathParam("orderId") String orderId) {
    UUID id = PathIds.parse("sale of order", orderId);
    return Optional.ofNullable(entityManager.find(SaleRecord.class, id)).map(SaleRecordView::of)
        .orElseThrow(() -> ProblemException.notFound("sale of order", id));
  }
}
