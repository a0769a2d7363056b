package dev.carriage.affiliate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.carriage.ledger.Money;
import java.math.BigDecimal;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class CommissionTest {

  private final CommissionRule fivePercent = new CommissionRule(500);

  @Test
  void commissionIsFloorOfGrossTimesRate() {
    assertThat(fivePercent.of(Money.of(1999, "EUR"))).isEqualTo(Money.of(99, "EUR"));
    assertThat(fivePercent.of(Money.of(2000, "EUR"))).isEqualTo(Money.of(100, "EUR"));
    assertThat(fivePercent.of(Money.of(19, "EUR"))).isEqualTo(Money.of(0, "EUR"));
  }

  @Property
  void commissionNeverExceedsTheExactShare(@ForAll @LongRange(min = 0, max = 1_000_000_000_000L) long gross) {
    long commission = fivePercent.of(Money.of(gross, "EUR")).minor();
    assertThat(commission * 10_000).isLessThanOrEqualTo(gross * 500);
    assertThat((commission + 1) * 10_000).isGreaterThan(gross * 500);
  }

  @Test
  void refundReversesUnpaidMoneyAndClawsBackPaidMoney() {
    assertThat(CommissionState.PENDING.afterRefund()).isEqualTo(CommissionState.REVERSED);
    assertThat(CommissionState.PAYABLE.afterRefund()).isEqualTo(CommissionState.REVERSED);
    assertThat(CommissionState.PAID.afterRefund()).isEqualTo(CommissionState.CLAWED_BACK);
    assertThat(CommissionState.HELD.afterRefund()).isEqualTo(CommissionState.REJECTED);
    assertThat(CommissionState.REVERSED.afterRefund()).isEqualTo(CommissionState.REVERSED);
  }

  @Test
  void onlyHeldCommissionsAreReviewed() {
    assertThat(CommissionState.HELD.afterReview(true)).isEqualTo(CommissionState.PENDING);
    assertThat(CommissionState.HELD.afterReview(false)).isEqualTo(CommissionState.REJECTED);
    assertThatThrownBy(() -> CommissionState.PENDING.afterReview(true)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void ratesAreExactAndZeroWithoutClicks() {
    assertThat(Rates.conversionRate(3, 80)).isEqualByComparingTo(new BigDecimal("0.0375"));
    // 298 / 80 = 3.725: half-even rounds to the even hundredth.
    assertThat(Rates.earningsPerClickMinor(298, 80)).isEqualByComparingTo(new BigDecimal("3.72"));
    assertThat(Rates.conversionRate(0, 0)).isEqualByComparingTo(BigDecimal.ZERO);
  }

  @Test
  void csvQuotesWhatNeedsQuotingAndDefusesFormulas() {
    String csv = new CsvWriter().line(java.util.List.of("day", "a,b", "say \"hi\"", "=HYPERLINK(1)", -5L)).toString();
    assertThat(csv).isEqualTo("day,\"a,b\",\"say \"\"hi\"\"\",'=HYPERLINK(1),-5\r\n");
  }

  @Test
  void generatedCodesAreWellFormed() {
    java.security.SecureRandom random = new java.security.SecureRandom();
    for (int i = 0; i < 100; i++) {
      assertThat(ReferralCode.isWellFormed(ReferralCode.generate(random).value())).isTrue();
    }
    assertThatThrownBy(() -> new ReferralCode("<x>")).hasMessageContaining("referral code");
  }

  @Test
  void fingerprintIsStableAndKeyed() {
    VisitorFingerprint one = new VisitorFingerprint(new byte[32]);
    byte[] otherSecret = new byte[32];
    otherSecret[0] = 1;
    assertThat(one.of("203.0.113.9", "UA")).isEqualTo(one.of("203.0.113.9", "UA")).hasSize(32).doesNotContain("203");
    assertThat(one.of("203.0.113.9", "UA")).isNotEqualTo(new VisitorFingerprint(otherSecret).of("203.0.113.9", "UA"));
    assertThat(one.of("203.0.113.9", "UA")).isNotEqualTo(one.of("203.0.113.10", "UA"));
  }
}
