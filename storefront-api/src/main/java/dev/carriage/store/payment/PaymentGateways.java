package dev.carriage.store.payment;

import com.stripe.StripeClient;
import dev.carriage.store.StoreConfig;
import dev.carriage.store.order.PaymentGateway;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/** Picks the payment provider once, at start-up: Stripe when it is configured, else the sandbox. */
public class PaymentGateways {

  private static final Logger LOG = Logger.getLogger(PaymentGateways.class);

  @Produces
  @Singleton
  PaymentGateway gateway(StoreConfig config) {
    StoreConfig.Payments.Stripe stripe = config.payments().stripe();
    if (stripe.apiKey().isEmpty()) {
      LOG.warn("No Stripe API key is configured: payments go to the sandbox, where no money moves");
      return new SandboxGateway();
    }
    if (stripe.webhookSecret().isEmpty()) {
      throw new IllegalStateException(
          "carriage.payments.stripe.api-key is set but carriage.payments.stripe.webhook-secret is not:"
              + " without it no payment could ever be confirmed");
    }
    StripeClient client = StripeClient.builder()
        .setApiKey(stripe.apiKey().get())
        .setApiBase(stripe.apiBase())
        .setConnectBase(stripe.apiBase())
        .setMaxNetworkRetries(2)
        .build();
    LOG.infof("Payments go to Stripe at %s", stripe.apiBase());
    return new StripeGateway(client);
  }
}
