package dev.carriage.store.affiliate;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What an admin reviews: held conversions (to approve or reject), self-referrals and click floods (to watch). */
public record ReviewView(List<CommissionView> held, List<SelfReferral> selfReferrals, List<FloodClick> floodClicks) {

  public record SelfReferral(UUID orderId, UUID siteId, UUID buyerId, Instant orderedAt) {}

  public record FloodClick(UUID clickId, UUID siteId, String visitorHash, String userAgent, Instant clickedAt) {}
}
