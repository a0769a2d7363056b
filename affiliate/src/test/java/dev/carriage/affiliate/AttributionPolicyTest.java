package dev.carriage.affiliate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AttributionPolicyTest {

  private static final Instant ORDERED_AT = Instant.parse("2026-06-30T12:00:00Z");
  private final AttributionPolicy policy = new AttributionPolicy(Duration.ofDays(30), Duration.ofSeconds(5));
  private final UUID buyer = UUID.randomUUID();

  @Test
  void lastClickWins() {
    ClickCandidate first = click(UUID.randomUUID(), Duration.ofDays(3));
    ClickCandidate second = click(UUID.randomUUID(), Duration.ofHours(2));

    Attribution attribution = policy.attribute(List.of(second, first), buyer, ORDERED_AT).orElseThrow();

    assertThat(attribution.outcome()).isEqualTo(AttributionOutcome.ATTRIBUTED);
    assertThat(attribution.clickId()).isEqualTo(second.clickId());
  }

  @Test
  void clickOlderThanWindowIsExpired_andAClickExactlyAtTheWindowStillCounts() {
    assertThat(policy.attribute(List.of(click(UUID.randomUUID(), Duration.ofDays(31))), buyer, ORDERED_AT))
        .get().extracting(Attribution::outcome).isEqualTo(AttributionOutcome.EXPIRED);
    assertThat(policy.attribute(List.of(click(UUID.randomUUID(), Duration.ofDays(30))), buyer, ORDERED_AT))
        .get().extracting(Attribution::outcome).isEqualTo(AttributionOutcome.ATTRIBUTED);
  }

  @Test
  void selfReferralSuspendedSiteTooFastAndFloodAreNotPaid() {
    ClickCandidate own = new ClickCandidate(UUID.randomUUID(), UUID.randomUUID(), buyer, false, ORDERED_AT.minusSeconds(600), false);
    ClickCandidate suspended = new ClickCandidate(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), true, ORDERED_AT.minusSeconds(600), false);
    ClickCandidate fast = click(UUID.randomUUID(), Duration.ofSeconds(4));
    ClickCandidate flood = new ClickCandidate(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), false, ORDERED_AT.minusSeconds(600), true);

    assertThat(outcome(own)).isEqualTo(AttributionOutcome.SELF_REFERRAL);
    assertThat(outcome(suspended)).isEqualTo(AttributionOutcome.SITE_SUSPENDED);
    assertThat(outcome(fast)).isEqualTo(AttributionOutcome.HELD_TOO_FAST);
    assertThat(outcome(flood)).isEqualTo(AttributionOutcome.HELD_CLICK_FLOOD);
    assertThat(outcome(click(UUID.randomUUID(), Duration.ofSeconds(5)))).isEqualTo(AttributionOutcome.ATTRIBUTED);
  }

  @Test
  void disqualifiedLastClickDoesNotHandTheSaleToAnOlderSite() {
    ClickCandidate older = click(UUID.randomUUID(), Duration.ofDays(2));
    ClickCandidate ownLatest = new ClickCandidate(UUID.randomUUID(), UUID.randomUUID(), buyer, false, ORDERED_AT.minusSeconds(60), false);

    Attribution attribution = policy.attribute(List.of(older, ownLatest), buyer, ORDERED_AT).orElseThrow();

    assertThat(attribution.outcome()).isEqualTo(AttributionOutcome.SELF_REFERRAL);
    assertThat(attribution.clickId()).isEqualTo(ownLatest.clickId());
  }

  @Test
  void noClickOrOnlyLaterClicksMeanNoAttribution() {
    assertThat(policy.attribute(List.of(), buyer, ORDERED_AT)).isEmpty();
    ClickCandidate later = new ClickCandidate(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), false, ORDERED_AT.plusSeconds(1), false);
    assertThat(policy.attribute(List.of(later), buyer, ORDERED_AT)).isEmpty();
  }

  @Test
  void policyRefusesNonsenseSettings() {
    assertThatThrownBy(() -> new AttributionPolicy(Duration.ZERO, Duration.ZERO)).hasMessageContaining("window");
    assertThatThrownBy(() -> new AttributionPolicy(Duration.ofDays(1), Duration.ofDays(2))).hasMessageContaining("minimumDelay");
  }

  private AttributionOutcome outcome(ClickCandidate click) {
    return policy.attribute(List.of(click), buyer, ORDERED_AT).orElseThrow().outcome();
  }

  private static ClickCandidate click(UUID siteId, Duration before) {
    return new ClickCandidate(UUID.randomUUID(), siteId, UUID.randomUUID(), false, ORDERED_AT.minus(before), false);
  }
}
