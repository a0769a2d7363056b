package dev.carriage.store.order;

/**
 * What orders need from whoever takes the money: open a payment for an order, and refund it
 * in full. Stripe and the sandbox implement it; which one runs is decided at start-up.
 */
public interface PaymentGateway {

  PaymentProviderName name();

  /** Opens a payment for the order's amount. Safe to repeat for the same order. */
  OpenedPayment open(Order order);

  /** Gives the order's whole amount back. Safe to repeat for the same order. */
  void refund(Order order);

  /** What a client needs to pay: the provider's payment id and the secret that confirms it. */
  record OpenedPayment(String paymentId, String clientSecret) {}

  /** The provider could not be reached or refused the request; nothing was changed. */
  final class GatewayException extends RuntimeException {
    public GatewayException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
