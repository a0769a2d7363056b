package dev.carriage.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MoneyTest {

  @Test
  void plus_sameCurrency_addsMinorUnits() {
    assertThat(Money.of(1999, "EUR").plus(Money.of(1, "EUR"))).isEqualTo(Money.of(2000, "EUR"));
  }

  @Test
  void minus_belowZero_isNegative() {
    Money result = Money.of(100, "USD").minus(Money.of(250, "USD"));

    assertThat(result.minor()).isEqualTo(-150);
    assertThat(result.isNegative()).isTrue();
  }

  @Test
  void plus_differentCurrencies_isRefused() {
    assertThatThrownBy(() -> Money.of(1, "EUR").plus(Money.of(1, "USD")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("EUR and USD");
  }

  @Test
  void plus_overflow_throwsInsteadOfWrapping() {
    Money nearlyMax = Money.of(Long.MAX_VALUE, "EUR");

    assertThatThrownBy(() -> nearlyMax.plus(Money.of(1, "EUR"))).isInstanceOf(ArithmeticException.class);
  }

  @Test
  void of_unknownOrMalformedCode_namesTheCode() {
    assertThatThrownBy(() -> Money.of(1, "ZZZ")).hasMessageContaining("'ZZZ' is not a known");
    assertThatThrownBy(() -> Money.of(1, "eur")).hasMessageContaining("'eur' is not an ISO 4217 code");
    assertThatThrownBy(() -> Money.of(1, "EURO")).hasMessageContaining("'EURO'");
  }

  @Test
  void of_currencyWithoutMinorUnit_isRefused() {
    assertThatThrownBy(() -> Money.of(1, "XXX")).hasMessageContaining("XXX has no minor unit");
  }

  @Test
  void toString_usesTheCurrencysDecimals() {
    assertThat(Money.of(1999, "EUR")).hasToString("19.99 EUR");
    assertThat(Money.of(500, "JPY")).hasToString("500 JPY");
    assertThat(Money.of(-5, "USD")).hasToString("-0.05 USD");
  }
}
