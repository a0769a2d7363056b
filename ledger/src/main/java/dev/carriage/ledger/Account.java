package dev.carriage.ledger;

import java.util.Objects;
import java.util.UUID;

/** One account of the book: a type and, for per-party accounts, whose it is. */
public record Account(AccountType type, String owner) implements Comparable<Account> {

  public static final int OWNER_LENGTH_MAX = 64;

  public Account {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(owner, "owner");
    if (owner.length() > OWNER_LENGTH_MAX || !owner.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException("account owner: '" + owner + "' (expected: up to " + OWNER_LENGTH_MAX + " printable characters)");
    }
  }

  public static Account of(AccountType type) {
    return new Account(type, "");
  }

  public static Account clearing(String provider) {
    return new Account(AccountType.CLEARING, provider);
  }

  public static Account carrierPayable(UUID nodeId) {
    return new Account(AccountType.CARRIER_PAYABLE, nodeId.toString());
  }

  public static Account affiliatePending(UUID siteId) {
    return new Account(AccountType.AFFILIATE_PENDING, siteId.toString());
  }

  public static Account affiliatePayable(UUID siteId) {
    return new Account(AccountType.AFFILIATE_PAYABLE, siteId.toString());
  }

  public static Account publisherPending(UUID publisherId) {
    return new Account(AccountType.PUBLISHER_PENDING, publisherId.toString());
  }

  public static Account publisherPayable(UUID publisherId) {
    return new Account(AccountType.PUBLISHER_PAYABLE, publisherId.toString());
  }

  public static Account storeCredit(UUID accountId) {
    return new Account(AccountType.STORE_CREDIT, accountId.toString());
  }

  public static Account payouts(String rail) {
    return new Account(AccountType.PAYOUTS, rail);
  }

  @Override
  public int compareTo(Account other) {
    int byType = type.compareTo(other.type);
    return byType != 0 ? byType : owner.compareTo(other.owner);
  }

  @Override
  public String toString() {
    return owner.isEmpty() ? type.name() : type.name() + ":" + owner;
  }
}
