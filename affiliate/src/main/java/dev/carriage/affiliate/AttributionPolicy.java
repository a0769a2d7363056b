package dev.carriage.affiliate;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Last click wins, within the window. Only the latest click (from the buyer's cookie or
 * recorded on their account) is judged: when it is disqualified (self-referral, suspended
 * site), an older click from another site does not inherit the sale, because the buyer's
 * last choice was not that site.
 *
 * @param window how long a click may lead to a sale (default 30 days)
 * @param minimumDelay an order placed sooner than this after its click is held for review
 */
public record AttributionPolicy(Duration window, Duration minimumDelay) {

  private static final Comparator<ClickCandidate> LATEST_FIRST =
      Comparator.comparing(ClickCandidate::clickedAt).thenComparing(ClickCandidate::clickId).reversed();

  public AttributionPolicy {
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(minimumDelay, "minimumDelay");
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window: " + window + " (expected: > 0)");
    }
    if (minimumDelay.isNegative() || minimumDelay.compareTo(window) >= 0) {
      throw new IllegalArgumentException("minimumDelay: " + minimumDelay + " (expected: >= 0 and < window)");
    }
  }

  /** Empty when no click could be the order's: none at all, or none before the order. */
  public Optional<Attribution> attribute(Collection<ClickCandidate> clicks, UUID buyerId, Instant orderedAt) {
    return clicks.stream()
        .filter(click -> !click.clickedAt().isAfter(orderedAt))
        .min(LATEST_FIRST)
        .map(latest -> new Attribution(judge(latest, buyerId, orderedAt), latest.clickId(), latest.siteId()));
  }

  private AttributionOutcome judge(ClickCandidate click, UUID buyerId, Instant orderedAt) {
    Duration age = Duration.between(click.clickedAt(), orderedAt);
    if (age.compareTo(window) > 0) {
      return AttributionOutcome.EXPIRED;
    }
    if (click.siteOwnerId().equals(buyerId)) {
      return AttributionOutcome.SELF_REFERRAL;
    }
    if (click.siteSuspended()) {
      return AttributionOutcome.SITE_SUSPENDED;
    }
    if (age.compareTo(minimumDelay) < 0) {
      return AttributionOutcome.HELD_TOO_FAST;
    }
    if (click.flood()) {
      return AttributionOutcome.HELD_CLICK_FLOOD;
    }
    return AttributionOutcome.ATTRIBUTED;
  }
}
