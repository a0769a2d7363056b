package dev.carriage.store.payout;

import dev.carriage.ledger.Money;
import java.util.UUID;

/** Sends cash to a payee's connected account: Stripe Connect transfers, or the sandbox's imitation. */
public interface TransferGateway {

  /**
   * How long Stripe keeps an idempotency key ("at least 24 hours"). A payout opened longer ago
   * than this may be sent again as a new transfer, so it is looked up first.
   */
  java.time.Duration KEYS_KEPT = java.time.Duration.ofHours(24);

  /**
   * Sends one payout; the payout id is the idempotency key, so sending it again returns the
   * same transfer instead of paying twice.
   *
   * @return the transfer's id
   * @throws TransferRefused the provider refused it for good (a bad or closed account)
   * @throws TransferUnavailable it could not be sent now; the next run sends it again
   */
  String send(UUID payoutId, Money amount, String connectAccountId);

  /**
   * The transfer already made for this payout, found by its transfer group, whatever became of
   * the idempotency key.
   *
   * @throws TransferUnavailable the provider could not be asked now
   */
  java.util.Optional<String> find(UUID payoutId);

  /** The transfer group every payout's transfer carries, by which {@link #find} finds it. */
  static String transferGroup(UUID payoutId) {
    return "payout-" + payoutId;
  }

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
