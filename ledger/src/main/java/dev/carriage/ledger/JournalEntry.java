package dev.carriage.ledger;

import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One immutable movement of money: two or more postings that sum to zero in every currency,
 * an idempotency key (the same key is posted once, ever) and a code saying why.
 */
public record JournalEntry(String idempotencyKey, EntryCode code, String memo, UUID orderId, List<Posting> postings) {

  public static final int KEY_LENGTH_MAX = 200;

  public JournalEntry {
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(memo, "memo");
    if (idempotencyKey.isBlank() || idempotencyKey.length() > KEY_LENGTH_MAX) {
      throw new IllegalArgumentException("idempotency key: '" + idempotencyKey + "' (expected: 1 to " + KEY_LENGTH_MAX + " characters)");
    }
    postings = List.copyOf(postings);
    if (postings.size() < 2) {
      throw new IllegalArgumentException("entry " + idempotencyKey + ": " + postings.size() + " postings (expected: at least 2)");
    }
    Map<Currency, Long> sums = new HashMap<>();
    for (Posting posting : postings) {
      sums.merge(posting.amount().currency(), posting.amount().minor(), Math::addExact);
    }
    sums.forEach((currency, sum) -> {
      if (sum != 0) {
        throw new IllegalArgumentException("entry " + idempotencyKey + " does not balance: " + new Money(sum, currency) + " left over");
      }
    });
  }
}
