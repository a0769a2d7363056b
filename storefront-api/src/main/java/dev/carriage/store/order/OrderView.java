package dev.carriage.store.order;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.carriage.store.catalog.TitleView;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An order as its buyer sees it: what was bought, for how much, how to pay and what happened. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderView(
    UUID id,
    UUID titleId,
    String titleName,
    TitleView.Price amount,
    OrderStatus status,
    String affiliateCode,
    Payment payment,
    String failureReason,
    Instant createdAt,
    Instant paidAt,
    /** Until when the buyer may refund it themselves; present once paid. */
    Instant refundableUntil,
    List<Step> history) {

  /**
   * How to pay. For Stripe, {@code clientSecret} goes to Stripe.js; for the sandbox, the client
   * posts a test card number to {@code confirmUrl}.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Payment(PaymentProviderName provider, String paymentId, String clientSecret, String confirmUrl) {}

  public record Step(OrderStatus from, OrderStatus to, String cause, Instant at) {}
}
