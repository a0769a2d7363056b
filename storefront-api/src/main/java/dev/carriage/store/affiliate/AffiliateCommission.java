package dev.carriage.store.affiliate;

import dev.carriage.affiliate.CommissionState;
import dev.carriage.ledger.Money;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** What one paid, attributed order earns its site, and where that stands. */
@Entity
@Table(name = "affiliate_commission")
public class AffiliateCommission {

  @Id
  @Column(name = "order_id")
  private UUID orderId;

  @Column(name = "site_id", nullable = false, updatable = false)
  private UUID siteId;

  @Column(name = "click_id", nullable = false, updatable = false)
  private UUID clickId;

  @Column(name = "title_id", nullable = false, updatable = false)
  private UUID titleId;

  @Column(name = "gross_minor", nullable = false, updatable = false)
  private long grossMinor;

  @Column(name = "amount_minor", nullable = false, updatable = false)
  private long amountMinor;

  @Column(nullable = false, updatable = false)
  private String currency;

  @Column(name = "basis_points", nullable = false, updatable = false)
  private int basisPoints;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private CommissionState state;

  @Column(nullable = false)
  private String reason;

  @Column(name = "earned_at", nullable = false, updatable = false)
  private Instant earnedAt;

  @Column(name = "hold_until", nullable = false, updatable = false)
  private Instant holdUntil;

  @Column(name = "reviewed_by")
  private UUID reviewedBy;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  @Version private long version;

  protected AffiliateCommission() {}

  AffiliateCommission(UUID orderId, UUID siteId, UUID clickId, UUID titleId, Money gross, Money amount, int basisPoints,
      CommissionState state, String reason, Instant earnedAt, Instant holdUntil) {
    this.orderId = orderId;
    this.siteId = siteId;
    this.clickId = clickId;
    this.titleId = titleId;
    this.grossMinor = gross.minor();
    this.amountMinor = amount.minor();
    this.currency = gross.currencyCode();
    this.basisPoints = basisPoints;
    this.state = state;
    this.reason = reason;
    this.earnedAt = earnedAt;
    this.holdUntil = holdUntil;
    this.updatedAt = earnedAt;
  }

  /**
   * The state as of {@code now}: a pending commission whose hold has closed is payable. The
   * settlement job records that step in the ledger; until it runs, the figure is the same.
   */
  public CommissionState stateAt(Instant now) {
    return state == CommissionState.PENDING && !now.isBefore(holdUntil) ? CommissionState.PAYABLE : state;
  }

  /** The state as recorded, without reading a closed hold as payable. */
  public CommissionState state() {
    return state;
  }

  /** Paid out with its site's payable balance. */
  public void paidOut(UUID payoutId, Instant now) {
    if (stateAt(now) == CommissionState.PAYABLE) {
      move(CommissionState.PAID, "paid out in payout " + payoutId, now);
    }
  }

  /** Its site was suspended before it was paid: held for the operator to approve or reject. */
  void heldForReview(String why, Instant now) {
    if (state == CommissionState.PENDING) {
      move(CommissionState.HELD, why, now);
    }
  }

  void refunded(String why, Instant now) {
    move(stateAt(now).afterRefund(), why, now);
  }

  void reviewed(boolean approved, UUID adminId, Instant now) {
    move(state.afterReview(approved), approved ? "approved by admin " + adminId : "rejected by admin " + adminId, now);
    reviewedBy = adminId;
  }

  private void move(CommissionState next, String why, Instant now) {
    if (next != state) {
      state = next;
      reason = why;
      updatedAt = now;
    }
  }

  public UUID orderId() {
    return orderId;
  }

  public UUID siteId() {
    return siteId;
  }

  public UUID clickId() {
    return clickId;
  }

  public UUID titleId() {
    return titleId;
  }

  public Money gross() {
    return Money.of(grossMinor, currency);
  }

  public Money amount() {
    return Money.of(amountMinor, currency);
  }

  public int basisPoints() {
    return basisPoints;
  }

  public String reason() {
    return reason;
  }

  public Instant earnedAt() {
    return earnedAt;
  }

  public Instant holdUntil() {
    return holdUntil;
  }
}
