package dev.carriage.store.web;

import dev.carriage.ledger.Money;
import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.Locale;

/**
 * Amounts as a reader of the page expects them: the currency's symbol and the reader's own
 * digits and separators. Only ever formats what the services computed; no page does arithmetic
 * on money.
 */
public final class MoneyFormat {

  private MoneyFormat() {}

  public static String format(long minor, String currencyCode, Locale locale) {
    Currency currency = Money.currency(currencyCode);
    int digits = Math.max(0, currency.getDefaultFractionDigits());
    NumberFormat format = NumberFormat.getCurrencyInstance(locale);
    format.setCurrency(currency);
    format.setMinimumFractionDigits(digits);
    format.setMaximumFractionDigits(digits);
    return format.format(BigDecimal.valueOf(minor, digits));
  }

  /** For shares carried in fractions of a minor unit (a carrier's provisional micro-cents). */
  public static String format(BigDecimal major, String currencyCode, Locale locale, int extraDigits) {
    Currency currency = Money.currency(currencyCode);
    int digits = Math.max(0, currency.getDefaultFractionDigits()) + extraDigits;
    NumberFormat format = NumberFormat.getCurrencyInstance(locale);
    format.setCurrency(currency);
    format.setMinimumFractionDigits(digits);
    format.setMaximumFractionDigits(digits);
    return format.format(major);
  }
}
