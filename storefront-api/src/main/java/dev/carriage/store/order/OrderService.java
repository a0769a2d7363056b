package dev.carriage.store.order;

import dev.carriage.ledger.Account;
import dev.carriage.ledger.Money;
import dev.carriage.ledger.SaleSplit;
import dev.carriage.store.StoreConfig;
import dev.carriage.store.affiliate.AttributionService;
import dev.carriage.store.catalog.Title;
import dev.carriage.store.catalog.TitleView;
import dev.carriage.store.ledger.Journal;
import dev.carriage.store.licence.LicenceService;
import dev.carriage.store.problem.ProblemException;
import dev.carriage.store.problem.ProblemType;
import dev.carriage.store.sale.SaleTerms;
import dev.carriage.store.sale.SaleTermsService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Orders and their state machine. Every status change goes through {@link #transition}, which
 * records it with its cause, issues or revokes the licence and hands the change to the ledger.
 */
@ApplicationScoped
@Transactional
public class OrderService {

  private static final Logger LOG = Logger.getLogger(OrderService.class);

  private final EntityManager entityManager;
  private final LicenceService licences;
  private final AttributionService attributions;
  private final PaymentGateway gateway;
  private final PaymentCalls paymentCalls;
  private final SaleFlow sales;
  private final SaleTermsService saleTerms;
  private final Event<OrderStatusChanged> statusChanges;
  private final Journal journal;
  private final StoreConfig config;
  private final Clock clock;

  public OrderService(
      EntityManager entityManager,
      LicenceService licences,
      AttributionService attributions,
      PaymentGateway gateway,
      PaymentCalls paymentCalls,
      SaleFlow sales,
      SaleTermsService saleTerms,
      Event<OrderStatusChanged> statusChanges,
      Journal journal,
      StoreConfig config,
      Clock clock) {
    this.entityManager = entityManager;
    this.licences = licences;
    this.attributions = attributions;
    this.gateway = gateway;
    this.paymentCalls = paymentCalls;
    this.sales = sales;
    this.saleTerms = saleTerms;
    this.statusChanges = statusChanges;
    this.journal = journal;
    this.config = config;
    this.clock = clock;
  }

  /** The result of a checkout: the order, and whether it is new or the buyer's open one. */
  public record Placed(OrderView order, boolean created) {}

  /**
   * What checkout decided inside its transaction: the order as it stands, and whether its
   * payment is still to be opened at the provider, after the commit ({@link Checkout}).
   */
  public record Prepared(Order order, boolean created, boolean toOpen) {}

  /**
   * Saves the order at the title's current price (or finds the buyer's open one). A buyer who
   * already has an unpaid order for the title gets that one back, so retries and double clicks
   * never make a second order. A new order is attributed to the fan site whose click referred it.
   * Store credit pays at once; a card payment is opened by {@link Checkout} once this commits.
   *
   * @param referralCookie the attribution cookie's value as the browser sent it, or null
   */
  public Prepared prepare(UUID buyerId, OrderRequest request, String referralCookie) {
    licences.lockAccount(buyerId);
    Title title = entityManager.find(Title.class, request.titleId());
    if (title == null) {
      throw ProblemException.invalidField("titleId", "no title has id " + request.titleId());
    }
    if (!title.onSale()) {
      throw new ProblemException(ProblemType.NOT_FOR_SALE, "title " + title.id() + " has been withdrawn from sale");
    }
    if (title.price().minor() <= 0) {
      throw new ProblemException(ProblemType.NOT_FOR_SALE, "title " + title.id() + " has no price to pay (" + title.price() + ")");
    }
    if (licences.ownsForGood(buyerId, title.id())) {
      throw new ProblemException(ProblemType.ALREADY_OWNED, "title " + title.id() + " is already in your library");
    }
    Optional<Order> open = openOrder(buyerId, title.id());
    if (open.isPresent() && request.paysWithStoreCredit() && open.get().status() == OrderStatus.CREATED) {
      if (open.get().paymentOpened()) {
        throw new ProblemException(ProblemType.ORDER_STATE_CONFLICT, "order " + open.get().id()
            + " for this title is waiting for its card payment; pay it, or let it fail, before paying with store credit");
      }
      // Its card payment was never opened (the provider failed, or the store stopped): nothing can pay it now.
      transition(open.get(), OrderStatus.FAILED, "replaced by a store-credit purchase before its card payment opened", null);
    }
    // A failed card order does not stop a store-credit purchase; should its money still come in, it is refunded as a second payment.
    if (open.isPresent() && !request.paysWithStoreCredit()) {
      return new Prepared(open.get(), false, !open.get().paymentOpened());
    }
    SaleTerms terms = saleTerms.terms(title.publisher().id(), title.wholesale());
    try {
      terms.requireFits(title.price());
    } catch (SaleSplit.SharesExceedGross refused) {
      // The rates changed since the price was set: the title waits for its publisher to reprice it.
      throw new ProblemException(ProblemType.NOT_FOR_SALE, "title " + title.id() + " cannot be sold at its price: " + refused.getMessage());
    }
    Instant now = clock.instant();
    Order order = new Order(UUID.randomUUID(), buyerId, title.id(), title.price(), request.affiliateCode(), now);
    order.fixTerms(terms);
    attributions.attribute(buyerId, referralCookie, request.affiliateCode(), now).ifPresent(order::attributeTo);
    if (request.paysWithStoreCredit()) {
      payWithStoreCredit(order);
      return new Prepared(order, true, false);
    }
    order.awaitPaymentFrom(gateway.name());
    entityManager.persist(order);
    entityManager.flush();
    return new Prepared(order, true, true);
  }

  /** The provider opened the order's payment: recorded, unless a concurrent checkout of the same order recorded it first. */
  public Placed paymentOpened(UUID orderId, boolean created, PaymentGateway.OpenedPayment payment) {
    Order order = entityManager.find(Order.class, orderId, LockModeType.PESSIMISTIC_WRITE);
    if (!order.paymentOpened()) {
      order.attachPayment(gateway.name(), payment.paymentId(), payment.clientSecret());
    }
    return new Placed(view(order), created);
  }

  /** The provider could not open the payment: the order fails, so the buyer may retry it or pay another way. */
  public void paymentNotOpened(UUID orderId, String why) {
    Order order = entityManager.find(Order.class, orderId, LockModeType.PESSIMISTIC_WRITE);
    if (!order.paymentOpened() && order.status() == OrderStatus.CREATED) {
      transition(order, OrderStatus.FAILED, "the payment could not be opened: " + why, null);
    }
  }

  /**
   * Pays at once from the buyer's store credit: the credit account is locked (the buyer's own
   * lock already serialises their checkouts) and must cover the price, or nothing is saved.
   */
  private void payWithStoreCredit(Order order) {
    Account credit = Account.storeCredit(order.buyerId());
    journal.lock(credit, order.amount().currency());
    Money available = journal.balance(credit, order.amount().currency());
    if (available.minor() < order.amount().minor()) {
      throw new ProblemException(ProblemType.INSUFFICIENT_STORE_CREDIT,
          "the price is " + order.amount() + " and your store credit is " + available);
    }
    order.attachPayment(PaymentProviderName.STORE_CREDIT, "credit_" + order.id(), "");
    entityManager.persist(order);
    entityManager.flush();
    transition(order, OrderStatus.PAID, "paid with store credit", null);
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public List<OrderView> list(UUID buyerId) {
    return entityManager
        .createQuery("from Order o where o.buyerId = :buyer order by o.createdAt desc, o.id", Order.class)
        .setParameter("buyer", buyerId)
        .setMaxResults(500)
        .getResultStream()
        .map(this::view)
        .toList();
  }

  /** An order its buyer (or an admin) may see; anyone else is told it does not exist. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public OrderView find(UUID callerId, boolean callerIsAdmin, UUID orderId) {
    return view(visibleOrder(callerId, callerIsAdmin, orderId, LockModeType.NONE));
  }

  /** A refund asked for: done already (store credit, or refunded before), or recorded as a call still to make. */
  public record RefundRequested(OrderView order, Optional<UUID> call) {}

  /**
   * Asks for a paid order's refund in full: by its buyer inside the refund window, by an admin
   * at any time. A store-credit order is refunded at once, in the ledger. A card order's refund
   * is recorded as a {@link PaymentCalls payment call} and asked of the provider after this
   * commits ({@link Refunds}). Refunding a refunded order changes nothing.
   */
  public RefundRequested requestRefund(UUID callerId, boolean callerIsAdmin, UUID orderId) {
    Order order = visibleOrder(callerId, callerIsAdmin, orderId, LockModeType.PESSIMISTIC_WRITE);
    if (order.status() == OrderStatus.REFUNDED) {
      return new RefundRequested(view(order), Optional.empty());
    }
    if (order.status() != OrderStatus.PAID) {
      throw new ProblemException(
          ProblemType.ORDER_STATE_CONFLICT, "order " + orderId + " is " + order.status() + "; only a paid order can be refunded");
    }
    boolean asBuyer = order.buyerId().equals(callerId);
    if (!callerIsAdmin) {
      Instant until = refundableUntil(order).orElseThrow();
      if (!clock.instant().isBefore(until)) {
        throw new ProblemException(
            ProblemType.REFUND_WINDOW_CLOSED, "order " + orderId + " could be refunded until " + until + "; ask support");
      }
    }
    String cause = asBuyer ? "refund requested by the buyer" : "refund by admin " + callerId;
    if (order.provider() == PaymentProviderName.STORE_CREDIT) {
      transition(order, OrderStatus.REFUNDED, cause, null); // the credit comes back by the sale's reversal in the ledger
      return new RefundRequested(view(order), Optional.empty());
    }
    return new RefundRequested(view(order), Optional.of(paymentCalls.recordRefund(order.id(), cause)));
  }

  /** The provider took the refund of a recorded call: the order is refunded (unless its event did it first) and the call is done. */
  public void refundTaken(UUID callId, UUID orderId, String cause) {
    Order order = entityManager.find(Order.class, orderId, LockModeType.PESSIMISTIC_WRITE);
    if (order.status().canMoveTo(OrderStatus.REFUNDED)) {
      transition(order, OrderStatus.REFUNDED, cause, null);
    }
    paymentCalls.done(callId);
  }

  /**
   * An order as it is now, read outside any lock, for a payment call to the provider. In a
   * transaction of its own, so the request's session does not keep it stale for later reads.
   */
  public Order order(UUID orderId) {
    return entityManager.find(Order.class, orderId);
  }

  /** Refuses to take money for an order whose buyer already holds the title through another paid order. */
  public void requireNotPaidElsewhere(Order order) {
    Optional<UUID> first = otherPaidOrder(order);
    if (first.isPresent()) {
      throw new ProblemException(ProblemType.ALREADY_OWNED, "title " + order.titleId() + " is already paid for with order " + first.get());
    }
  }

  /** The order paid with this provider payment, locked for a status change. */
  public Optional<Order> lockByPayment(PaymentProviderName provider, String paymentId) {
    return entityManager
        .createQuery("from Order o where o.provider = :provider and o.paymentId = :payment", Order.class)
        .setParameter("provider", provider)
        .setParameter("payment", paymentId)
        .setLockMode(LockModeType.PESSIMISTIC_WRITE)
        .getResultStream()
        .findFirst();
  }

  /**
   * The one way an order changes status: checked against the state machine, recorded with its
   * cause, the licence issued or revoked, and the change handed to the ledger.
   */
  public void transition(Order order, OrderStatus target, String cause, String eventId) {
    OrderStatus from = order.status();
    OrderTransition step = order.moveTo(target, cause, eventId, clock.instant(), config.orders().refundWindow());
    entityManager.persist(step);
    if (target == OrderStatus.PAID) {
      licences.grantForPaidOrder(order.buyerId(), order.titleId(), order.id());
      sales.paid(order);
    } else if (target == OrderStatus.REFUNDED) {
      licences.releaseForOrder(order.id(), otherPaidOrder(order), "order " + order.id() + " was refunded (" + cause + ")");
      sales.reversed(order, step.cause());
    }
    statusChanges.fire(new OrderStatusChanged(
        order.id(), order.buyerId(), order.titleId(), order.amount(), from, target, step.cause(), eventId, step.at()));
    LOG.infof("Order %s: %s -> %s (%s)", order.id(), from, target, cause);
    if (target == OrderStatus.PAID && from != OrderStatus.DISPUTED) {
      refundIfPaidTwice(order);
    }
  }

  /**
   * The buyer already held the title through another paid order, yet this one's money came in
   * too (a late success at the provider): it is given back at once, and recorded as such.
   */
  private void refundIfPaidTwice(Order order) {
    Optional<UUID> first = otherPaidOrder(order);
    if (first.isEmpty()) {
      return;
    }
    LOG.warnf("Order %s paid for title %s, which its buyer already paid for with order %s: refunding it", order.id(), order.titleId(),
        first.get());
    String cause = "refunded automatically: the buyer already paid for this title with order " + first.get();
    if (order.provider() == PaymentProviderName.STORE_CREDIT) {
      transition(order, OrderStatus.REFUNDED, cause, null);
    } else {
      paymentCalls.recordRefund(order.id(), cause); // asked of the provider after this commits
    }
  }

  /** Another order of this buyer for this title that holds it (paid, or disputed), the earliest. */
  private Optional<UUID> otherPaidOrder(Order order) {
    return entityManager
        .createQuery("from Order o where o.buyerId = :buyer and o.titleId = :title and o.id <> :order order by o.paidAt, o.id", Order.class)
        .setParameter("buyer", order.buyerId()).setParameter("title", order.titleId()).setParameter("order", order.id())
        .getResultStream()
        .filter(other -> other.status().holdsTheTitle())
        .map(Order::id)
        .findFirst();
  }

  public OrderView view(Order order) {
    Title title = entityManager.find(Title.class, order.titleId());
    List<OrderView.Step> history = entityManager
        .createQuery("from OrderTransition t where t.orderId = :order order by t.id", OrderTransition.class)
        .setParameter("order", order.id())
        .getResultStream()
        .map(t -> new OrderView.Step(t.from(), t.to(), t.cause(), t.at()))
        .toList();
    String confirmUrl = order.provider() == PaymentProviderName.SANDBOX && order.paymentOpened()
        ? "/api/payments/sandbox/" + order.paymentId() + "/confirm"
        : null;
    return new OrderView(
        order.id(),
        order.titleId(),
        title.name(),
        TitleView.Price.of(order.amount()),
        order.status(),
        order.affiliateCode().orElse(null),
        new OrderView.Payment(order.provider(), order.paymentId(), order.clientSecret(), confirmUrl),
        order.failureReason().orElse(null),
        order.createdAt(),
        order.paidAt().orElse(null),
        refundableUntil(order).orElse(null),
        history);
  }

  private Optional<Instant> refundableUntil(Order order) {
    return order.holdUntil();
  }

  /**
   * The buyer's unpaid order for the title: waiting for payment, or failed (a failed order is
   * retried by paying it again, never by a second order that could be paid beside it).
   */
  private Optional<Order> openOrder(UUID buyerId, UUID titleId) {
    return entityManager
        .createQuery("from Order o where o.buyerId = :buyer and o.titleId = :title and o.status in (:open)"
            + " order by o.createdAt desc, o.id", Order.class)
        .setParameter("buyer", buyerId)
        .setParameter("title", titleId)
        .setParameter("open", List.of(OrderStatus.CREATED, OrderStatus.FAILED))
        .getResultStream()
        .findFirst();
  }

  private Order visibleOrder(UUID callerId, boolean callerIsAdmin, UUID orderId, LockModeType lock) {
    Order order = entityManager.find(Order.class, orderId, lock);
    if (order == null || !(callerIsAdmin || order.buyerId().equals(callerId))) {
      throw ProblemException.notFound("order", orderId);
    }
    return order;
  }
}
