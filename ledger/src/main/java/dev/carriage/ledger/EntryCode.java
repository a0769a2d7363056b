package dev.carriage.ledger;

/** Why money moved; every journal entry carries one. Values never change meaning. */
public enum EntryCode {
  /** A paid order: gross in, royalty, carrier pool and commission set aside, the margin to revenue. */
  SALE,
  /** A refund or lost dispute: everything the order had posted, reversed. */
  SALE_REVERSED,
  /** A sale's hold closed: its carrier pool split over the bytes carried. */
  POOL_SETTLED,
  /** A sale's hold closed: its fan site's commission became payable. */
  COMMISSION_PAYABLE,
  /** A sale's hold closed: its publisher's royalty became payable. */
  ROYALTY_PAYABLE,
  /** An admin rejected a held commission: it goes back to the store. */
  COMMISSION_REJECTED,
  /** A payable commission held for review (its site was suspended): back to pending until approved. */
  COMMISSION_HELD,
  /** A payable balance paid out (to store credit, or sent by Stripe Connect). */
  PAYOUT,
  /** A Stripe Connect transfer failed or was reversed: the money is owed again. */
  PAYOUT_REVERSED
}
