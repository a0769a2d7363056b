package dev.carriage.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** For any gross and any way the bytes were carried, the money adds up. */
class SplitPropertiesTest {

  @Property(tries = 3000)
  void carrierParts_sumExactlyToThePool_noneNegative_andTheBookBalances(
      @ForAll @LongRange(min = 1, max = 1_000_000_000_000L) long gross,
      @ForAll("byteDistributions") Map<UUID, Long> carrierBytes,
      @ForAll @LongRange(min = 0, max = 1L << 40) long storeBytes,
      @ForAll boolean referred) {
    Money grossMoney = Money.of(gross, "EUR");
    UUID order = UUID.randomUUID();
    SaleSplit saleSplit = SaleSplit.of(grossMoney, 500, referred ? Optional.of(UUID.randomUUID()) : Optional.empty(), 500,
        RoyaltyTerms.share(UUID.randomUUID(), 7000));
    JournalEntry sale = SaleEntries.sale(order, saleSplit, Account.clearing("stripe"));
    Money pool = SaleEntries.share(grossMoney, 500);

    Map<String, Long> parts = SaleEntries.poolParts(pool.minor(), carrierBytes, storeBytes);
    Optional<JournalEntry> split = SaleEntries.poolSplit(order, pool, carrierBytes, storeBytes);

    assertThat(parts.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(pool.minor());
    assertThat(parts.values()).allSatisfy(part -> assertThat(part).isNotNegative());
    Map<Account, Long> book = new HashMap<>();
    List.of(Optional.of(sale), split).forEach(entry -> entry.ifPresent(e -> e.postings()
        .forEach(p -> book.merge(p.account(), p.amount().minor(), Math::addExact))));
    assertThat(book.values().stream().mapToLong(Long::longValue).sum()).isZero();
    assertThat(book.getOrDefault(Account.of(AccountType.CARRIER_POOL), 0L)).isZero();
    assertThat(book.get(Account.clearing("stripe"))).isEqualTo(gross);
  }

  @Property(tries = 2000)
  void largestRemainder_givesEachPartWithinOneUnitOfItsExactShare(
      @ForAll @LongRange(min = 0, max = 10_000_000) long amount,
      @ForAll("weights") TreeMap<String, Long> weights) {
    Map<String, Long> parts = LargestRemainder.split(amount, weights);
    long total = weights.values().stream().mapToLong(Long::longValue).sum();

    assertThat(parts.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(amount);
    parts.forEach((key, part) -> {
      double exact = (double) amount * weights.get(key) / total;
      assertThat((double) part).isBetween(Math.floor(exact) - 1e-6, Math.floor(exact) + 1);
    });
  }

  @Property(tries = 500)
  void aReversal_undoesTheSaleAndItsSplitToTheCent(
      @ForAll @LongRange(min = 20, max = 100_000_000) long gross,
      @ForAll("byteDistributions") Map<UUID, Long> carrierBytes,
      @ForAll @IntRange(min = 0, max = 1) int settled) {
    UUID order = UUID.randomUUID();
    Money grossMoney = Money.of(gross, "USD");
    Money pool = SaleEntries.share(grossMoney, 500);
    Map<Account, Money> net = new TreeMap<>();
    List<JournalEntry> posted = new java.util.ArrayList<>();
    UUID publisher = UUID.randomUUID();
    SaleSplit saleSplit = SaleSplit.of(grossMoney, 500, Optional.empty(), 0, RoyaltyTerms.share(publisher, 7000));
    posted.add(SaleEntries.sale(order, saleSplit, Account.clearing("stripe")));
    SaleEntries.royaltyPayable(order, publisher, saleSplit.royalty()).ifPresent(posted::add);
    if (settled == 1) {
      SaleEntries.poolSplit(order, pool, carrierBytes, 1000).ifPresent(posted::add);
    }
    posted.forEach(entry -> entry.postings().forEach(p -> net.merge(p.account(), p.amount(), Money::plus)));

    JournalEntry reversal = SaleEntries.reversal(order, "refund", net).orElseThrow();

    Map<Account, Long> after = new HashMap<>();
    net.forEach((account, amount) -> after.merge(account, amount.minor(), Math::addExact));
    reversal.postings().forEach(p -> after.merge(p.account(), p.amount().minor(), Math::addExact));
    after.forEach((account, left) -> {
      if (account.type() == AccountType.REVENUE) {
        assertThat(left + after.getOrDefault(Account.of(AccountType.REFUNDS), 0L)).isZero();
      } else if (account.type() != AccountType.REFUNDS) {
        assertThat(left).as(account.toString()).isZero();
      }
    });
  }

  @Property(tries = 3000)
  void aSplit_isRoyaltyPlusPoolPlusCommissionPlusMargin_eachByItsRule_andNeverANegativeMargin(
      @ForAll @LongRange(min = 0, max = 1_000_000_000_000L) long gross,
      @ForAll @IntRange(min = 0, max = 10_000) int poolBps,
      @ForAll @IntRange(min = 0, max = 10_000) int commissionBps,
      @ForAll @IntRange(min = 0, max = 10_000) int royaltyBps,
      @ForAll boolean referred) {
    Money grossMoney = Money.of(gross, "EUR");
    long pool = gross * poolBps / 10_000;
    long commission = referred ? gross * commissionBps / 10_000 : 0;
    long royalty = gross * royaltyBps / 10_000;
    try {
      SaleSplit split = SaleSplit.of(grossMoney, poolBps, referred ? Optional.of(UUID.randomUUID()) : Optional.empty(), commissionBps,
          RoyaltyTerms.share(UUID.randomUUID(), royaltyBps));
      assertThat(split.pool().minor()).isEqualTo(pool);
      assertThat(split.commissionAmount().minor()).isEqualTo(commission);
      assertThat(split.royalty().minor()).isEqualTo(royalty);
      assertThat(split.margin().minor()).isEqualTo(gross - pool - commission - royalty).isNotNegative();
    } catch (SaleSplit.SharesExceedGross refused) {
      assertThat(pool + commission + royalty).isGreaterThan(gross);
    }
  }

  /**
   * A referred, carried sale split at checkout, settled, paid out, then refunded: each payee's
   * payable equals its part, the parts and the margin are the gross, and the refund leaves each
   * payee owing exactly what it was paid. Every amount comes from the split fixed when the sale
   * was paid (LedgerScenariosTest shows a later change of share leaving a sale as it was).
   */
  @Property(tries = 1000)
  void aSaleSettledPaidOutAndRefunded_leavesEachPayeeOwingItsPart(
      @ForAll @LongRange(min = 1, max = 100_000_000) long gross,
      @ForAll @IntRange(min = 0, max = 2_000) int poolBps,
      @ForAll @IntRange(min = 0, max = 2_000) int commissionBps,
      @ForAll @IntRange(min = 0, max = 6_000) int royaltyBps,
      @ForAll("byteDistributions") Map<UUID, Long> carrierBytes,
      @ForAll @LongRange(min = 0, max = 1L << 30) long storeBytes) {
    UUID order = UUID.randomUUID();
    UUID site = UUID.randomUUID();
    UUID publisher = UUID.randomUUID();
    Money grossMoney = Money.of(gross, "EUR");
    SaleSplit atCheckout = SaleSplit.of(grossMoney, poolBps, Optional.of(site), commissionBps, RoyaltyTerms.share(publisher, royaltyBps));
    List<JournalEntry> posted = new java.util.ArrayList<>();
    posted.add(SaleEntries.sale(order, atCheckout, Account.clearing("stripe")));
    SaleEntries.poolSplit(order, atCheckout.pool(), carrierBytes, storeBytes).ifPresent(posted::add);
    SaleEntries.royaltyPayable(order, publisher, atCheckout.royalty()).ifPresent(posted::add);
    if (!atCheckout.commissionAmount().isZero()) {
      posted.add(SaleEntries.commissionPayable(order, new SaleEntries.Commission(site, atCheckout.commissionAmount())));
    }
    Map<Account, Long> book = new HashMap<>();
    posted.forEach(entry -> entry.postings().forEach(p -> book.merge(p.account(), p.amount().minor(), Math::addExact)));
    Map<String, Long> parts = SaleEntries.poolParts(atCheckout.pool().minor(), carrierBytes, storeBytes);

    assertThat(-book.getOrDefault(Account.publisherPayable(publisher), 0L)).isEqualTo(gross * royaltyBps / 10_000);
    assertThat(-book.getOrDefault(Account.affiliatePayable(site), 0L)).isEqualTo(gross * commissionBps / 10_000);
    parts.forEach((node, part) -> {
      Account payable = node.equals(SaleEntries.STORE) ? Account.of(AccountType.STORE_CARRIAGE) : Account.carrierPayable(UUID.fromString(node));
      assertThat(-book.getOrDefault(payable, 0L)).isEqualTo(part);
    });
    assertThat(atCheckout.royalty().plus(atCheckout.pool()).plus(atCheckout.commissionAmount()).plus(atCheckout.margin())).isEqualTo(grossMoney);
    assertThat(book.getOrDefault(Account.of(AccountType.CARRIER_POOL), 0L)).isZero();
    assertThat(book.values().stream().mapToLong(Long::longValue).sum()).isZero();

    // Paid out: every payable goes to PAYOUTS; then the refund reverses what the order posted.
    Map<Account, Money> net = new java.util.TreeMap<>();
    posted.forEach(entry -> entry.postings().forEach(p -> net.merge(p.account(), p.amount(), Money::plus)));
    JournalEntry reversal = SaleEntries.reversal(order, "refund after payout", net).orElseThrow();
    Map<Account, Long> paidOutThenRefunded = new HashMap<>();
    reversal.postings().forEach(p -> paidOutThenRefunded.merge(p.account(), p.amount().minor(), Math::addExact));
    assertThat(paidOutThenRefunded.getOrDefault(Account.publisherPayable(publisher), 0L)).isEqualTo(gross * royaltyBps / 10_000);
    assertThat(paidOutThenRefunded.getOrDefault(Account.affiliatePayable(site), 0L)).isEqualTo(gross * commissionBps / 10_000);
    parts.forEach((node, part) -> {
      if (!node.equals(SaleEntries.STORE)) {
        assertThat(paidOutThenRefunded.getOrDefault(Account.carrierPayable(UUID.fromString(node)), 0L)).isEqualTo(part);
      }
    });
  }

  @Provide
  Arbitrary<Map<UUID, Long>> byteDistributions() {
    Arbitrary<Long> bytes = Arbitraries.oneOf(Arbitraries.longs().between(0, 1L << 40), Arbitraries.longs().between(0, 10),
        Arbitraries.just(65_536L));
    return Arbitraries.maps(Arbitraries.create(UUID::randomUUID), bytes).ofMaxSize(12).map(LinkedHashMap::new);
  }

  @Provide
  Arbitrary<TreeMap<String, Long>> weights() {
    return Arbitraries.maps(Arbitraries.strings().alpha().ofLength(4), Arbitraries.longs().between(0, 1_000_000)).ofMinSize(1).ofMaxSize(10)
        .filter(map -> map.values().stream().anyMatch(weight -> weight > 0)).map(TreeMap::new);
  }
}
