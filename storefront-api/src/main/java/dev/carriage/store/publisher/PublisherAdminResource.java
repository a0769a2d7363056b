package dev.carriage.store.publisher;

import dev.carriage.store.account.Role;
import dev.carriage.store.problem.PathIds;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** The operator sets each publisher's royalty share: the deal the store has with them. */
@Path("/api/admin/publishers/{id}")
@RolesAllowed(Role.Names.ADMIN)
public class PublisherAdminResource {

  /** {@code {"royaltyShareBasisPoints": 7000}}: 70% of gross on each sale without a wholesale price. */
  public record RoyaltyShare(@NotNull Integer royaltyShareBasisPoints) {}

  private final PublisherAccounts accounts;

  public PublisherAdminResource(PublisherAccounts accounts) {
    this.accounts = accounts;
  }

  @GET
  public PublisherAccountView publisher(@PathParam("id") String id) {
    return accounts.view(PathIds.parse("publisher", id));
  }

  @PUT
  @Path("/royalty")
  public PublisherAccountView setRoyaltyShare(@PathParam("id") String id, @Valid @NotNull RoyaltyShare request) {
    return accounts.setRoyaltyShare(PathIds.parse("publisher", id), request.royaltyShareBasisPoints());
  }
}
