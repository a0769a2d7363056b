package dev.carriage.store.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.carriage.ledger.Money;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OrderStatusTest {

  private static Order newOrder() {
    return new Order(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), Money.of(1999, "EUR"), null, Instant.EPOCH);
  }

  @Test
  void legalMoves_areExactlyTheDrawnOnes() {
    assertThat(OrderStatus.CREATED.next()).containsExactlyInAnyOrder(OrderStatus.PAID, OrderStatus.FAILED);
    assertThat(OrderStatus.FAILED.next()).containsExactly(OrderStatus.PAID);
    assertThat(OrderStatus.PAID.next()).containsExactlyInAnyOrder(OrderStatus.REFUNDED, OrderStatus.DISPUTED);
    assertThat(OrderStatus.DISPUTED.next()).containsExactlyInAnyOrder(OrderStatus.PAID, OrderStatus.REFUNDED);
    assertThat(OrderStatus.REFUNDED.next()).isEmpty();
  }

  private static final java.time.Duration HOLD = java.time.Duration.ofDays(14);

  @Test
  void illegalMove_isRefused_andLeavesTheOrderAsItWas() {
    Order order = newOrder();

    assertThatThrownBy(() -> order.moveTo(OrderStatus.REFUNDED, "a refund of nothing", null, Instant.EPOCH, HOLD))
        .isInstanceOf(IllegalTransitionException.class)
        .hasMessageContaining("cannot move from created to refunded");
    assertThat(order.status()).isEqualTo(OrderStatus.CREATED);
    assertThat(order.paidAt()).isEmpty();
  }

  @Test
  void move_recordsItsCause_andPaymentSetsPaidAtOnce() {
    Order order = newOrder();
    Instant paid = Instant.parse("2026-01-01T10:00:00Z");

    OrderTransition step = order.moveTo(OrderStatus.PAID, "card", "evt_1", paid, HOLD);
    order.moveTo(OrderStatus.DISPUTED, "dispute", "evt_2", paid.plusSeconds(60), HOLD);
    // Whatever the window is when a dispute is won, the sale keeps the hold it was paid under.
    order.moveTo(OrderStatus.PAID, "dispute won", "evt_3", paid.plusSeconds(120), java.time.Duration.ofDays(60));

    assertThat(step.from()).isEqualTo(OrderStatus.CREATED);
    assertThat(step.to()).isEqualTo(OrderStatus.PAID);
    assertThat(step.cause()).isEqualTo("card");
    assertThat(step.eventId()).isEqualTo("evt_1");
    assertThat(order.paidAt()).contains(paid);
    assertThat(order.holdUntil()).contains(Instant.parse("2026-01-15T10:00:00Z"));
  }

  @Test
  void anOrderMustCostSomething() {
    assertThatThrownBy(() -> new Order(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), Money.of(0, "EUR"), null, Instant.EPOCH))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
