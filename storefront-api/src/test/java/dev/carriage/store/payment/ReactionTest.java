package dev.carriage.store.payment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carriage.store.order.OrderStatus;
import dev.carriage.store.payment.Reaction.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReactionTest {

  @Test
  void everyAppliedReaction_isALegalTransition() {
    for (PaymentEventKind kind : PaymentEventKind.values()) {
      for (OrderStatus status : OrderStatus.values()) {
        Reaction reaction = Reaction.to(kind, status);
        if (reaction.outcome() == Outcome.APPLIED) {
          assertThat(status.canMoveTo(reaction.target().orElseThrow())).as(kind + " on " + status).isTrue();
        } else {
          assertThat(reaction.target()).isEmpty();
        }
      }
    }
  }

  @Test
  void moneyEventsBeforeThePayment_wait() {
    for (PaymentEventKind kind : List.of(PaymentEventKind.REFUNDED, PaymentEventKind.DISPUTE_OPENED, PaymentEventKind.DISPUTE_LOST)) {
      assertThat(Reaction.to(kind, OrderStatus.CREATED).outcome()).isEqualTo(Outcome.DEFERRED);
      assertThat(Reaction.to(kind, OrderStatus.FAILED).outcome()).isEqualTo(Outcome.DEFERRED);
    }
  }

  /**
   * Whatever order a payment's events arrive in, applying them with deferral ends in the same
   * status as applying them in the order they happened.
   */
  @Test
  void anyArrivalOrder_endsWhereTheTrueOrderEnds() {
    List<List<PaymentEventKind>> histories = List.of(
        List.of(PaymentEventKind.SUCCEEDED, PaymentEventKind.REFUNDED),
        List.of(PaymentEventKind.FAILED, PaymentEventKind.SUCCEEDED, PaymentEventKind.REFUNDED),
        List.of(PaymentEventKind.SUCCEEDED, PaymentEventKind.DISPUTE_OPENED, PaymentEventKind.DISPUTE_LOST),
        List.of(PaymentEventKind.SUCCEEDED, PaymentEventKind.DISPUTE_OPENED, PaymentEventKind.DISPUTE_WON),
        List.of(PaymentEventKind.SUCCEEDED, PaymentEventKind.DISPUTE_OPENED, PaymentEventKind.DISPUTE_WON, PaymentEventKind.REFUNDED));
    Random random = new Random(5);
    for (List<PaymentEventKind> history : histories) {
      OrderStatus expected = replay(history);
      for (int shuffle = 0; shuffle < 50; shuffle++) {
        List<PaymentEventKind> arrival = new ArrayList<>(history);
        java.util.Collections.shuffle(arrival, random);
        assertThat(replay(arrival)).as("arrival " + arrival).isEqualTo(expected);
      }
    }
  }

  /** The same loop as {@code PaymentEvents}: apply, and after each change retry what waits. */
  private static OrderStatus replay(List<PaymentEventKind> arrival) {
    OrderStatus status = OrderStatus.CREATED;
    List<PaymentEventKind> waiting = new ArrayList<>();
    for (PaymentEventKind kind : arrival) {
      Reaction reaction = Reaction.to(kind, status);
      if (reaction.outcome() == Outcome.DEFERRED) {
        waiting.add(kind);
        continue;
      }
      if (reaction.outcome() != Outcome.APPLIED) {
        continue;
      }
      status = reaction.target().orElseThrow();
      boolean changed = true;
      while (changed) {
        changed = false;
        for (PaymentEventKind held : List.copyOf(waiting)) {
          Reaction retry = Reaction.to(held, status);
          if (retry.outcome() != Outcome.DEFERRED) {
            waiting.remove(held);
          }
          if (retry.outcome() == Outcome.APPLIED) {
            status = retry.target().orElseThrow();
            changed = true;
            break;
          }
        }
      }
    }
    return status;
  }
}
