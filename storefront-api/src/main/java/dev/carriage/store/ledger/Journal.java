package dev.carriage.store.ledger;

import dev.carriage.ledger.Account;
import dev.carriage.ledger.AccountType;
import dev.carriage.ledger.JournalEntry;
import dev.carriage.ledger.Money;
import dev.carriage.ledger.Posting;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The book in PostgreSQL. Entries are only ever added: an entry's idempotency key is unique, so
 * posting the same event twice posts once, and the database itself refuses updates, deletes and
 * (at commit) any entry that does not balance.
 */
@ApplicationScoped
public class Journal {

  /** Account ids are kept for at most this many accounts; beyond it they are looked up each time. */
  private static final int ACCOUNT_IDS_CACHED_MAX = 100_000;

  private final EntityManager entityManager;
  private final TransactionSynchronizationRegistry transactions;
  private final Clock clock;
  private final Map<AccountKey, Long> accountIds = new ConcurrentHashMap<>();

  public Journal(EntityManager entityManager, TransactionSynchronizationRegistry transactions, Clock clock) {
    this.entityManager = entityManager;
    this.transactions = transactions;
    this.clock = clock;
  }

  /** Posts the entry in the caller's transaction; false when its key had been posted before. */
  @Transactional(Transactional.TxType.MANDATORY)
  public boolean post(JournalEntry entry) {
    Optional<?> id = entityManager.createNativeQuery(
            "insert into ledger_entry (idempotency_key, code, memo, order_id, posted_at) values (?1, ?2, ?3, ?4, ?5)"
                + " on conflict (idempotency_key) do nothing returning id")
        .setParameter(1, entry.idempotencyKey())
        .setParameter(2, entry.code().name())
        .setParameter(3, entry.memo().length() > 500 ? entry.memo().substring(0, 500) : entry.memo())
        .setParameter(4, entry.orderId())
        .setParameter(5, clock.instant())
        .getResultStream().findFirst();
    if (id.isEmpty()) {
      return false;
    }
    long entryId = ((Number) id.get()).longValue();
    StringJoiner accounts = new StringJoiner(",");
    StringJoiner amounts = new StringJoiner(",");
    StringJoiner currencies = new StringJoiner(",");
    for (Posting posting : entry.postings()) {
      accounts.add(Long.toString(accountId(posting.account(), posting.amount().currency())));
      amounts.add(Long.toString(posting.amount().minor()));
      currencies.add(posting.amount().currencyCode());
    }
    // One statement for all of an entry's postings; the database checks the whole entry at commit.
    entityManager.createNativeQuery("insert into ledger_posting (entry_id, account_id, amount_minor, currency)"
            + " select ?1, t.account, t.amount, t.currency from unnest(string_to_array(?2, ',')::bigint[],"
            + " string_to_array(?3, ',')::bigint[], string_to_array(?4, ',')) as t(account, amount, currency)")
        .setParameter(1, entryId).setParameter(2, accounts.toString()).setParameter(3, amounts.toString())
        .setParameter(4, currencies.toString())
        .executeUpdate();
    return true;
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public boolean posted(String idempotencyKey) {
    return !entityManager.createNativeQuery("select 1 from ledger_entry where idempotency_key = ?1")
        .setParameter(1, idempotencyKey).getResultList().isEmpty();
  }

  /**
   * The account's row id, created on first use. Accounts are never changed or removed, so an id
   * is cached once the transaction that saw it has committed (one that rolled back may have
   * created it, and taken it with it). A concurrent creator's row is as good as our own.
   */
  long accountId(Account account, Currency currency) {
    AccountKey key = new AccountKey(account, currency);
    Long cached = accountIds.get(key);
    if (cached != null) {
      return cached;
    }
    long id = findOrCreate(account, currency);
    if (accountIds.size() < ACCOUNT_IDS_CACHED_MAX) {
      transactions.registerInterposedSynchronization(new Synchronization() {
        @Override
        public void beforeCompletion() {}

        @Override
        public void afterCompletion(int status) {
          if (status == Status.STATUS_COMMITTED) {
            accountIds.put(key, id);
          }
        }
      });
    }
    return id;
  }

  private record AccountKey(Account account, Currency currency) {}

  private long findOrCreate(Account account, Currency currency) {
    for (int attempt = 0; attempt < 2; attempt++) {
      List<?> found = entityManager.createNativeQuery("select id from ledger_account where type = ?1 and owner = ?2 and currency = ?3")
          .setParameter(1, account.type().name()).setParameter(2, account.owner()).setParameter(3, currency.getCurrencyCode())
          .getResultList();
      if (!found.isEmpty()) {
        return ((Number) found.get(0)).longValue();
      }
      List<?> created = entityManager.createNativeQuery("insert into ledger_account (type, owner, currency) values (?1, ?2, ?3)"
              + " on conflict (type, owner, currency) do nothing returning id")
          .setParameter(1, account.type().name()).setParameter(2, account.owner()).setParameter(3, currency.getCurrencyCode())
          .getResultList();
      if (!created.isEmpty()) {
        return ((Number) created.get(0)).longValue();
      }
    }
    throw new IllegalStateException("ledger account " + account + " " + currency + " could be neither found nor created");
  }

  /**
   * Locks the account until the transaction ends, so a balance read now stays true while it is
   * paid out or spent. Creates the account if it has never been used.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public void lock(Account account, Currency currency) {
    long id = accountId(account, currency);
    entityManager.createNativeQuery("select id from ledger_account where id = ?1 for update").setParameter(1, id).getResultList();
  }

  /**
   * Locks the account unless another transaction holds it ({@code SKIP LOCKED}): a payout run on
   * another replica already has it, so this one moves on instead of queueing behind it.
   *
   * @return whether this transaction now holds the lock
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public boolean tryLock(Account account, Currency currency) {
    long id = accountId(account, currency);
    return !entityManager.createNativeQuery("select id from ledger_account where id = ?1 for update skip locked").setParameter(1, id)
        .getResultList().isEmpty();
  }

  /** The account's balance as people read it (what the store owes, for a liability). */
  @Transactional(Transactional.TxType.SUPPORTS)
  public Money balance(Account account, Currency currency) {
    Number sum = (Number) entityManager.createNativeQuery(
            "select coalesce(sum(p.amount_minor), 0) from ledger_posting p join ledger_account a on a.id = p.account_id"
                + " where a.type = ?1 and a.owner = ?2 and a.currency = ?3")
        .setParameter(1, account.type().name()).setParameter(2, account.owner()).setParameter(3, currency.getCurrencyCode())
        .getSingleResult();
    return new Money(account.type().balanceOf(sum.longValue()), currency);
  }

  /** Balances of every account of one type, by owner and currency, as people read them. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public List<AccountBalance> balances(AccountType type, List<String> owners) {
    if (owners.isEmpty()) {
      return List.of();
    }
    List<AccountBalance> balances = new ArrayList<>();
    for (Object row : entityManager.createNativeQuery(
            "select a.owner, a.currency, coalesce(sum(p.amount_minor), 0) from ledger_account a left join ledger_posting p on p.account_id = a.id"
                + " where a.type = ?1 and a.owner in (?2) group by a.owner, a.currency order by a.owner, a.currency")
        .setParameter(1, type.name()).setParameter(2, owners).getResultList()) {
      Object[] columns = (Object[]) row;
      balances.add(new AccountBalance(new Account(type, (String) columns[0]),
          new Money(type.balanceOf(((Number) columns[2]).longValue()), Money.currency(((String) columns[1]).trim()))));
    }
    return balances;
  }

  public record AccountBalance(Account account, Money balance) {}

  /** Every account of one type with its balance, largest first, at most {@code max}. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public List<AccountBalance> balances(AccountType type, int max) {
    List<AccountBalance> balances = new ArrayList<>();
    for (Object row : entityManager.createNativeQuery(
            "select a.owner, a.currency, coalesce(sum(p.amount_minor), 0) from ledger_account a left join ledger_posting p on p.account_id = a.id"
                + " where a.type = ?1 group by a.owner, a.currency order by abs(coalesce(sum(p.amount_minor), 0)) desc, a.owner limit ?2")
        .setParameter(1, type.name()).setParameter(2, max).getResultList()) {
      Object[] columns = (Object[]) row;
      balances.add(new AccountBalance(new Account(type, (String) columns[0]),
          new Money(type.balanceOf(((Number) columns[2]).longValue()), Money.currency(((String) columns[1]).trim()))));
    }
    return balances;
  }

  /** What an order's entries left on each account, net: the input to its reversal. */
  @Transactional(Transactional.TxType.MANDATORY)
  public Map<Account, Money> netForOrder(UUID orderId) {
    Map<Account, Money> net = new LinkedHashMap<>();
    for (Object row : entityManager.createNativeQuery(
            "select a.type, a.owner, p.currency, sum(p.amount_minor) from ledger_entry e join ledger_posting p on p.entry_id = e.id"
                + " join ledger_account a on a.id = p.account_id where e.order_id = ?1 group by a.type, a.owner, p.currency")
        .setParameter(1, orderId).getResultList()) {
      Object[] columns = (Object[]) row;
      net.put(new Account(AccountType.valueOf((String) columns[0]), (String) columns[1]),
          Money.of(((Number) columns[3]).longValue(), ((String) columns[2]).trim()));
    }
    return net;
  }

  /** The sum of what moved on one account in [from, to) under the given entry codes (positive = toward the account's normal side). */
  @Transactional(Transactional.TxType.SUPPORTS)
  public long moved(Account account, Currency currency, List<String> codes, int sign) {
    Number sum = (Number) entityManager.createNativeQuery(
            "select coalesce(sum(p.amount_minor), 0) from ledger_posting p join ledger_account a on a.id = p.account_id"
                + " join ledger_entry e on e.id = p.entry_id"
                + " where a.type = ?1 and a.owner = ?2 and a.currency = ?3 and e.code in (?4) and sign(p.amount_minor) = ?5")
        .setParameter(1, account.type().name()).setParameter(2, account.owner()).setParameter(3, currency.getCurrencyCode())
        .setParameter(4, codes).setParameter(5, sign).getSingleResult();
    return sum.longValue();
  }

  /** One account's lines in [from, to), with the balance before and after. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public Statement statement(Account account, Currency currency, Instant from, Instant to) {
    String accountFilter = " from ledger_posting p join ledger_account a on a.id = p.account_id join ledger_entry e on e.id = p.entry_id"
        + " where a.type = ?1 and a.owner = ?2 and a.currency = ?3";
    Number opening = (Number) entityManager.createNativeQuery("select coalesce(sum(p.amount_minor), 0)" + accountFilter + " and e.posted_at < ?4")
        .setParameter(1, account.type().name()).setParameter(2, account.owner()).setParameter(3, currency.getCurrencyCode())
        .setParameter(4, from).getSingleResult();
    long balance = account.type().balanceOf(opening.longValue());
    List<Statement.Line> lines = new ArrayList<>();
    long openingBalance = balance;
    for (Object row : entityManager.createNativeQuery(
            "select e.posted_at, e.code, e.memo, e.idempotency_key, e.order_id, p.amount_minor" + accountFilter
                + " and e.posted_at >= ?4 and e.posted_at < ?5 order by e.id, p.id")
        .setParameter(1, account.type().name()).setParameter(2, account.owner()).setParameter(3, currency.getCurrencyCode())
        .setParameter(4, from).setParameter(5, to).setMaxResults(Statement.LINES_MAX).getResultList()) {
      Object[] columns = (Object[]) row;
      long amount = account.type().balanceOf(((Number) columns[5]).longValue());
      balance += amount;
      lines.add(new Statement.Line(instantOf(columns[0]), (String) columns[1], (String) columns[2], (String) columns[3],
          (UUID) columns[4], amount, balance));
    }
    return new Statement(account.toString(), currency.getCurrencyCode(), from, to, openingBalance, balance, lines);
  }

  /**
   * The invariant: every currency's postings sum to zero over the whole book, and no entry is
   * out of balance. The database already refuses an unbalanced commit; this proves it held.
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public BookCheck check() {
    List<BookCheck.CurrencyTotal> totals = new ArrayList<>();
    for (Object row : entityManager.createNativeQuery(
            "select currency, coalesce(sum(amount_minor) filter (where amount_minor > 0), 0), coalesce(-sum(amount_minor) filter (where amount_minor < 0), 0),"
                + " count(distinct entry_id) from ledger_posting group by currency order by currency").getResultList()) {
      Object[] columns = (Object[]) row;
      totals.add(new BookCheck.CurrencyTotal(((String) columns[0]).trim(), ((Number) columns[1]).longValue(), ((Number) columns[2]).longValue(),
          ((Number) columns[3]).longValue()));
    }
    @SuppressWarnings("unchecked")
    List<Object> unbalanced = entityManager.createNativeQuery(
            "select e.idempotency_key from ledger_entry e left join ledger_posting p on p.entry_id = e.id"
                + " group by e.id, e.idempotency_key having count(p.id) < 2 or sum(coalesce(p.amount_minor, 0)) <> 0 limit 20")
        .getResultList();
    return BookCheck.of(totals, unbalanced.stream().map(String::valueOf).toList(), salesDisagreeing());
  }

  /**
   * Sales whose record and sale entry disagree on a part (royalty, pool, commission, margin), or
   * a sale entry with no record: the record is what settlement pays from, so it must be the entry.
   */
  private List<String> salesDisagreeing() {
    String part = "coalesce((select -sum(p.amount_minor) from ledger_posting p join ledger_account a on a.id = p.account_id"
        + " where p.entry_id = e.id and a.type = '%s'), 0)";
    @SuppressWarnings("unchecked")
    List<Object> orders = entityManager.createNativeQuery(
            "select e.order_id from ledger_entry e left join sale_record r on r.order_id = e.order_id where e.code = 'SALE' and (r.order_id is null"
                + " or r.royalty_minor <> " + part.formatted(AccountType.PUBLISHER_PENDING)
                + " or r.pool_minor <> " + part.formatted(AccountType.CARRIER_POOL)
                + " or r.commission_minor <> " + part.formatted(AccountType.AFFILIATE_PENDING)
                + " or r.margin_minor <> " + part.formatted(AccountType.REVENUE) + ") limit 20")
        .getResultList();
    return orders.stream().map(String::valueOf).toList();
  }

  public static Instant instantOf(Object value) {
    if (value instanceof Instant instant) {
      return instant;
    }
    if (value instanceof java.time.OffsetDateTime offset) {
      return offset.toInstant();
    }
    if (value instanceof java.sql.Timestamp timestamp) {
      return timestamp.toInstant();
    }
    throw new IllegalStateException("not a timestamp: " + value);
  }
}
