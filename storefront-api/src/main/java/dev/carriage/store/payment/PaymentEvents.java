package dev.carriage.store.payment;

import dev.carriage.store.order.Order;
import dev.carriage.store.order.OrderService;
import dev.carriage.store.payout.ConnectAccounts;
import dev.carriage.store.payout.ConnectGateway;
import dev.carriage.store.payout.PayoutBook;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Applies payment events to orders, each at most once and in whatever order they arrive. The
 * Stripe webhook and the sandbox both come through here, so they drive the same state machine.
 */
@ApplicationScoped
@Transactional
public class PaymentEvents {

  private static final Logger LOG = Logger.getLogger(PaymentEvents.class);

  private final EntityManager entityManager;
  private final OrderService orders;
  private final PayoutBook payouts;
  private final ConnectAccounts connectAccounts;
  private final PaymentGateways.StripeAccess stripe;
  private final Clock clock;

  public PaymentEvents(EntityManager entityManager, OrderService orders, PayoutBook payouts, ConnectAccounts connectAccounts,
      PaymentGateways.StripeAccess stripe, Clock clock) {
    this.entityManager = entityManager;
    this.orders = orders;
    this.payouts = payouts;
    this.connectAccounts = connectAccounts;
    this.stripe = stripe;
    this.clock = clock;
  }

  /** What happened to an event: {@code duplicate} when its id had been received before. */
  public record Receipt(String eventId, String outcome) {}

  public Receipt receive(PaymentEvent event) {
    if (event.kind() == PaymentEventKind.TRANSFER_REVERSED) {
      return transferReversed(event);
    }
    if (event.kind() == PaymentEventKind.CONNECT_ACCOUNT_READY || event.kind() == PaymentEventKind.CONNECT_ACCOUNT_RESTRICTED) {
      return connectAccountUpdated(event);
    }
    // The order's row lock makes concurrent deliveries of one event take turns, so the
    // duplicate check below sees the first one's row.
    Optional<Order> order =
        event.paymentId() == null ? Optional.empty() : orders.lockByPayment(event.provider(), event.paymentId());
    if (entityManager.find(PaymentEventRecord.class, event.id()) != null) {
      return new Receipt(event.id(), "duplicate");
    }
    Instant now = clock.instant();
    PaymentEventRecord record = new PaymentEventRecord(event, order.map(Order::id).orElse(null), now);
    entityManager.persist(record);
    if (order.isEmpty()) {
      record.ignore(event.paymentId() == null ? "the event names no payment" : "no order has payment " + event.paymentId(), now);
      LOG.warnf("Payment event %s (%s) names no known order; recorded and ignored", event.id(), event.type());
      return new Receipt(event.id(), outcomeName(record));
    }
    Optional<String> mismatch = PaymentMatch.mismatch(event, order.get(), stripe.live());
    if (mismatch.isPresent()) {
      record.mismatch(mismatch.get(), now);
      LOG.errorf("Payment event %s does not match order %s and was kept for review: %s", event.id(), order.get().id(), mismatch.get());
      return new Receipt(event.id(), outcomeName(record));
    }
    if (event.kind() == PaymentEventKind.SUCCEEDED) {
      order.get().recordCharge(event.chargeId());
    }
    if (settle(record, order.get(), now)) {
      settleDeferred(order.get());
    }
    return new Receipt(event.id(), outcomeName(record));
  }

  /** A payout's transfer came back: the payee is owed the amount again. Recorded once, like every event. */
  private Receipt transferReversed(PaymentEvent event) {
    if (entityManager.find(PaymentEventRecord.class, event.id()) != null) {
      return new Receipt(event.id(), "duplicate");
    }
    Instant now = clock.instant();
    PaymentEventRecord record = new PaymentEventRecord(event, null, now);
    entityManager.persist(record);
    if (payouts.reversed(event.paymentId(), event.detail())) {
      record.settle(Reaction.Outcome.APPLIED, now);
    } else {
      record.ignore("no sent payout has transfer " + event.paymentId(), now);
    }
    return new Receipt(event.id(), outcomeName(record));
  }

  /** A Connect account became able (or unable) to receive transfers: payouts to it follow. Recorded once. */
  private Receipt connectAccountUpdated(PaymentEvent event) {
    if (entityManager.find(PaymentEventRecord.class, event.id()) != null) {
      return new Receipt(event.id(), "duplicate");
    }
    Instant now = clock.instant();
    PaymentEventRecord record = new PaymentEventRecord(event, null, now);
    entityManager.persist(record);
    if (event.paymentId() == null || !event.paymentId().startsWith("acct_")) {
      record.ignore("the event names no connect account", now);
    } else {
      boolean ready = event.kind() == PaymentEventKind.CONNECT_ACCOUNT_READY;
      connectAccounts.updated(new ConnectGateway.AccountState(event.paymentId(), ready, !event.detail().endsWith("(onboarding not finished)")));
      record.settle(Reaction.Outcome.APPLIED, now);
    }
    return new Receipt(event.id(), outcomeName(record));
  }

  /** Applies one event if the order's status allows; returns whether the order changed. */
  private boolean settle(PaymentEventRecord record, Order order, Instant now) {
    Reaction reaction = Reaction.to(record.kind(), order.status());
    if (reaction.outcome() == Reaction.Outcome.APPLIED) {
      orders.transition(order, reaction.target().orElseThrow(), record.detail(), record.id());
    }
    record.settle(reaction.outcome(), now);
    return reaction.outcome() == Reaction.Outcome.APPLIED;
  }

  /**
   * Retries the order's waiting events after it changed. Each pass either settles an event or
   * stops, so this ends after at most as many passes as there are waiting events.
   */
  private void settleDeferred(Order order) {
    boolean changed = true;
    while (changed) {
      changed = false;
      List<PaymentEventRecord> waiting = entityManager
          .createQuery(
              "from PaymentEventRecord e where e.orderId = :order and e.outcome = :deferred order by e.receivedAt, e.id",
              PaymentEventRecord.class)
          .setParameter("order", order.id())
          .setParameter("deferred", Reaction.Outcome.DEFERRED)
          .getResultList();
      for (PaymentEventRecord record : waiting) {
        if (settle(record, order, clock.instant())) {
          changed = true;
          break;
        }
      }
    }
  }

  private static String outcomeName(PaymentEventRecord record) {
    return record.outcome().name().toLowerCase(java.util.Locale.ROOT);
  }
}
