package dev.carriage.store.payment;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.net.RequestOptions;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.RefundCreateParams;
import dev.carriage.store.order.Order;
import dev.carriage.store.order.PaymentGateway;
import dev.carriage.store.order.PaymentProviderName;
import java.util.Locale;

/**
 * Stripe through stripe-java: a PaymentIntent per order, confirmed by the buyer's browser and
 * reported back by webhook. Idempotency keys derive from the order, so a retried request never
 * opens a second payment or refunds twice.
 */
public final class StripeGateway implements PaymentGateway {

  private final StripeClient client;

  public StripeGateway(StripeClient client) {
    this.client = client;
  }

  @Override
  public PaymentProviderName name() {
    return PaymentProviderName.STRIPE;
  }

  @Override
  public OpenedPayment open(Order order) {
    PaymentIntentCreateParams params = PaymentIntentCreateParams.builder()
        .setAmount(order.amount().minor())
        .setCurrency(order.amount().currencyCode().toLowerCase(Locale.ROOT))
        .setDescription("Carriage order " + order.id())
        .putMetadata("order_id", order.id().toString())
        .putMetadata("title_id", order.titleId().toString())
        .putMetadata("buyer_id", order.buyerId().toString())
        .setAutomaticPaymentMethods(
            PaymentIntentCreateParams.AutomaticPaymentMethods.builder().setEnabled(true).build())
        .build();
    try {
      PaymentIntent intent = client.v1().paymentIntents().create(params, idempotent("order-" + order.id() + "-payment"));
      return new OpenedPayment(intent.getId(), intent.getClientSecret());
    } catch (StripeException failed) {
      throw new GatewayException("Stripe refused to open a payment: " + failed.getMessage(), failed);
    }
  }

  @Override
  public void refund(Order order) {
    RefundCreateParams params = RefundCreateParams.builder()
        .setPaymentIntent(order.paymentId())
        .putMetadata("order_id", order.id().toString())
        .build();
    try {
      client.v1().refunds().create(params, idempotent("order-" + order.id() + "-refund"));
    } catch (InvalidRequestException refused) {
      // Asked again after Stripe forgot the idempotency key (24 h): the first refund was taken.
      if (!"charge_already_refunded".equals(refused.getCode())) {
        throw new GatewayException("Stripe refused the refund: " + refused.getMessage(), refused);
      }
    } catch (StripeException failed) {
      throw new GatewayException("Stripe refused the refund: " + failed.getMessage(), failed);
    }
  }

  private static RequestOptions idempotent(String key) {
    return RequestOptions.builder().setIdempotencyKey("carriage-" + key).build();
  }
}
