package dev.carriage.ledger;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;

/**
 * An amount of money in the smallest unit of its currency (cents for EUR, yen for JPY).
 *
 * <p>Amounts are never {@code double}: every sum is exact, and overflow throws instead of
 * wrapping. Two amounts of different currencies never meet in one operation.
 */
public record Money(long minor, Currency currency) {

  public Money {
    Objects.requireNonNull(currency, "currency");
    if (currency.getDefaultFractionDigits() < 0) {
      // Pseudo-currencies such as XXX (no currency) or XAU (gold) have no minor unit.
      throw new IllegalArgumentException(
          "currency: " + currency.getCurrencyCode() + " has no minor unit and cannot be sold in");
    }
  }

  public static Money of(long minor, String currencyCode) {
    return new Money(minor, currency(currencyCode));
  }

  /**
   * An amount written in the currency's major unit (9.99 EUR), exactly.
   *
   * @throws ArithmeticException when it has more decimals than the currency's minor unit allows
   */
  public static Money ofMajor(BigDecimal major, Currency currency) {
    return new Money(major.movePointRight(currency.getDefaultFractionDigits()).longValueExact(), currency);
  }

  /** The amount in the currency's major unit, with the currency's decimals (9.99, 500). */
  public BigDecimal major() {
    return BigDecimal.valueOf(minor, currency.getDefaultFractionDigits());
  }

  public static Money zero(Currency currency) {
    return new Money(0, currency);
  }

  /**
   * The ISO 4217 currency for a code, or an exception that names the code. The JDK accepts
   * lowercase codes in some versions and not in others, so only the canonical form is taken.
   */
  public static Currency currency(String currencyCode) {
    Objects.requireNonNull(currencyCode, "currencyCode");
    if (!currencyCode.matches("[A-Z]{3}")) {
      throw new IllegalArgumentException(
          "currency: '" + currencyCode + "' is not an ISO 4217 code (expected three capital letters)");
    }
    try {
      return Currency.getInstance(currencyCode);
    } catch (IllegalArgumentException unknown) {
      throw new IllegalArgumentException("currency: '" + currencyCode + "' is not a known ISO 4217 code");
    }
  }

  public Money plus(Money other) {
    requireSameCurrency(other);
    return new Money(Math.addExact(minor, other.minor), currency);
  }

  public Money minus(Money other) {
    requireSameCurrency(other);
    return new Money(Math.subtractExact(minor, other.minor), currency);
  }

  public boolean isNegative() {
    return minor < 0;
  }

  public boolean isZero() {
    return minor == 0;
  }

  public String currencyCode() {
    return currency.getCurrencyCode();
  }

  private void requireSameCurrency(Money other) {
    if (!currency.equals(other.currency)) {
      throw new IllegalArgumentException(
          "currency mismatch: " + currency.getCurrencyCode() + " and " + other.currency.getCurrencyCode());
    }
  }

  /** Plain decimal form with the currency code, e.g. {@code 19.99 EUR} or {@code 500 JPY}. */
  @Override
  public String toString() {
    return major().toPlainString() + " " + currency.getCurrencyCode();
  }
}
