package dev.carriage.store.grid;

import dev.carriage.store.account.Role;
import dev.carriage.store.web.DayRange;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.time.Clock;

/** {@code GET /api/admin/grid?from&to}: nodes and their health, replicas per title against target, the origin's share per day. */
@Path("/api/admin/grid")
@RolesAllowed(Role.Names.ADMIN)
public class GridAdminResource {

  private final GridOverview overview;
  private final Clock clock;

  public GridAdminResource(GridOverview overview, Clock clock) {
    this.overview = overview;
    this.clock = clock;
  }

  @GET
  public GridOverview.View grid(@QueryParam("from") String from, @QueryParam("to") String to) {
    DayRange days = DayRange.parse(from, to, clock, 30, 366);
    return overview.view(days.from(), days.to());
  }
}
