package dev.carriage.ledger;

/**
 * The kinds of account in Carriage's book. Postings are signed (a debit is positive, a credit
 * negative); an account's {@link #creditNormal} side says which sign reads as a positive
 * balance, so a liability the store owes a carrier shows as a positive amount.
 */
public enum AccountType {
  /** Money a payment provider holds for the store (owner: the provider, e.g. {@code stripe}). */
  CLEARING(false),
  /** The store's share of sales. */
  REVENUE(true),
  /** The store's part of carrier pools: what its origin carried, and what rounding left. */
  STORE_CARRIAGE(true),
  /** Sales given back: the store's own part of each refund. */
  REFUNDS(false),
  /** Carrier pools of sales whose hold window is still open, not yet split. */
  CARRIER_POOL(true),
  /** What the store owes one carrier node (owner: node id). */
  CARRIER_PAYABLE(true),
  /** Commissions of one fan site still inside their hold (owner: site id). */
  AFFILIATE_PENDING(true),
  /** What the store owes one fan site (owner: site id). */
  AFFILIATE_PAYABLE(true),
  /** Royalties of one publisher's sales still inside their hold (owner: the publisher's account id). */
  PUBLISHER_PENDING(true),
  /** What the store owes one publisher (owner: the publisher's account id). */
  PUBLISHER_PAYABLE(true),
  /** Store credit ("peer cash") an account can spend on purchases (owner: account id). */
  STORE_CREDIT(true),
  /** Cash sent out to payees (owner: the rail, e.g. {@code stripe_connect}). */
  PAYOUTS(false);

  private final boolean creditNormal;

  AccountType(boolean creditNormal) {
    this.creditNormal = creditNormal;
  }

  public boolean creditNormal() {
    return creditNormal;
  }

  /** An account's balance as people read it, from the signed sum of its postings. */
  public long balanceOf(long signedSum) {
    return creditNormal ? Math.negateExact(signedSum) : signedSum;
  }
}
