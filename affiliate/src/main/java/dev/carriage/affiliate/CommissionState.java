package dev.carriage.affiliate;

/**
 * Where a commission stands. {@code PENDING} becomes payable when the sale's hold (the refund
 * window) closes; the ledger then pays it out.
 *
 * <pre>
 *   HELD ──approve──▶ PENDING ──hold closes──▶ PAYABLE ──payout──▶ PAID
 *     │                  │                        │                  │
 *   reject             refund                   refund            refund
 *     ▼                  ▼                        ▼                  ▼
 *   REJECTED          REVERSED                 REVERSED          CLAWED_BACK
 * </pre>
 */
public enum CommissionState {
  HELD,
  PENDING,
  PAYABLE,
  PAID,
  REJECTED,
  REVERSED,
  CLAWED_BACK;

  /**
   * After the sale is refunded or lost in a dispute. Money not yet paid is reversed; money
   * already paid is clawed back (a negative line the site's next earnings pay back first).
   */
  public CommissionState afterRefund() {
    return switch (this) {
      case HELD, REJECTED -> REJECTED;
      case PENDING, PAYABLE, REVERSED -> REVERSED;
      case PAID, CLAWED_BACK -> CLAWED_BACK;
    };
  }

  public CommissionState afterReview(boolean approved) {
    if (this != HELD) {
      throw new IllegalStateException("only a held commission is reviewed; this one is " + this);
    }
    return approved ? PENDING : REJECTED;
  }

  /** Counted as earned in dashboards (EPC): on its way to the site or already there. */
  public boolean isEarned() {
    return this == PENDING || this == PAYABLE || this == PAID;
  }

  /** The name in JSON and CSV. */
  @Override
  public String toString() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
