package dev.carriage.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The entries one sale makes, as pure functions of its figures: the sale itself, the split of
 * its carrier pool when its hold closes, its commission becoming payable, and its reversal.
 * The store only decides when; the amounts are decided here.
 */
public final class SaleEntries {

  /** The store's own key among a pool's participants; it sorts after every node id. */
  public static final String STORE = "store";

  private SaleEntries() {}

  /** What a referred sale owes its fan site. */
  public record Commission(UUID siteId, Money amount) {}

  /** {@code floor(gross × bps / 10000)}: the store keeps what the floor leaves. */
  public static Money share(Money gross, int basisPoints) {
    if (basisPoints < 0 || basisPoints > 10_000) {
      throw new IllegalArgumentException("basis points: " + basisPoints + " (expected: 0 to 10000)");
    }
    if (gross.isNegative()) {
      throw new IllegalArgumentException("gross: " + gross + " (expected: >= 0)");
    }
    return new Money(Math.multiplyExact(gross.minor(), basisPoints) / 10_000, gross.currency());
  }

  /**
   * A paid order: the gross comes in on {@code funding} (a provider's clearing account, or the
   * buyer's store credit); the publisher's royalty, the carrier pool and the commission are set
   * aside as pending; revenue keeps the store's margin.
   */
  public static JournalEntry sale(UUID orderId, SaleSplit split, Account funding) {
    List<Posting> postings = new ArrayList<>();
    postings.add(Posting.debit(funding, split.gross()));
    addCredit(postings, Account.publisherPending(split.royaltyTerms().publisherId()), split.royalty());
    addCredit(postings, Account.of(AccountType.CARRIER_POOL), split.pool());
    split.commission().ifPresent(c -> addCredit(postings, Account.affiliatePending(c.siteId()), c.amount()));
    addCredit(postings, Account.of(AccountType.REVENUE), split.margin());
    return new JournalEntry(LedgerKeys.sale(orderId), EntryCode.SALE, "order " + orderId + " paid", orderId, postings);
  }

  /** A sale's hold closed: its publisher's royalty moves from pending to payable. */
  public static Optional<JournalEntry> royaltyPayable(UUID orderId, UUID publisherId, Money royalty) {
    if (royalty.isZero()) {
      return Optional.empty();
    }
    return Optional.of(new JournalEntry(LedgerKeys.royalty(orderId), EntryCode.ROYALTY_PAYABLE, "royalty of order " + orderId + " payable",
        orderId, List.of(Posting.debit(Account.publisherPending(publisherId), royalty), Posting.credit(Account.publisherPayable(publisherId), royalty))));
  }

  /**
   * The split of a sale's carrier pool over the bytes carried for it: each carrier node by its
   * verified bytes, the store by what its origin carried. Largest remainder, ties by node id
   * (the store after every node). With no bytes carried at all, the store carried it all.
   *
   * @return the entry, or empty when the pool is zero and nothing moves
   */
  public static Optional<JournalEntry> poolSplit(UUID orderId, Money pool, Map<UUID, Long> carrierBytes, long storeBytes) {
    if (pool.isZero()) {
      return Optional.empty();
    }
    Map<String, Long> parts = poolParts(pool.minor(), carrierBytes, storeBytes);
    List<Posting> postings = new ArrayList<>();
    postings.add(Posting.debit(Account.of(AccountType.CARRIER_POOL), pool));
    parts.forEach((key, part) -> addCredit(postings,
        key.equals(STORE) ? Account.of(AccountType.STORE_CARRIAGE) : Account.carrierPayable(UUID.fromString(key)),
        new Money(part, pool.currency())));
    return Optional.of(new JournalEntry(LedgerKeys.pool(orderId), EntryCode.POOL_SETTLED, "carrier pool of order " + orderId + " split by bytes",
        orderId, postings));
  }

