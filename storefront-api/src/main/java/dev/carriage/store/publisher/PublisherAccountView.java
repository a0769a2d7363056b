package dev.carriage.store.publisher;

import java.util.List;
import java.util.UUID;

/**
 * A publisher's terms and money: the royalty share their titles without a wholesale price are
 * paid by, how they are paid, and per currency what is pending (sales inside their hold),
 * payable (waiting for the next payout run) and paid out so far.
 */
public record PublisherAccountView(UUID publisherId, int royaltyShareBasisPoints, String payoutMethod, String connectAccountId,
    List<Balance> balances) {

  public record Balance(String currency, long pendingMinor, long payableMinor, long paidMinor) {}
}
