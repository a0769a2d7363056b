package dev.carriage.store.order;

import dev.carriage.ledger.SaleSplit;
import dev.carriage.store.affiliate.CommissionService;
import dev.carriage.store.affiliate.Referral;
import dev.carriage.store.catalog.Title;
import dev.carriage.store.ledger.SaleLedger;
import dev.carriage.store.sale.SaleRecord;
import dev.carriage.store.sale.SaleTerms;
import dev.carriage.store.sale.SaleTermsService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.Optional;

/**
 * The money side of a sale, in the order it happens, inside the transaction of the order's
 * status change so money and order never disagree. Paid: the referral decides whether a
 * commission is set aside, the terms fixed at checkout split the gross, the split is written
 * down as the sale's record and posted as its sale entry. Refunded or lost: the commission is
 * reversed and so is everything the sale had posted.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class SaleFlow {

  private final EntityManager entityManager;
  private final CommissionService commissions;
  private final SaleTermsService saleTerms;
  private final SaleLedger ledger;

  public SaleFlow(EntityManager entityManager, CommissionService commissions, SaleTermsService saleTerms, SaleLedger ledger) {
    this.entityManager = entityManager;
    this.commissions = commissions;
    this.saleTerms = saleTerms;
    this.ledger = ledger;
  }

  void paid(Order order) {
    if (entityManager.find(SaleRecord.class, order.id()) != null) {
      return; // a won dispute puts a disputed order back to paid: its sale stands as recorded
    }
    SaleTerms terms = order.terms().orElseGet(() -> termsNow(order));
    Optional<Referral> referral = commissions.referralOf(order);
    SaleSplit split = terms.split(order.amount(), referral.filter(Referral::setAside).map(Referral::siteId));
    referral.ifPresent(earned -> commissions.record(order, earned, split.commission(), terms.commissionBasisPoints(),
        order.paidAt().orElseThrow()));
    entityManager.persist(new SaleRecord(order.id(), order.titleId(), order.buyerId(), split, order.paidAt().orElseThrow(),
        order.holdUntil().orElseThrow()));
    ledger.postSale(order, split);
  }

  void reversed(Order order, String cause) {
    commissions.orderRefunded(order.id(), cause);
    ledger.reverse(order.id(), cause);
  }

  /** An order placed before terms were fixed at checkout is split by the terms of its title today. */
  private SaleTerms termsNow(Order order) {
    Title title = entityManager.find(Title.class, order.titleId());
    return saleTerms.terms(title.publisher().id(), title.wholesale());
  }
}
