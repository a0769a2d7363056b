package dev.carriage.store.order;

import dev.carriage.store.account.Callers;
import dev.carriage.store.account.Role;
import dev.carriage.store.affiliate.ReferralCookie;
import dev.carriage.store.problem.PathIds;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;

/** Checkout, the buyer's orders, and refunds. */
@Path("/api/orders")
@RolesAllowed(Role.Names.BUYER)
public class OrderResource {

  private final OrderService orders;
  private final Checkout checkout;
  private final Refunds refunds;
  private final SecurityIdentity caller;

  public OrderResource(OrderService orders, Checkout checkout, Refunds refunds, SecurityIdentity caller) {
    this.orders = orders;
    this.checkout = checkout;
    this.refunds = refunds;
    this.caller = caller;
  }

  /** 201 with a new order, or 200 with the buyer's open order for the same title. */
  @POST
  public Response place(@Valid @NotNull OrderRequest request, @CookieParam(ReferralCookie.NAME) String referral) {
    OrderService.Placed placed = checkout.place(Callers.accountId(caller), request, referral);
    URI location = URI.create("/api/orders/" + placed.order().id());
    Response.ResponseBuilder response = placed.created() ? Response.created(location) : Response.ok().location(location);
    return response.entity(placed.order()).build();
  }

  @GET
  public List<OrderView> list() {
    return orders.list(Callers.accountId(caller));
  }

  @GET
  @Path("/{id}")
  @RolesAllowed({Role.Names.BUYER, Role.Names.ADMIN})
  public OrderView get(@PathParam("id") String id) {
    return orders.find(Callers.accountId(caller), isAdmin(), PathIds.parse("order", id));
  }

  @POST
  @Path("/{id}/refund")
  @RolesAllowed({Role.Names.BUYER, Role.Names.ADMIN})
  public OrderView refund(@PathParam("id") String id) {
    return refunds.refund(Callers.accountId(caller), isAdmin(), PathIds.parse("order", id));
  }

  private boolean isAdmin() {
    return caller.hasRole(Role.Names.ADMIN);
  }
}
