package dev.carriage.store.payout;

import dev.carriage.ledger.AccountType;

/** Who can be paid out, and the payable account that holds what they are owed. */
public enum PayeeType {
  CARRIER(AccountType.CARRIER_PAYABLE),
  AFFILIATE(AccountType.AFFILIATE_PAYABLE),
  PUBLISHER(AccountType.PUBLISHER_PAYABLE);

  private final AccountType payable;

  PayeeType(AccountType payable) {
    this.payable = payable;
  }

  public AccountType payable() {
    return payable;
  }

  public static PayeeType of(AccountType payable) {
    for (PayeeType type : values()) {
      if (type.payable == payable) {
        return type;
      }
    }
    throw new IllegalArgumentException(payable + " is not a payable account");
  }
}
