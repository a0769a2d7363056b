package dev.carriage.store.affiliate;

import dev.carriage.affiliate.CommissionState;
import dev.carriage.store.catalog.TitleView;
import java.time.Instant;
import java.util.UUID;

/** One order's commission, as its site's owner or an admin sees it. */
public record CommissionView(
    UUID orderId,
    UUID siteId,
    UUID titleId,
    TitleView.Price gross,
    TitleView.Price commission,
    CommissionState state,
    String reason,
    Instant earnedAt,
    Instant payableFrom) {

  static CommissionView of(AffiliateCommission commission, Instant now) {
    return new CommissionView(
        commission.orderId(),
        commission.siteId(),
        commission.titleId(),
        TitleView.Price.of(commission.gross()),
        TitleView.Price.of(commission.amount()),
        commission.stateAt(now),
        commission.reason(),
        commission.earnedAt(),
        commission.holdUntil());
  }
}
