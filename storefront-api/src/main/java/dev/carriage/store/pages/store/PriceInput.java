package dev.carriage.store.pages.store;

import java.math.BigDecimal;

/**
 * A price a visitor typed in a filter ("10", "9.99") as minor units for the catalog, which
 * checks the range and names the field. Text that is not a number is passed on unchanged, so
 * the catalog's own check names it.
 */
public final class PriceInput {

  private PriceInput() {}

  /** A price typed in major units ("9.99") as minor units of {@code currency}; a 400 naming {@code field} when it is not one. */
  public static long minorUnits(String field, String typed, String currency) {
    try {
      return dev.carriage.ledger.Money.ofMajor(new BigDecimal(String.valueOf(typed).strip()),
          dev.carriage.ledger.Money.currency(String.valueOf(currency))).minor();
    } catch (IllegalArgumentException | ArithmeticException notAPrice) {
      throw dev.carriage.store.problem.ProblemException.invalidField(field, "'" + typed + "' is not a price in " + currency);
    }
  }

  static String toMinor(String typed) {
    if (typed == null || typed.isBlank()) {
      return null;
    }
    try {
      BigDecimal major = new BigDecimal(typed.strip());
      if (major.scale() > 2 || major.precision() > 15) {
        return typed;
      }
      return major.movePointRight(2).toBigIntegerExact().toString();
    } catch (NumberFormatException | ArithmeticException notAPrice) {
      return typed;
    }
  }
}
