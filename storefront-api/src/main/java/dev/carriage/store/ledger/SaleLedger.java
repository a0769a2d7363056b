package dev.carriage.store.ledger;

import dev.carriage.affiliate.CommissionState;
import dev.carriage.ledger.Account;
import dev.carriage.ledger.SaleEntries;
import dev.carriage.store.StoreConfig;
import dev.carriage.store.affiliate.AffiliateCommission;
import dev.carriage.store.order.Order;
import dev.carriage.store.order.OrderStatus;
import dev.carriage.store.order.OrderStatusChanged;
import dev.carriage.store.order.PaymentProviderName;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Posts each order's money as its status changes, inside the same transaction: a paid order's
 * sale (after the commission service has decided what its fan site earns), and a refunded or
 * lost one's reversal of everything it had posted.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class SaleLedger {

  /** After the commission service (default priority), which decides the commission this reads. */
  static final int AFTER_COMMISSIONS = jakarta.interceptor.Interceptor.Priority.APPLICATION + 1000;
  private static final Logger LOG = Logger.getLogger(SaleLedger.class);

  private final EntityManager entityManager;
  private final Journal journal;
  private final StoreConfig config;

  public SaleLedger(EntityManager entityManager, Journal journal, StoreConfig config) {
    this.entityManager = entityManager;
    this.journal = journal;
    this.config = config;
  }

  void onStatusChange(@Observes @Priority(AFTER_COMMISSIONS) OrderStatusChanged change) {
    if (change.to() == OrderStatus.PAID) {
      postSale(change.orderId());
    } else if (change.to() == OrderStatus.REFUNDED) {
      SaleEntries.reversal(change.orderId(), change.cause(), journal.netForOrder(change.orderId())).ifPresent(journal::post);
    }
  }

  private void postSale(UUID orderId) {
    Order order = entityManager.find(Order.class, orderId);
    Optional<SaleEntries.Commission> commission = Optional.ofNullable(entityManager.find(AffiliateCommission.class, orderId))
        .filter(row -> row.state() == CommissionState.PENDING || row.state() == CommissionState.HELD)
        .map(row -> new SaleEntries.Commission(row.siteId(), row.amount()));
    // A won dispute puts a disputed order back to paid: its sale stands as posted, and the key keeps it so.
    if (journal.post(SaleEntries.sale(orderId, order.amount(), fundingOf(order), config.ledger().carrierPoolBasisPoints(), commission))) {
      LOG.debugf("Posted the sale of order %s (%s)", orderId, order.amount());
    }
  }

  /** Where a sale's money came in: the provider's clearing account, or the buyer's store credit. */
  static Account fundingOf(Order order) {
    return order.provider() == PaymentProviderName.STORE_CREDIT
        ? Account.storeCredit(order.buyerId())
        : Account.clearing(order.provider().toString());
  }

  /** An admin rejected a held commission that the sale had set aside: the store keeps it. */
  public void commissionRejected(AffiliateCommission commission) {
    if (journal.posted("sale:" + commission.orderId())) {
      journal.post(SaleEntries.commissionRejected(commission.orderId(), new SaleEntries.Commission(commission.siteId(), commission.amount())));
    }
  }

  /**
   * A commission held for review: if settlement had already made it payable, it goes back to
   * pending, where no payout can reach it (a payout pays a site's whole payable balance).
   */
  public void commissionHeld(AffiliateCommission commission) {
    int held = count("commission-held:", commission);
    if (journal.posted("commission:" + commission.orderId()) && held == count("commission-released:", commission)) {
      journal.post(SaleEntries.commissionHeld(commission.orderId(), new SaleEntries.Commission(commission.siteId(), commission.amount()), held));
    }
  }

  /** A held commission approved: one that had been taken back from payable is payable again; any other waits for its hold as usual. */
  public void commissionApproved(AffiliateCommission commission) {
    int released = count("commission-released:", commission);
    if (count("commission-held:", commission) > released) {
      journal.post(SaleEntries.commissionReleased(commission.orderId(), new SaleEntries.Commission(commission.siteId(), commission.amount()),
          released));
    }
  }

  /** How many entries of this kind the commission has: holds and releases are numbered, as a site can be suspended more than once. */
  private int count(String kind, AffiliateCommission commission) {
    int times = 0;
    while (journal.posted(kind + commission.orderId() + ":" + times)) {
      times++;
    }
    return times;
  }
}
