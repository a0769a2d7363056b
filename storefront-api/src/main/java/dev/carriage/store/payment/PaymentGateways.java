package dev.carriage.store.payment;

import com.stripe.StripeClient;
import dev.carriage.store.StoreConfig;
import dev.carriage.store.order.PaymentGateway;
import dev.carriage.store.payout.ConnectGateway;
import dev.carriage.store.payout.SandboxConnect;
import dev.carriage.store.payout.SandboxTransfers;
import dev.carriage.store.payout.StripeConnect;
import dev.carriage.store.payout.StripeTransfers;
import dev.carriage.store.payout.TransferGateway;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Picks the payment provider once, at start-up: Stripe when it is configured, else the sandbox.
 * Payments, payout transfers and reconciliation all use the same choice.
 */
public class PaymentGateways {

  private static final Logger LOG = Logger.getLogger(PaymentGateways.class);

  /**
   * The Stripe client, when Stripe is configured, and whether its key is a live one: events from
   * the other mode (a test event at a live store) are never taken as money.
   */
  public record StripeAccess(Optional<StripeClient> client, boolean live) {
    static boolean isLiveKey(String apiKey) {
      return apiKey.startsWith("sk_live_") || apiKey.startsWith("rk_live_");
    }
  }

  @Produces
  @Singleton
  StripeAccess stripe(StoreConfig config) {
    StoreConfig.Payments.Stripe stripe = config.payments().stripe();
    if (stripe.apiKey().isEmpty()) {
      LOG.warn("No Stripe API key is configured: payments and payouts go to the sandbox, where no money moves");
      return new StripeAccess(Optional.empty(), false);
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
    return new StripeAccess(Optional.of(client), StripeAccess.isLiveKey(stripe.apiKey().get()));
  }

  @Produces
  @Singleton
  PaymentGateway gateway(StripeAccess stripe) {
    return stripe.client().<PaymentGateway>map(StripeGateway::new).orElseGet(SandboxGateway::new);
  }

  @Produces
  @Singleton
  TransferGateway transfers(StripeAccess stripe) {
    return stripe.client().<TransferGateway>map(StripeTransfers::new).orElseGet(SandboxTransfers::new);
  }

  @Produces
  @Singleton
  ConnectGateway connect(StripeAccess stripe) {
    return stripe.client().<ConnectGateway>map(StripeConnect::new).orElseGet(SandboxConnect::new);
  }
}
