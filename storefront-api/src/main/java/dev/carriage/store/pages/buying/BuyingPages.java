package dev.carriage.store.pages.buying;

import dev.carriage.store.affiliate.ReferralCookie;
import dev.carriage.store.account.Role;
import dev.carriage.store.licence.LicenceService;
import dev.carriage.store.order.OrderRequest;
import dev.carriage.store.order.Checkout;
import dev.carriage.store.order.OrderService;
import dev.carriage.store.order.Refunds;
import dev.carriage.store.order.OrderStatus;
import dev.carriage.store.order.OrderView;
import dev.carriage.store.order.PaymentProviderName;
import dev.carriage.store.payment.SandboxCheckout;
import dev.carriage.store.problem.PathIds;
import dev.carriage.store.problem.ProblemException;
import dev.carriage.store.StoreConfig;
import dev.carriage.store.web.Html;
import dev.carriage.store.web.PageSecurityHeaders;
import dev.carriage.store.web.PageContext;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
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

/**
 * Buying in a browser: Buy and Try on a title's page, the checkout with the sandbox's test
 * cards, the order history and refunds. Every step calls the service the API calls.
 */
// Pages read the database and the signed-in caller: they run on worker threads, not the event loop.
@io.smallrye.common.annotation.Blocking
@Path("/")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.Names.BUYER)
public class BuyingPages {

  private final OrderService orders;
  private final Checkout orderCheckout;
  private final Refunds refunds;
  private final LicenceService licences;
  private final SandboxCheckout sandbox;
  private final PageContext page;
  private final StoreConfig config;
  private final Clock clock;
  private final Template checkout;
  private final Template orderList;
  private final Template receipt;

  public BuyingPages(OrderService orders, Checkout orderCheckout, Refunds refunds, LicenceService licences, SandboxCheckout sandbox, PageContext page, StoreConfig config,
      Clock clock, @Location("buying/checkout.html") Template checkout, @Location("buying/orders.html") Template orderList,
      @Location("buying/receipt.html") Template receipt) {
    this.receipt = receipt;
    this.orders = orders;
    this.orderCheckout = orderCheckout;
    this.refunds = refunds;
    this.licences = licences;
    this.sandbox = sandbox;
    this.page = page;
    this.config = config;
    this.clock = clock;
    this.checkout = checkout;
    this.orderList = orderList;
  }

  /** Places the order (or finds the open one) and goes to its checkout; store credit pays at once. */
  @POST
  @Path("titles/{id}/buy")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response buy(@PathParam("id") String id, @FormParam("payWith") String payWith,
      @CookieParam(ReferralCookie.NAME) String referral) {
    UUID titleId = PathIds.parse("title", id);
    OrderService.Placed placed = orderCheckout.place(page.accountId(),
        new OrderRequest(titleId, null, "store_credit".equals(payWith) ? "store_credit" : null), referral);
    if (placed.order().status().holdsTheTitle()) {
      return Response.seeOther(URI.create("/library")).build();
    }
    return Response.seeOther(URI.create("/checkout/" + placed.order().id())).build();
  }

  @POST
  @Path("titles/{id}/trial")
  public Response trial(@PathParam("id") String id) {
    licences.startTrial(page.accountId(), PathIds.parse("title", id));
    return Response.seeOther(URI.create("/library")).build();
  }

  @GET
  @Path("checkout/{orderId}")
  public Response checkoutPage(@PathParam("orderId") String orderId) {
    OrderView order = orders.find(page.accountId(), false, PathIds.parse("order", orderId));
    if (order.status().holdsTheTitle()) {
      return Response.seeOther(URI.create("/library")).build();
    }
    if (stripeElement(order)) {
      // Stripe's Payment Element: its script and frames come from Stripe, on this page only.
      return Response.fromResponse(Html.response(200, render(order, null)))
          .header(PageSecurityHeaders.CONTENT_SECURITY_POLICY, PageSecurityHeaders.withStripe()).build();
    }
    return Html.response(200, render(order, null));
  }

  /** A Stripe order, with Stripe configured for the browser: paid in Stripe's Payment Element. */
  private boolean stripeElement(OrderView order) {
    return order.payment() != null && order.payment().provider() == PaymentProviderName.STRIPE
        && config.payments().stripe().publishableKey().isPresent();
  }

  /** Pays with a sandbox test card; a declined card shows the card's reason and grants nothing. */
  @POST
  @Path("checkout/{orderId}")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response pay(@PathParam("orderId") String orderId, @FormParam("cardNumber") String cardNumber) {
    OrderView order = orders.find(page.accountId(), false, PathIds.parse("order", orderId));
    if (order.payment() == null || order.payment().provider() != PaymentProviderName.SANDBOX) {
      throw ProblemException.invalidField("cardNumber", "this order is paid through Stripe, not with a sandbox card");
    }
    String card = cardNumber == null ? "" : cardNumber.length() > 32 ? cardNumber.substring(0, 32) : cardNumber;
    try {
      OrderView after = sandbox.confirm(page.accountId(), order.payment().paymentId(), card);
      refunds.sendDue(); // a second payment for an owned title is given back at once
      if (after.status().holdsTheTitle()) {
        return Response.seeOther(URI.create("/library?bought=" + after.titleId())).build();
      }
      return Html.response(200, render(after, null)); // declined: the checkout again, with the card's reason
    } catch (ProblemException refused) {
      return Html.response(200, render(order, refused.getMessage()));
    }
  }

  /** One order's receipt: what was bought, for how much, when and how it was paid, and what happened since. */
  @GET
  @Path("orders/{id}")
  public Response receipt(@PathParam("id") String id) {
    return Html.response(200, receipt.data("order", orders.find(page.accountId(), false, PathIds.parse("order", id))).render());
  }

  @GET
  @Path("orders")
  public Response orderHistory() {
    List<OrderView> mine = orders.list(page.accountId());
    return Html.response(200, orderList.data("orders", mine.stream().map(this::row).toList()).data("message", null).render());
  }

  @POST
  @Path("orders/{id}/refund")
  public Response refund(@PathParam("id") String id) {
    OrderView refunded = refunds.refund(page.accountId(), false, PathIds.parse("order", id));
    List<OrderView> mine = orders.list(page.accountId());
    return Html.response(200, orderList.data("orders", mine.stream().map(this::row).toList())
        .data("message", "Refunded " + refunded.titleName() + ": " + page.money(refunded.amount().amountMinor(),
            refunded.amount().currency()) + " goes back the way it was paid, and the title leaves your library.")
        .render());
  }

  /** An order as the history lists it, with whether (and until when) it can still be refunded. */
  public record OrderRow(OrderView order, boolean refundable, String refundLeft) {}

  private OrderRow row(OrderView order) {
    boolean open = order.status() == OrderStatus.PAID && order.refundableUntil() != null
        && clock.instant().isBefore(order.refundableUntil());
    return new OrderRow(order, open,
        open ? page.timeLeft(java.time.Duration.between(clock.instant(), order.refundableUntil())) : null);
  }

  private String render(OrderView order, String error) {
    return checkout.data("order", order).data("error", error)
        .data("sandbox", order.payment() != null && order.payment().provider() == PaymentProviderName.SANDBOX)
        .data("stripeKey", stripeElement(order) ? config.payments().stripe().publishableKey().get() : null)
        .render();
  }

}
