package dev.carriage.store.affiliate;

import dev.carriage.store.account.Callers;
import dev.carriage.store.account.Role;
import dev.carriage.store.problem.PathIds;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;

/** Admins: the review queue of flagged referrals, and suspending a site. */
@Path("/api/admin/affiliate")
@RolesAllowed(Role.Names.ADMIN)
public class AffiliateAdminResource {

  private final AffiliateReview review;
  private final CommissionService commissions;
  private final SiteService sites;
  private final SecurityIdentity caller;

  @Context UriInfo uri;

  public AffiliateAdminResource(AffiliateReview review, CommissionService commissions, SiteService sites, SecurityIdentity caller) {
    this.review = review;
    this.commissions = commissions;
    this.sites = sites;
    this.caller = caller;
  }

  @GET
  @Path("/review")
  public ReviewView queue() {
    return review.queue();
  }

  @POST
  @Path("/conversions/{orderId}/approve")
  public CommissionView approve(@PathParam("orderId") String orderId) {
    return commissions.review(PathIds.parse("order", orderId), true, Callers.accountId(caller));
  }

  @POST
  @Path("/conversions/{orderId}/reject")
  public CommissionView reject(@PathParam("orderId") String orderId) {
    return commissions.review(PathIds.parse("order", orderId), false, Callers.accountId(caller));
  }

  /** A suspended site keeps its links working for visitors but earns nothing new. */
  @POST
  @Path("/sites/{id}/suspend")
  public SiteView suspend(@PathParam("id") String id, @Valid @NotNull SiteRequests.Suspend request) {
    return sites.suspend(PathIds.parse("site", id), request.reason(), uri.getBaseUri().toString());
  }

  @POST
  @Path("/sites/{id}/reinstate")
  public SiteView reinstate(@PathParam("id") String id) {
    return sites.reinstate(PathIds.parse("site", id), uri.getBaseUri().toString());
  }
}
