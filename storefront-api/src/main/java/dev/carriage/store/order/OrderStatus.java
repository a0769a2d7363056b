package dev.carriage.store.order;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Where an order stands. The legal moves are listed here and nowhere else:
 *
 * <pre>
 * created ──► paid ──► refunded
 *    │         ▲ │        ▲
 *    ▼         │ ▼        │
 *  failed ─────┘ disputed ┘   (a won dispute goes back to paid, a lost one ends refunded)
 * </pre>
 *
 * A failed order can still become paid: a card payment may be retried on the same payment,
 * and money the provider has taken is always honoured.
 */
public enum OrderStatus {
  CREATED,
  PAID,
  FAILED,
  DISPUTED,
  REFUNDED;

  public Set<OrderStatus> next() {
    return switch (this) {
      case CREATED -> EnumSet.of(PAID, FAILED);
      case FAILED -> EnumSet.of(PAID);
      case PAID -> EnumSet.of(REFUNDED, DISPUTED);
      case DISPUTED -> EnumSet.of(PAID, REFUNDED);
      case REFUNDED -> EnumSet.noneOf(OrderStatus.class);
    };
  }

  /** The buyer has paid and keeps the title: paid, or disputed (still paid until the dispute is lost). */
  public boolean holdsTheTitle() {
    return this == PAID || this == DISPUTED;
  }

  public boolean canMoveTo(OrderStatus target) {
    return next().contains(target);
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
