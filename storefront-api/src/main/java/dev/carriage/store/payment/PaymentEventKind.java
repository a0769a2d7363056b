package dev.carriage.store.payment;

/** What a provider's event says happened to a payment, in the store's own terms. */
public enum PaymentEventKind {
  SUCCEEDED,
  FAILED,
  /** The whole amount went back to the buyer. */
  REFUNDED,
  /** Part of the amount went back; the store does not split orders, so a person looks at it. */
  PARTIALLY_REFUNDED,
  DISPUTE_OPENED,
  DISPUTE_WON,
  DISPUTE_LOST,
  /** A Stripe Connect transfer (a payout) was reversed; the payment id is the transfer's id. */
  TRANSFER_REVERSED,
  /** Stripe says a Connect account can receive transfers; the payment id is the account's id. */
  CONNECT_ACCOUNT_READY,
  /** Stripe says a Connect account cannot receive transfers (yet, or any more). */
  CONNECT_ACCOUNT_RESTRICTED,
  /** An event type the store subscribes to but does not act on. */
  OTHER
}
