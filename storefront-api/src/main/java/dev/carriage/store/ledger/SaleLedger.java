package dev.carriage.store.ledger;

import dev.carriage.ledger.Account;
import dev.carriage.ledger.LedgerKeys;
import dev.carriage.ledger.SaleEntries;
import dev.carriage.ledger.SaleSplit;
import dev.carriage.store.affiliate.AffiliateCommission;
import dev.carriage.store.order.Order;
import dev.carriage.store.order.PaymentProviderName;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Posts a sale's money, inside the transaction of the order's status change: its sale entry when
 * it is paid, the reversal of everything it had posted when it is refunded or lost, and the
 * commission's holds and reviews in between. Called by the sale's flow ({@code SaleFlow}).
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class SaleLedger {

  private static final Logger LOG = Logger.getLogger(SaleLedger.class);

  private final Journal journal;

  public SaleLedger(Journal journal) {
    this.journal = journal;
  }

  /** A paid order's sale entry, exactly as its split says; posted once, whatever calls again. */
  public void postSale(Order order, SaleSplit split) {
    if (journal.post(SaleEntries.sale(order.id(), split, fundingOf(order)))) {
      LOG.debugf("Posted the sale of order %s (%s)", order.id(), split.gross());
    }
  }

  /** A refunded or lost sale: everything it had posted goes back where it came from. */
  public void reverse(UUID orderId, String why) {
    SaleEntries.reversal(orderId, why, journal.netForOrder(orderId)).ifPresent(journal::post);
  }

  /** Where a sale's money came in: the provider's clearing account, or the buyer's store credit. */
  static Account fundingOf(Order order) {
    return order.provider() == PaymentProviderName.STORE_CREDIT
        ? Account.storeCredit(order.buyerId())
        : Account.clearing(order.provider().toString());
  }

  /** An admin rejected a held commission that the sale had set aside: the store keeps it. */
  public void commissionRejected(AffiliateCommission commission) {
    if (journal.posted(LedgerKeys.sale(commission.orderId()))) {
      journal.post(SaleEntries.commissionRejected(commission.orderId(), new SaleEntries.Commission(commission.siteId(), commission.amount())));
    }
  }

  /**
   * A commission held for review: if settlement had already made it payable, it goes back to
   * pending, where no payout can reach it (a payout pays a site's whole payable balance).
   */
  public void commissionHeld(AffiliateCommission commission) {
    int held = count(times -> LedgerKeys.commissionHeld(commission.orderId(), times));
    if (journal.posted(LedgerKeys.commission(commission.orderId()))
        && held == count(times -> LedgerKeys.commissionReleased(commission.orderId(), times))) {
      journal.post(SaleEntries.commissionHeld(commission.orderId(), new SaleEntries.Commission(commission.siteId(), commission.amount()), held));
    }
  }

  /** A held commission approved: one that had been taken back from payable is payable again; any other waits for its hold as usual. */
  public void commissionApproved(AffiliateCommission commission) {
    int released = count(times -> LedgerKeys.commissionReleased(commission.orderId(), times));
    if (count(times -> LedgerKeys.commissionHeld(commission.orderId(), times)) > released) {
      journal.post(SaleEntries.commissionReleased(commission.orderId(), new SaleEntries.Commission(commission.siteId(), commission.amount()),
          released));
    }
  }

  /** How many entries of this kind the commission has: holds and releases are numbered, as a site can be suspended more than once. */
  private int count(java.util.function.IntFunction<String> keyOfTime) {
    int times = 0;
    while (journal.posted(keyOfTime.apply(times))) {
      times++;
    }
    return times;
  }
}
