package dev.carriage.store.payout;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.ApiException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.model.Transfer;
import com.stripe.net.RequestOptions;
import com.stripe.param.TransferCreateParams;
import com.stripe.param.TransferListParams;
import dev.carriage.ledger.Money;
import java.util.Locale;
import java.util.Optional;
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
        .setTransferGroup(TransferGateway.transferGroup(payoutId))
        .putMetadata("payout_id", payoutId.toString())
        .build();
    try {
      Transfer transfer = client.v1().transfers().create(params,
          RequestOptions.builder().setIdempotencyKey("carriage-payout-" + payoutId).build());
      return transfer.getId();
    } catch (IdempotencyException conflict) {
      // Not a refusal: the same key is in flight elsewhere, or was used with other parameters. What was made stands.
      return find(payoutId).orElseThrow(() -> new TransferUnavailable(
          "Stripe reported an idempotency conflict and holds no transfer for the payout yet: " + conflict.getMessage(), conflict));
    } catch (ApiConnectionException | RateLimitException | ApiException retryable) {
      throw new TransferUnavailable("Stripe could not take the transfer now: " + retryable.getMessage(), retryable);
    } catch (StripeException refused) {
      throw new TransferRefused("Stripe refused the transfer: " + refused.getMessage(), refused);
    }
  }

  @Override
  public Optional<String> find(UUID payoutId) {
    TransferListParams params = TransferListParams.builder().setTransferGroup(TransferGateway.transferGroup(payoutId)).setLimit(10L).build();
    try {
      return client.v1().transfers().list(params).getData().stream()
          .filter(transfer -> payoutId.toString().equals(transfer.getMetadata() == null ? null : transfer.getMetadata().get("payout_id")))
          .map(Transfer::getId).findFirst();
    } catch (StripeException unavailable) {
      throw new TransferUnavailable("Stripe could not be asked for the payout's transfer: " + unavailable.getMessage(), unavailable);
    }
  }
}
