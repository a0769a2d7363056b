package dev.carriage.store.ledger;

import dev.carriage.ledger.Account;
import dev.carriage.ledger.AccountType;
import dev.carriage.ledger.Money;
import dev.carriage.store.problem.ProblemException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Currency;
import java.util.Locale;

/**
 * An operator's words for the book, as the admin API and the admin pages take them: an account
 * type ({@code carrier_payable}), an account ({@code CARRIER_PAYABLE:<node id>} or a bare type),
 * a currency, an instant. Each wrong one is a 400 naming its field.
 */
public final class AccountNames {

  private AccountNames() {}

  public static AccountType type(String field, String value) {
    try {
      return AccountType.valueOf(value == null ? "" : value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException unknown) {
      throw ProblemException.invalidField(field, "one of " + java.util.Arrays.toString(AccountType.values()));
    }
  }

  public static Account account(String field, String value) {
    if (value == null || value.isBlank()) {
      throw ProblemException.invalidField(field, "is required, as TYPE or TYPE:owner");
    }
    String name = value.strip();
    int colon = name.indexOf(':');
    AccountType type = type(field, colon < 0 ? name : name.substring(0, colon));
    try {
      return new Account(type, colon < 0 ? "" : name.substring(colon + 1));
    } catch (IllegalArgumentException invalid) {
      throw ProblemException.invalidField(field, invalid.getMessage());
    }
  }

  public static Currency currency(String field, String value) {
    try {
      return Money.currency(value == null ? "" : value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException invalid) {
      throw ProblemException.invalidField(field, invalid.getMessage());
    }
  }

  /** An ISO-8601 instant, or {@code fallback} when absent. */
  public static Instant instant(String field, String value, Instant fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Instant.parse(value.strip());
    } catch (DateTimeParseException notInstant) {
      throw ProblemException.invalidField(field, "must be an ISO-8601 instant such as 2026-11-01T00:00:00Z");
    }
  }
}
