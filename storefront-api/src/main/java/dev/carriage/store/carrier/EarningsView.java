package dev.carriage.store.carrier;

import dev.carriage.store.ledger.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * {@code GET /api/carrier/earnings}: per node of the caller, the verified bytes it carried in
 * the period (per title, per day) and its money per currency:
 * <ul>
 *   <li>{@code provisional}: its share of sales still inside their hold window, from the
 *       receipts accepted so far; it can still grow (more receipts) or vanish (a refund);
 *   <li>{@code pending}: its share of sales whose hold has closed but that the settlement job
 *       has not settled yet;
 *   <li>{@code payable}: settled and not yet paid out (negative after a clawback);
 *   <li>{@code paid}: paid out, all time.
 * </ul>
 */
public record EarningsView(Instant from, Instant to, List<Node> nodes) {

  public record Node(UUID nodeId, String name, boolean origin, long bytesCarried, List<TitleBytes> byTitle, List<DayBytes> byDay,
      List<Money> money, List<Statement> statements) {}

  public record TitleBytes(UUID titleId, String title, long bytes, long sessions) {}

  public record DayBytes(LocalDate day, long bytes) {}

  /** @param estimatePer30DaysMinor the period's pace, if carriage stays as it is (see CarriageEstimate) */
  public record Money(String currency, long provisionalMinor, long pendingMinor, long payableMinor, long paidMinor,
      long estimatePer30DaysMinor) {}
}
