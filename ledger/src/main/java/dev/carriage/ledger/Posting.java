package dev.carriage.ledger;

import java.util.Objects;

/** One line of a journal entry: a signed amount on one account (debit positive, credit negative). */
public record Posting(Account account, Money amount) {

  public Posting {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(amount, "amount");
    if (amount.isZero()) {
      throw new IllegalArgumentException("posting to " + account + ": a zero amount moves nothing");
    }
  }

  public static Posting debit(Account account, Money amount) {
    return new Posting(account, amount);
  }

  public static Posting credit(Account account, Money amount) {
    return new Posting(account, new Money(Math.negateExact(amount.minor()), amount.currency()));
  }
}
