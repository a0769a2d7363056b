package dev.carriage.store.payout;

import dev.carriage.ledger.Money;
import java.util.UUID;

/** Sends cash to a payee's connected account: Stripe Connect transfers, or the sandbox's imitation. */
public interface TransferGateway {

  /**
   * Sends one payout; the payout id is the idempotency key, so sending it again returns the
   * same transfer instead of paying twice.
   *
   * @return the transfer's id
   * @throws TransferRefused the provider refused it for good (a bad or closed account)
   * @throws TransferUnavailable it could not be sent now; the next run sends it again
   */
  String send(UUID payoutId, Money amount, String connectAccountId);

  /** Refused for good: the payout fails and its balance is owed again. */
  final class TransferRefused extends RuntimeException {
    public TransferRefused(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Not sent now (network, rate limit, provider error): safe to retry with the same key. */
  final class TransferUnavailable extends RuntimeException {
    public TransferUnavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
