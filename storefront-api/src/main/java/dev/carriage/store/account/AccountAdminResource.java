package dev.carriage.store.account;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

/** The operator grants roles to accounts. */
@Path("/api/admin/accounts")
@RolesAllowed(Role.Names.ADMIN)
public class AccountAdminResource {

  private final RoleGrants grants;

  public AccountAdminResource(RoleGrants grants) {
    this.grants = grants;
  }

  /** {@code {"email": "...", "role": "carrier"}}; 400 naming {@code email} or {@code role} when either is unknown. */
  @POST
  @Path("/roles")
  public AccountView grant(@NotNull RoleGrants.Grant request) {
    return grants.grant(request);
  }
}
