package dev.carriage.ledger;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What one sale owes, decided once when it is paid: the publisher's royalty, the carrier pool,
 * the fan site's commission, and the store's margin, which is what is left and never negative.
 * The pool and the commission come out of the store's part, as at Peer Impact; a price whose
 * parts add up past its gross is refused (see {@link #requireFits}), never sold at a loss.
 */
public record SaleSplit(
    Money gross,
    int poolBasisPoints,
    Money pool,
    Optional<Commission> commission,
    RoyaltyTerms royaltyTerms,
    Money royalty,
    Money margin) {

  /** A referred sale's commission: its site, its rate and the amount. */
  public record Commission(UUID siteId, int basisPoints, Money amount) {}

  /** The parts of a price add up past it. */
  public static final class SharesExceedGross extends IllegalArgumentException {
    public SharesExceedGross(String message) {
      super(message);
    }
  }

  public SaleSplit {
    Objects.requireNonNull(gross, "gross");
    Objects.requireNonNull(commission, "commission");
    Objects.requireNonNull(royaltyTerms, "royaltyTerms");
    Money parts = royalty.plus(pool).plus(commission.map(Commission::amount).orElse(Money.zero(gross.currency()))).plus(margin);
    if (!parts.equals(gross) || margin.isNegative()) {
      throw new IllegalArgumentException("sale split of " + gross + " does not add up: royalty " + royalty + ", pool " + pool
          + ", commission " + commission.map(Commission::amount).orElse(null) + ", margin " + margin);
    }
  }

  /**
   * Splits a sale: {@code floor} of each rate on the gross, the royalty as its terms say, the
   * store keeping the rest.
   *
   * @param commissionBasisPoints the referring site's rate, empty when the sale earns no commission
   * @throws SharesExceedGross when the royalty, pool and commission leave a negative margin
   */
  public static SaleSplit of(Money gross, int poolBasisPoints, Optional<UUID> commissionSite, int commissionBasisPoints, RoyaltyTerms royalty) {
    Money pool = SaleEntries.share(gross, poolBasisPoints);
    Optional<Commission> commission = commissionSite.map(site -> new Commission(site, commissionBasisPoints,
        SaleEntries.share(gross, commissionBasisPoints)));
    Money royaltyAmount = royalty.on(gross);
    Money margin = gross.minus(royaltyAmount).minus(pool).minus(commission.map(Commission::amount).orElse(Money.zero(gross.currency())));
    if (margin.isNegative()) {
      throw new SharesExceedGross("a price of " + gross + " does not cover its shares: royalty " + royaltyAmount + " (" + royalty.basis()
          + "), carrier pool " + pool + " (" + poolBasisPoints + " bps)" + commission.map(c -> ", commission " + c.amount() + " ("
          + c.basisPoints() + " bps)").orElse(""));
    }
    return new SaleSplit(gross, poolBasisPoints, pool, commission, royalty, royaltyAmount, margin);
  }

  /**
   * Refuses a price, deal or share under which a referred sale would leave the store a
   * negative margin: checked where prices and terms are set, and again when an order is placed.
   */
  public static void requireFits(Money gross, int poolBasisPoints, int commissionBasisPoints, RoyaltyTerms royalty) {
    of(gross, poolBasisPoints, Optional.of(new UUID(0, 0)), commissionBasisPoints, royalty);
  }

  public Money commissionAmount() {
    return commission.map(Commission::amount).orElse(Money.zero(gross.currency()));
  }
}
