package dev.carriage.store.ledger;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One account over one period: the balance it opened with, each line with the balance after it, and the closing balance. */
public record Statement(String account, String currency, Instant from, Instant to, long openingMinor, long closingMinor, List<Line> lines) {

  /** A statement lists at most this many lines; ask for a shorter period to see the rest. */
  public static final int LINES_MAX = 1000;

  public record Line(Instant postedAt, String code, String memo, String idempotencyKey, UUID orderId, long amountMinor, long balanceMinor) {}
}
