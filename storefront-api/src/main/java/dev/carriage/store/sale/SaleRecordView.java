package dev.carriage.store.sale;

import java.time.Instant;
import java.util.UUID;

/** One sale's record as the operator reads it: its parts, their rates, and what settlement has done. */
public record SaleRecordView(UUID orderId, UUID titleId, UUID publisherId, String currency, long grossMinor, String royaltyBasis,
    Integer royaltyBasisPoints, long royaltyMinor, int poolBasisPoints, long poolMinor, UUID affiliateSiteId, Integer commissionBasisPoints,
    long commissionMinor, long marginMinor, Instant paidAt, Instant holdUntil, boolean poolSettled, boolean royaltyPayable,
    boolean commissionPayable) {

  public static SaleRecordView of(SaleRecord sale) {
    return new SaleRecordView(sale.orderId(), sale.titleId(), sale.publisherId(), sale.gross().currencyCode(), sale.gross().minor(),
        sale.royaltyBasis(), sale.royaltyBasisPoints().orElse(null), sale.royalty().minor(), sale.poolBasisPoints(), sale.pool().minor(),
        sale.affiliateSiteId().orElse(null), sale.commissionBasisPoints().orElse(null), sale.commission().minor(), sale.margin().minor(),
        sale.paidAt(), sale.holdUntil(), sale.poolSettled(), sale.royaltyPayable(), sale.commissionPayable());
  }
}
