package dev.carriage.store.payout;

import dev.carriage.ledger.Account;
import dev.carriage.ledger.AccountType;
import dev.carriage.ledger.EntryCode;
import dev.carriage.ledger.JournalEntry;
import dev.carriage.ledger.LedgerKeys;
import dev.carriage.ledger.Money;
import dev.carriage.ledger.Posting;
import dev.carriage.store.StoreConfig;
import dev.carriage.store.affiliate.AffiliateSite;
import dev.carriage.store.affiliate.PayoutMethod;
import dev.carriage.store.grid.GridNode;
import dev.carriage.store.ledger.Journal;
import dev.carriage.store.sale.PublisherTerms;
import dev.carriage.store.sale.SaleTermsService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The payout steps that touch the book, each in its own transaction. Opening a payout moves the
 * payee's whole positive balance out of payable under the account's row lock, so a balance
 * is paid at most once however many runs overlap; a Stripe payout is then sent outside any
 * transaction and its outcome recorded by {@link #sent} or {@link #failed}.
 */
@ApplicationScoped
public class PayoutBook {

  private static final Logger LOG = Logger.getLogger(PayoutBook.class);
  static final Account CONNECT_OUT = Account.payouts("stripe_connect");

  private final EntityManager entityManager;
  private final Journal journal;
  private final StoreConfig config;
  private final SaleTermsService saleTerms;
  private final ConnectAccounts connectAccounts;
  private final Clock clock;

  public PayoutBook(EntityManager entityManager, Journal journal, StoreConfig config, SaleTermsService saleTerms,
      ConnectAccounts connectAccounts, Clock clock) {
    this.connectAccounts = connectAccounts;
    this.entityManager = entityManager;
    this.journal = journal;
    this.saleTerms = saleTerms;
    this.config = config;
    this.clock = clock;
  }

  /** A payout opened by a run: paid already (store credit), or to be sent (Stripe Connect). */
  public record Opened(UUID payoutId, boolean toSend, Money amount, String connectAccountId, Instant openedAt) {

    /** Opened so long ago that Stripe may have forgotten its idempotency key: look for its transfer before sending it again. */
    public boolean keyMayBeForgotten(Instant now) {
      return !openedAt.plus(TransferGateway.KEYS_KEPT).isAfter(now);
    }
  }

  /** Who is paid; a suspended payee (a suspended fan site) is paid nothing until reinstated. */
  private record Payee(PayeeType type, UUID id, UUID ownerAccountId, PayoutMethod method, String connectAccountId, boolean suspended) {}

  /** Payable accounts with something owed, as (type, owner, currency). */
  @Transactional
  public List<Object[]> owed(int max) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows = entityManager.createNativeQuery(
            "select a.type, a.owner, a.currency from ledger_account a join ledger_posting p on p.account_id = a.id"
                + " where a.type in (?2) group by a.id having sum(p.amount_minor) < 0 order by a.id limit ?1")
        .setParameter(1, max).setParameter(2, java.util.Arrays.stream(PayeeType.values()).map(type -> type.payable().name()).toList())
        .getResultList();
    return rows;
  }

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public Optional<Opened> open(AccountType payableType, String owner, Currency currency) {
    Account payable = new Account(payableType, owner);
    if (!journal.tryLock(payable, currency)) {
      return Optional.empty(); // another run (another replica) is paying this balance now
    }
    Money balance = journal.balance(payable, currency);
    if (balance.minor() <= 0) {
      return Optional.empty(); // paid by an overlapping run, or owing after a clawback
    }
    Payee payee = payee(PayeeType.of(payableType), UUID.fromString(owner));
    if (payee.suspended()) {
      return Optional.empty();
    }
    UUID payoutId = UUID.randomUUID();
    Instant now = clock.instant();
    if (payee.method() == PayoutMethod.STORE_CREDIT) {
      post(payoutId, EntryCode.PAYOUT, "payout " + payoutId + " to store credit", payable, Account.storeCredit(payee.ownerAccountId()), balance);
      insert(payoutId, payee, balance, "PAID", now);
      markCommissionsPaid(payee, payoutId, now);
      LOG.infof("Paid %s to the store credit of %s %s", balance, payee.type(), payee.id());
      return Optional.of(new Opened(payoutId, false, balance, null, now));
    }
    if (balance.minor() < transferMinimum(currency) || refusedBefore(payee) || !connectAccounts.canReceive(payee.connectAccountId())) {
      return Optional.empty(); // below the minimum, refused before, or Stripe has not said the account can receive transfers
    }
    post(payoutId, EntryCode.PAYOUT, "payout " + payoutId + " by Stripe Connect to " + payee.connectAccountId(), payable, CONNECT_OUT, balance);
    insert(payoutId, payee, balance, "SENDING", now);
    return Optional.of(new Opened(payoutId, true, balance, payee.connectAccountId(), now));
  }

  /** Payouts opened but not yet confirmed sent (a crash or a network failure came between): sent again with the same key. */
  @Transactional
  public List<Opened> sending() {
    @SuppressWarnings("unchecked")
    List<Object[]> rows = entityManager.createNativeQuery(
            "select id, amount_minor, currency, connect_account_id, created_at from payout where state = 'SENDING' order by created_at limit 1000")
        .getResultList();
    return rows.stream().map(row -> new Opened((UUID) row[0], true, Money.of(((Number) row[1]).longValue(), ((String) row[2]).trim()),
        (String) row[3], Journal.instantOf(row[4]))).toList();
  }

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void sent(UUID payoutId, String transferId) {
    int updated = entityManager.createNativeQuery("update payout set state = 'SENT', transfer_id = ?2, updated_at = ?3 where id = ?1 and state = 'SENDING'")
        .setParameter(1, payoutId).setParameter(2, transferId).setParameter(3, clock.instant()).executeUpdate();
    if (updated == 1) {
      Object[] row = (Object[]) entityManager.createNativeQuery("select payee_type, payee_id from payout where id = ?1").setParameter(1, payoutId)
          .getSingleResult();
      if (PayeeType.valueOf((String) row[0]) == PayeeType.AFFILIATE) {
        markCommissionsPaid(new Payee(PayeeType.AFFILIATE, (UUID) row[1], null, PayoutMethod.STRIPE_CONNECT, null, false), payoutId, clock.instant());
      }
    }
  }

  /** The transfer was refused: the payout failed and its amount is owed again. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void failed(UUID payoutId, String why) {
    giveBack(payoutId, "SENDING", "FAILED", LedgerKeys.payoutFailed(payoutId), why);
  }

  /** Stripe reversed a sent transfer ({@code transfer.reversed}): the amount is owed again. Runs in the webhook's transaction. */
  @Transactional
  public boolean reversed(String transferId, String why) {
    List<?> ids = entityManager.createNativeQuery("select id from payout where transfer_id = ?1").setParameter(1, transferId).getResultList();
    return !ids.isEmpty() && giveBack((UUID) ids.get(0), "SENT", "REVERSED", LedgerKeys.payoutReversed((UUID) ids.get(0)), why);
  }

  private boolean giveBack(UUID payoutId, String fromState, String toState, String key, String why) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows = entityManager.createNativeQuery(
            "select payee_type, payee_id, amount_minor, currency from payout where id = ?1 and state = ?2 for update")
        .setParameter(1, payoutId).setParameter(2, fromState).getResultList();
    if (rows.isEmpty()) {
      return false;
    }
    Object[] row = rows.get(0);
    Account payable = new Account(PayeeType.valueOf((String) row[0]).payable(), row[1].toString());
    Money amount = Money.of(((Number) row[2]).longValue(), ((String) row[3]).trim());
    journal.post(new JournalEntry(key, EntryCode.PAYOUT_REVERSED, "payout " + payoutId + " " + toState.toLowerCase() + ": " + why,
        null, List.of(Posting.debit(CONNECT_OUT, amount), Posting.credit(payable, amount))));
    entityManager.createNativeQuery("update payout set state = ?2, failure = ?3, updated_at = ?4 where id = ?1")
        .setParameter(1, payoutId).setParameter(2, toState).setParameter(3, why.length() > 500 ? why.substring(0, 500) : why)
        .setParameter(4, clock.instant()).executeUpdate();
    LOG.warnf("Payout %s %s: %s", payoutId, toState, why);
    return true;
  }

  /** Stripe refused this payee's last transfer to this same account: wait until they name another one. */
  private boolean refusedBefore(Payee payee) {
    @SuppressWarnings("unchecked")
    List<Object[]> last = entityManager.createNativeQuery(
            "select state, connect_account_id from payout where payee_type = ?1 and payee_id = ?2 order by created_at desc, id limit 1")
        .setParameter(1, payee.type().name()).setParameter(2, payee.id()).getResultList();
    return !last.isEmpty() && "FAILED".equals(last.get(0)[0]) && payee.connectAccountId().equals(last.get(0)[1]);
  }

  private Payee payee(PayeeType type, UUID id) {
    if (type == PayeeType.CARRIER) {
      GridNode node = entityManager.find(GridNode.class, id);
      return new Payee(type, id, node.accountId(), node.payoutMethod(), node.connectAccountId().orElse(null), false);
    }
    if (type == PayeeType.PUBLISHER) {
      PublisherTerms terms = saleTerms.publisherTerms(id);
      return new Payee(type, id, id, terms.payoutMethod(), terms.connectAccountId().orElse(null), false);
    }
    AffiliateSite site = entityManager.find(AffiliateSite.class, id);
    return new Payee(type, id, site.ownerId(), site.payoutMethod(), site.connectAccountId().orElse(null), site.suspended());
  }

  private void post(UUID payoutId, EntryCode code, String memo, Account payable, Account target, Money amount) {
    journal.post(new JournalEntry(LedgerKeys.payout(payoutId), code, memo, null, List.of(Posting.debit(payable, amount), Posting.credit(target, amount))));
  }

  private void insert(UUID payoutId, Payee payee, Money amount, String state, Instant now) {
    entityManager.createNativeQuery("insert into payout (id, payee_type, payee_id, owner_account_id, method, connect_account_id, amount_minor,"
            + " currency, state, created_at, updated_at) values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)")
        .setParameter(1, payoutId).setParameter(2, payee.type().name()).setParameter(3, payee.id()).setParameter(4, payee.ownerAccountId())
        .setParameter(5, payee.method().name()).setParameter(6, payee.connectAccountId()).setParameter(7, amount.minor())
        .setParameter(8, amount.currencyCode()).setParameter(9, state).setParameter(10, now)
        .executeUpdate();
  }

  /** A fan site's commissions that had become payable are paid with its balance. */
  private void markCommissionsPaid(Payee payee, UUID payoutId, Instant now) {
    if (payee.type() != PayeeType.AFFILIATE) {
      return;
    }
    entityManager.createNativeQuery("update affiliate_commission c set state = 'PAID', reason = ?2, updated_at = ?3, version = version + 1"
            + " where c.site_id = ?1 and c.state = 'PENDING'"
            + " and exists (select 1 from sale_record r where r.order_id = c.order_id and r.commission_payable_at is not null)")
        .setParameter(1, payee.id()).setParameter(2, "paid out in payout " + payoutId).setParameter(3, now).executeUpdate();
  }

  private long transferMinimum(Currency currency) {
    return Money.ofMajor(config.ledger().transferMinimum(), currency).minor();
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public List<PayoutView> payouts(PayeeType type, List<UUID> payeeIds, int max) {
    if (payeeIds.isEmpty()) {
      return List.of();
    }
    @SuppressWarnings("unchecked")
    List<Object[]> rows = entityManager.createNativeQuery(
            "select id, payee_type, payee_id, method, amount_minor, currency, state, transfer_id, failure, created_at, updated_at from payout"
                + " where payee_type = ?1 and payee_id in (?2) order by created_at desc, id limit ?3")
        .setParameter(1, type.name()).setParameter(2, payeeIds).setParameter(3, max).getResultList();
    return rows.stream().map(row -> new PayoutView((UUID) row[0], PayeeType.valueOf((String) row[1]), (UUID) row[2],
        PayoutMethod.valueOf((String) row[3]).toString(), ((Number) row[4]).longValue(), ((String) row[5]).trim(),
        ((String) row[6]).toLowerCase(java.util.Locale.ROOT), (String) row[7], (String) row[8], Journal.instantOf(row[9]),
        Journal.instantOf(row[10]))).toList();
  }
}
