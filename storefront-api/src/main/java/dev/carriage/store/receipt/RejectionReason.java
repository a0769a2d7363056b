package dev.carriage.store.receipt;

/** Why the store refused a receipt (or part of one). Recorded with every refusal. */
public enum RejectionReason {
  /** The bytes are not a receipt. */
  MALFORMED,
  /** No download session of this store has that id. */
  UNKNOWN_SESSION,
  /** The receipt names another title than its session's ticket. */
  WRONG_TITLE,
  /** The submitting node is not the carrier the receipt names. */
  NOT_THE_NAMED_CARRIER,
  /** The signature is not by the ephemeral key the session's ticket named. */
  BAD_SIGNATURE,
  /** The title's content changed since the session opened; its pieces no longer match. */
  STALE_MANIFEST,
  /** A piece index the manifest does not have. */
  PIECE_OUTSIDE_MANIFEST,
  /** The byte total is not the sum of the named pieces' sizes. */
  BYTES_MISMATCH,
  /** The sequence is not newer than the one already accepted: a replay or an old receipt. */
  REPLAYED,
  /** The session's ticket expired longer ago than the receipt grace: carriage is credited in its own time or not at all. */
  SESSION_EXPIRED,
  /** The carrier belongs to the buyer of the session: carrying for yourself earns nothing. */
  CARRIER_IS_THE_BUYER,
  /** Accepted, but some pieces had already been credited to another source in this session or its sale. */
  PIECES_CREDITED_ELSEWHERE
}
