package dev.carriage.store.payout;

import dev.carriage.ledger.AccountType;
import dev.carriage.ledger.Money;
import dev.carriage.store.StoreConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Pays out every payable balance: to store credit at once, or by Stripe Connect above the
 * transfer minimum. Safe to repeat and to overlap: balances are taken under row locks, and a
 * transfer is sent with its payout's id as the idempotency key, so a retry after a crash or
 * a timeout finds the same transfer instead of paying twice.
 */
@ApplicationScoped
public class PayoutRun {

  private static final Logger LOG = Logger.getLogger(PayoutRun.class);

  private final PayoutBook book;
  private final TransferGateway transfers;
  private final ConnectAccounts connectAccounts;
  private final dev.carriage.store.metrics.StoreMetrics metrics;
  private final StoreConfig config;
  private final Clock clock;

  public PayoutRun(PayoutBook book, TransferGateway transfers, ConnectAccounts connectAccounts, StoreConfig config,
      dev.carriage.store.metrics.StoreMetrics metrics, Clock clock) {
    this.clock = clock;
    this.metrics = metrics;
    this.book = book;
    this.connectAccounts = connectAccounts;
    this.transfers = transfers;
    this.config = config;
  }

  /** What one run did. */
  public record Run(int toStoreCredit, int transfersSent, int transfersFailed, int transfersRetrying) {}

  @Scheduled(every = "${carriage.ledger.payout-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduled() {
    Run run = runOnce();
    LOG.infof("Payout run: %s", run);
  }

  /**
   * The payout's transfer: sent with the payout's id as idempotency key, so a resend within
   * Stripe's key window returns the transfer already made; past the window, looked up first.
   */
  private String transfer(PayoutBook.Opened payout) {
    if (payout.keyMayBeForgotten(clock.instant())) {
      Optional<String> made = transfers.find(payout.payoutId());
      if (made.isPresent()) {
        LOG.infof("Payout %s was sent before its outcome was recorded: transfer %s", payout.payoutId(), made.get());
        return made.get();
      }
    }
    return transfers.send(payout.payoutId(), payout.amount(), payout.connectAccountId());
  }

  public Run runOnce() {
    connectAccounts.refreshNamed(config.ledger().batchMax());
    List<PayoutBook.Opened> toSend = new ArrayList<>(book.sending());
    int toStoreCredit = 0;
    for (Object[] owed : book.owed(config.ledger().batchMax())) {
      Optional<PayoutBook.Opened> opened = book.open(AccountType.valueOf((String) owed[0]), (String) owed[1],
          Money.currency(((String) owed[2]).trim()));
      if (opened.isPresent() && opened.get().toSend()) {
        toSend.add(opened.get());
      } else if (opened.isPresent()) {
        toStoreCredit++;
      }
    }
    int sent = 0;
    int failed = 0;
    int retrying = 0;
    for (PayoutBook.Opened payout : toSend) {
      try {
        book.sent(payout.payoutId(), transfer(payout));
        sent++;
      } catch (TransferGateway.TransferRefused refused) {
        book.failed(payout.payoutId(), refused.getMessage());
        failed++;
      } catch (TransferGateway.TransferUnavailable unavailable) {
        LOG.warnf("Payout %s not sent yet: %s", payout.payoutId(), unavailable.getMessage());
        retrying++;
      }
    }
    metrics.payouts("store_credit", toStoreCredit);
    metrics.payouts("sent", sent);
    metrics.payouts("failed", failed);
    metrics.payouts("retrying", retrying);
    return new Run(toStoreCredit, sent, failed, retrying);
  }
}
