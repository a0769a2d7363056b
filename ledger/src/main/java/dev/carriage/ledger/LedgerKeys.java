package dev.carriage.ledger;

import java.util.UUID;

/**
 * Every journal entry's idempotency key, built here and nowhere else: the key is what makes a
 * posting happen once, so two spellings of one key would be two postings.
 */
public final class LedgerKeys {

  private LedgerKeys() {}

  /** A paid order's sale. */
  public static String sale(UUID orderId) {
    return "sale:" + orderId;
  }

  /** A sale's carrier pool split over the bytes carried. */
  public static String pool(UUID orderId) {
    return "pool:" + orderId;
  }

  /** A sale's commission made payable. */
  public static String commission(UUID orderId) {
    return "commission:" + orderId;
  }

  /** A sale's publisher royalty made payable. */
  public static String royalty(UUID orderId) {
    return "royalty:" + orderId;
  }

  public static String commissionRejected(UUID orderId) {
    return "commission-rejected:" + orderId;
  }

  /** The {@code times}-th hold of a payable commission (a site can be suspended more than once). */
  public static String commissionHeld(UUID orderId, int times) {
    return "commission-held:" + orderId + ":" + times;
  }

  public static String commissionReleased(UUID orderId, int times) {
    return "commission-released:" + orderId + ":" + times;
  }

  /** Everything an order posted, undone (refund or lost dispute). */
  public static String reversal(UUID orderId) {
    return "reversal:" + orderId;
  }

  public static String payout(UUID payoutId) {
    return "payout:" + payoutId;
  }

  public static String payoutFailed(UUID payoutId) {
    return "payout-failed:" + payoutId;
  }

  public static String payoutReversed(UUID payoutId) {
    return "payout-reversed:" + payoutId;
  }
}
