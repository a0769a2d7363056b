package dev.carriage.store.sale;

import dev.carriage.ledger.Money;
import dev.carriage.ledger.RoyaltyTerms;
import dev.carriage.ledger.SaleSplit;
import java.util.Optional;
import java.util.UUID;

/**
 * The rates and royalty an order is placed under: fixed on the order at checkout, after
 * {@link #requireFits} said they leave the store a margin, and used to split the sale when it
 * is paid, whatever the configuration or the publisher's terms say by then.
 */
public record SaleTerms(int poolBasisPoints, int commissionBasisPoints, RoyaltyTerms royalty) {

  /** The split of a sale of {@code gross}, with a commission when {@code commissionSite} is present. */
  public SaleSplit split(Money gross, Optional<UUID> commissionSite) {
    return SaleSplit.of(gross, poolBasisPoints, commissionSite, commissionBasisPoints, royalty);
  }

  /** @throws SaleSplit.SharesExceedGross when a referred sale at this price would leave a negative margin */
  public void requireFits(Money gross) {
    SaleSplit.requireFits(gross, poolBasisPoints, commissionBasisPoints, royalty);
  }
}
