package dev.carriage.store.payment;

import dev.carriage.store.order.Order;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a signed payment event is about this order's money. A valid signature says the event
 * came from the provider, not that it pays this order: a PaymentIntent for 1 USD must not pay a
 * 29.99 EUR order, and a test-mode event must not pay at a live store. A mismatch is recorded
 * for review and changes nothing.
 */
final class PaymentMatch {

  private PaymentMatch() {}

  /**
   * Why the event does not match the order, or empty when it does.
   *
   * @param live whether the store takes live money (its Stripe key is a live key)
   */
  static Optional<String> mismatch(PaymentEvent event, Order order, boolean live) {
    if (event.livemode() != null && event.livemode() != live) {
      return Optional.of("the event is " + (event.livemode() ? "live" : "test") + " mode; this store takes "
          + (live ? "live" : "test") + " payments");
    }
    if (event.kind() != PaymentEventKind.SUCCEEDED) {
      return Optional.empty();
    }
    if (event.amountMinor() == null || event.currency() == null) {
      return Optional.of("the payment names no amount and currency; the order is " + order.amount());
    }
    String currency = event.currency().toUpperCase(Locale.ROOT);
    if (event.amountMinor() != order.amount().minor() || !currency.equals(order.amount().currencyCode())) {
      return Optional.of("the payment is " + event.amountMinor() + " " + currency + "; the order is " + order.amount().minor() + " "
          + order.amount().currencyCode());
    }
    return Optional.empty();
  }
}
