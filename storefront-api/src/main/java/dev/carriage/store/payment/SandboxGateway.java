package dev.carriage.store.payment;

import dev.carriage.store.order.Order;
import dev.carriage.store.order.PaymentGateway;
import dev.carriage.store.order.PaymentProviderName;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Payments for local runs and the demo, shaped like Stripe's test mode: a payment is opened
 * per order and confirmed with a test card through {@link SandboxResource}. No money moves.
 */
public final class SandboxGateway implements PaymentGateway {

  private static final SecureRandom RANDOM = new SecureRandom();

  @Override
  public PaymentProviderName name() {
    return PaymentProviderName.SANDBOX;
  }

  @Override
  public OpenedPayment open(Order order) {
    String paymentId = "pi_sandbox_" + randomHex(12);
    return new OpenedPayment(paymentId, paymentId + "_secret_" + randomHex(12));
  }

  /** Nothing to give back: the sandbox never took anything. */
  @Override
  public void refund(Order order) {}

  private static String randomHex(int bytes) {
    byte[] random = new byte[bytes];
    RANDOM.nextBytes(random);
    return HexFormat.of().formatHex(random);
  }
}
