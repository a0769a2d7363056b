package dev.carriage.store.payment;

import dev.carriage.store.account.Callers;
import dev.carriage.store.account.Role;
import dev.carriage.store.order.OrderView;
import dev.carriage.store.order.Refunds;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** {@code POST .../confirm}: pays a sandbox payment with a test card (see {@link SandboxCheckout}). */
@Path("/api/payments/sandbox/{paymentId}/confirm")
@RolesAllowed(Role.Names.BUYER)
public class SandboxResource {

  private final SandboxCheckout checkout;
  private final Refunds refunds;
  private final SecurityIdentity caller;

  public SandboxResource(SandboxCheckout checkout, Refunds refunds, SecurityIdentity caller) {
    this.checkout = checkout;
    this.refunds = refunds;
    this.caller = caller;
  }

  public record Confirmation(@NotNull @Size(max = 32) String cardNumber) {}

  @POST
  public OrderView confirm(@PathParam("paymentId") String paymentId, @Valid @NotNull Confirmation confirmation) {
    OrderView confirmed = checkout.confirm(Callers.accountId(caller), paymentId, confirmation.cardNumber());
    refunds.sendDue(); // a second payment for an owned title is given back at once
    return confirmed;
  }
}