  /** Each participant's part of a pool, the store under {@link #STORE}; parts sum to the pool. */
  public static Map<String, Long> poolParts(long pool, Map<UUID, Long> carrierBytes, long storeBytes) {
    SortedMap<String, Long> weights = new TreeMap<>();
    carrierBytes.forEach((node, bytes) -> {
      if (bytes > 0) {
        weights.put(node.toString(), bytes);
      }
    });
    long carried = weights.values().stream().mapToLong(Long::longValue).sum();
    weights.put(STORE, carried == 0 ? 1 : storeBytes);
    return LargestRemainder.split(pool, weights);
  }

  /** A held commission's hold closed: it moves from pending to payable. */
  public static JournalEntry commissionPayable(UUID orderId, Commission commission) {
    return new JournalEntry(LedgerKeys.commission(orderId), EntryCode.COMMISSION_PAYABLE, "commission of order " + orderId + " payable", orderId,
        List.of(Posting.debit(Account.affiliatePending(commission.siteId()), commission.amount()),
            Posting.credit(Account.affiliatePayable(commission.siteId()), commission.amount())));
  }

  /** An admin rejected a held commission: the store keeps it. */
  public static JournalEntry commissionRejected(UUID orderId, Commission commission) {
    return new JournalEntry(LedgerKeys.commissionRejected(orderId), EntryCode.COMMISSION_REJECTED, "commission of order " + orderId + " rejected",
        orderId, List.of(Posting.debit(Account.affiliatePending(commission.siteId()), commission.amount()),
            Posting.credit(Account.of(AccountType.REVENUE), commission.amount())));
  }

  /**
   * A payable commission held again (its site was suspended before it was paid out): it goes
   * back to pending, where no payout reaches it. {@code times} counts earlier holds, so each is
   * its own entry.
   */
  public static JournalEntry commissionHeld(UUID orderId, Commission commission, int times) {
    return new JournalEntry(LedgerKeys.commissionHeld(orderId, times), EntryCode.COMMISSION_HELD, "commission of order " + orderId
        + " held for review", orderId, List.of(Posting.debit(Account.affiliatePayable(commission.siteId()), commission.amount()),
            Posting.credit(Account.affiliatePending(commission.siteId()), commission.amount())));
  }

  /** A commission held back from payable was approved: it is payable again. */
  public static JournalEntry commissionReleased(UUID orderId, Commission commission, int times) {
    return new JournalEntry(LedgerKeys.commissionReleased(orderId, times), EntryCode.COMMISSION_PAYABLE, "commission of order " + orderId
        + " approved, payable again", orderId, List.of(Posting.debit(Account.affiliatePending(commission.siteId()), commission.amount()),
            Posting.credit(Account.affiliatePayable(commission.siteId()), commission.amount())));
  }

  /**
   * Undoes everything an order has posted, given the net it left on each account: every
   * amount goes back where it came from, so pending splits vanish and paid-out ones leave
   * their payee owing. The store's own revenue is given back through the refunds account.
   *
   * @return the entry, or empty when the order's postings net to nothing
   */
  public static Optional<JournalEntry> reversal(UUID orderId, String why, Map<Account, Money> netByAccount) {
    Map<Account, Money> reversed = new TreeMap<>();
    netByAccount.forEach((account, net) -> {
      if (!net.isZero()) {
        Account target = account.type() == AccountType.REVENUE ? Account.of(AccountType.REFUNDS) : account;
        reversed.merge(target, new Money(Math.negateExact(net.minor()), net.currency()), Money::plus);
      }
    });
    List<Posting> postings = new ArrayList<>();
    reversed.forEach((account, amount) -> {
      if (!amount.isZero()) {
        postings.add(new Posting(account, amount));
      }
    });
    if (postings.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new JournalEntry(LedgerKeys.reversal(orderId), EntryCode.SALE_REVERSED, "order " + orderId + " reversed: " + why, orderId,
        postings));
  }

  private static void addCredit(List<Posting> postings, Account account, Money amount) {
    if (!amount.isZero()) {
      postings.add(Posting.credit(account, amount));
    }
  }
}
