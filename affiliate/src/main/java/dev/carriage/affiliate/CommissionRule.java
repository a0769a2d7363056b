package dev.carriage.affiliate;

import dev.carriage.ledger.Money;

/**
 * The affiliate's part of a sale: {@code floor(gross × bps / 10000)}; the store keeps what
 * rounding leaves.
 */
public record CommissionRule(int basisPoints) {

  public CommissionRule {
    if (basisPoints < 0 || basisPoints > 10_000) {
      throw new IllegalArgumentException("basisPoints: " + basisPoints + " (expected: 0..10000)");
    }
  }

  public Money of(Money gross) {
    return dev.carriage.ledger.SaleEntries.share(gross, basisPoints);
  }
}
