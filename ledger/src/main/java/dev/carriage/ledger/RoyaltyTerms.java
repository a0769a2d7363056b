package dev.carriage.ledger;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What a title's publisher is owed on each sale: the deal's wholesale price when its feed gave
 * one, otherwise a share of the gross set on the publisher's account.
 */
public record RoyaltyTerms(UUID publisherId, Optional<Money> wholesale, int shareBasisPoints) {

  /** The share a publisher gets when nothing else was agreed: 70% of gross. */
  public static final int DEFAULT_SHARE_BASIS_POINTS = 7_000;

  public RoyaltyTerms {
    Objects.requireNonNull(publisherId, "publisherId");
    Objects.requireNonNull(wholesale, "wholesale");
    wholesale.ifPresent(price -> {
      if (price.isNegative()) {
        throw new IllegalArgumentException("wholesale price: " + price + " (expected: >= 0)");
      }
    });
    if (shareBasisPoints < 0 || shareBasisPoints > 10_000) {
      throw new IllegalArgumentException("royalty share: " + shareBasisPoints + " basis points (expected: 0 to 10000)");
    }
  }

  public static RoyaltyTerms wholesale(UUID publisherId, Money price) {
    return new RoyaltyTerms(publisherId, Optional.of(price), 0);
  }

  public static RoyaltyTerms share(UUID publisherId, int basisPoints) {
    return new RoyaltyTerms(publisherId, Optional.empty(), basisPoints);
  }

  /** The royalty on one sale of this gross. */
  public Money on(Money gross) {
    if (wholesale.isPresent()) {
      if (!wholesale.get().currency().equals(gross.currency())) {
        throw new IllegalArgumentException("wholesale price " + wholesale.get() + " is not in the sale's currency " + gross.currencyCode());
      }
      return wholesale.get();
    }
    return SaleEntries.share(gross, shareBasisPoints);
  }

  /** {@code wholesale} or {@code share}, as the sale record names its basis. */
  public String basis() {
    return wholesale.isPresent() ? "wholesale" : "share";
  }
}
