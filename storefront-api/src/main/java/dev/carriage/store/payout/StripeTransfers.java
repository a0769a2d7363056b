package dev.carriage.store.payout;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.ApiException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.model.Transfer;
import com.stripe.net.RequestOptions;
import com.stripe.param.TransferCreateParams;
import dev.carriage.ledger.Money;
import java.util.Locale;
import java.util.UUID;

/** Stripe Connect transfers through stripe-java, one per payout, keyed by the payout's id. */
public final class StripeTransfers implements TransferGateway {

  private final StripeClient client;

  public StripeTransfers(StripeClient client) {
    this.client = client;
  }

  @Override
  public String send(UUID payoutId, Money amount, String connectAccountId) {
    TransferCreateParams params = TransferCreateParams.builder()
        .setAmount(amount.minor())
        .setCurrency(amount.currencyCode().toLowerCase(Locale.ROOT))
        .setDestination(connectAccountId)
        .setTransferGroup("payout-" + payoutId)
        .putMetadata("payout_id", payoutId.toString())
        .build();
    try {
      Transfer transfer = client.v1().transfers().create(params,
          RequestOptions.builder().setIdempotencyKey("carriage-payout-" + payoutId).build());
      return transfer.getId();
    } catch (ApiConnectionException | RateLimitException | ApiException retryable) {
      throw new TransferUnavailable("Stripe could not take the transfer now: " + retryable.getMessage(), retryable);
    } catch (StripeException refused) {
      throw new TransferRefused("Stripe refused the transfer: " + refused.getMessage(), refused);
    }
  }
}
