package dev.carriage.store.reconcile;

import com.stripe.exception.StripeException;
import com.stripe.model.BalanceTransaction;
import com.stripe.param.BalanceTransactionListParams;
import dev.carriage.ledger.Account;
import dev.carriage.ledger.AccountType;
import dev.carriage.store.payment.PaymentGateways;
import dev.carriage.store.problem.ProblemException;
import dev.carriage.store.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** Matches the ledger's Stripe money with Stripe's own account of it, and lists every difference. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class Reconciliation {

  /** Stripe's balance history is read up to this many transactions per report. */
  private static final long BALANCE_TRANSACTIONS_MAX = 100_000;

  private final EntityManager entityManager;
  private final PaymentGateways.StripeAccess stripe;
  private final Clock clock;

  public Reconciliation(EntityManager entityManager, PaymentGateways.StripeAccess stripe, Clock clock) {
    this.entityManager = entityManager;
    this.stripe = stripe;
    this.clock = clock;
  }

  public ReconciliationView report() {
    List<ReconciliationView.OrderDifference> orders = new ArrayList<>();
    for (Object row : entityManager.createNativeQuery(
            "with ledger as (select e.order_id, p.currency, sum(p.amount_minor) as minor from ledger_entry e"
                + "   join ledger_posting p on p.entry_id = e.id join ledger_account a on a.id = p.account_id"
                + "   where a.type = 'CLEARING' and a.owner = 'stripe' and e.order_id is not null group by e.order_id, p.currency),"
                // Stripe's word per order: the money came in (once, however many events say so), and went back (once).
                // Mismatched, ignored and waiting events are not its word on this order's money.
                + " events as (select o.id as order_id, o.currency,"
                + "   max(case when pe.kind = 'SUCCEEDED' then o.amount_minor else 0 end)"
                + "   - max(case when pe.kind in ('REFUNDED', 'DISPUTE_LOST') then o.amount_minor else 0 end) as minor"
                + "   from payment_event pe join purchase_order o on o.id = pe.order_id"
                + "   where pe.provider = 'STRIPE' and pe.outcome in ('APPLIED', 'NO_CHANGE') group by o.id, o.currency)"
                + " select coalesce(l.order_id, e.order_id), coalesce(l.currency, e.currency), coalesce(l.minor, 0), coalesce(e.minor, 0)"
                + " from ledger l full join events e on e.order_id = l.order_id where coalesce(l.minor, 0) <> coalesce(e.minor, 0)"
                + " order by 1 limit 1000").getResultList()) {
      Object[] columns = (Object[]) row;
      orders.add(new ReconciliationView.OrderDifference((UUID) columns[0], ((String) columns[1]).trim(), ((Number) columns[2]).longValue(),
          ((Number) columns[3]).longValue()));
    }
    List<ReconciliationView.Total> totals = stripe.client().isPresent() ? balanceTotals() : List.of();
    boolean matched = orders.isEmpty() && totals.stream().allMatch(total -> total.differenceMinor() == 0);
    return new ReconciliationView(clock.instant(), matched, orders, totals);
  }

  /** Charges net of refunds against the clearing account, and transfers against Connect payouts, per currency. */
  private List<ReconciliationView.Total> balanceTotals() {
    Map<String, long[]> stripeSide = new TreeMap<>();
    try {
      long read = 0;
      for (BalanceTransaction transaction : stripe.client().get().v1().balanceTransactions()
          .list(BalanceTransactionListParams.builder().setLimit(100L).build()).autoPagingIterable()) {
        long[] sums = stripeSide.computeIfAbsent(transaction.getCurrency().toUpperCase(Locale.ROOT), currency -> new long[2]);
        switch (transaction.getType()) {
          case "charge", "payment", "refund", "payment_refund", "adjustment" -> sums[0] += transaction.getAmount();
          case "transfer", "transfer_cancel", "transfer_refund", "transfer_failure" -> sums[1] += transaction.getAmount();
          default -> { }
        }
        if (++read >= BALANCE_TRANSACTIONS_MAX) {
          break;
        }
      }
    } catch (StripeException unreachable) {
      throw new ProblemException(ProblemType.PAYMENT_PROVIDER_FAILED, "Stripe's balance transactions could not be read: " + unreachable.getMessage());
    }
    Map<String, long[]> ledgerSide = new TreeMap<>();
    for (Object row : entityManager.createNativeQuery(
            "select a.type, a.currency, sum(p.amount_minor) from ledger_posting p join ledger_account a on a.id = p.account_id"
                + " where (a.type = 'CLEARING' and a.owner = 'stripe') or (a.type = 'PAYOUTS' and a.owner = 'stripe_connect') group by a.type, a.currency")
        .getResultList()) {
      Object[] columns = (Object[]) row;
      boolean clearing = AccountType.valueOf((String) columns[0]) == AccountType.CLEARING;
      // Both sides signed alike: money in is positive; a transfer out is a credit (negative) here and a negative transaction at Stripe.
      ledgerSide.computeIfAbsent(((String) columns[1]).trim(), currency -> new long[2])[clearing ? 0 : 1] += ((Number) columns[2]).longValue();
    }
    List<ReconciliationView.Total> totals = new ArrayList<>();
    java.util.Set<String> currencies = new java.util.TreeSet<>(stripeSide.keySet());
    currencies.addAll(ledgerSide.keySet());
    for (String currency : currencies) {
      long[] ledger = ledgerSide.getOrDefault(currency, new long[2]);
      long[] stripeSums = stripeSide.getOrDefault(currency, new long[2]);
      totals.add(new ReconciliationView.Total(Account.clearing("stripe") + " vs charges and refunds", currency, ledger[0], stripeSums[0]));
      totals.add(new ReconciliationView.Total(Account.payouts("stripe_connect") + " vs transfers", currency, ledger[1], stripeSums[1]));
    }
    return totals;
  }
}
