package dev.carriage.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SaleEntriesTest {

  private static final UUID A = UUID.fromString("00000000-0000-0000-0000-00000000000a");
  private static final UUID B = UUID.fromString("00000000-0000-0000-0000-00000000000b");
  private static final UUID C = UUID.fromString("00000000-0000-0000-0000-00000000000c");

  @Test
  void aReferredSaleOf1999_paysThePublisher1399_setsAside99ForCarriersAnd99ForTheSite_andTheStoreKeeps402() {
    UUID site = UUID.randomUUID();
    UUID publisher = UUID.randomUUID();
    // 70% royalty: floor(1999 × 0.70) = 1399; 5% pool and commission: floor(1999 × 0.05) = 99 each; margin 1999 − 1399 − 99 − 99.
    SaleSplit split = SaleSplit.of(Money.of(1999, "EUR"), 500, Optional.of(site), 500, RoyaltyTerms.share(publisher, 7000));
    JournalEntry sale = SaleEntries.sale(UUID.randomUUID(), split, Account.clearing("stripe"));

    assertThat(sale.postings()).containsExactly(
        Posting.debit(Account.clearing("stripe"), Money.of(1999, "EUR")),
        Posting.credit(Account.publisherPending(publisher), Money.of(1399, "EUR")),
        Posting.credit(Account.of(AccountType.CARRIER_POOL), Money.of(99, "EUR")),
        Posting.credit(Account.affiliatePending(site), Money.of(99, "EUR")),
        Posting.credit(Account.of(AccountType.REVENUE), Money.of(402, "EUR")));
  }

  @Test
  void aWholesalePrice_isTheRoyalty_andOneThatLeavesNoRoomForTheShares_isRefused() {
    UUID publisher = UUID.randomUUID();
    SaleSplit split = SaleSplit.of(Money.of(999, "EUR"), 500, Optional.empty(), 500, RoyaltyTerms.wholesale(publisher, Money.of(650, "EUR")));
    assertThat(split.royalty()).isEqualTo(Money.of(650, "EUR"));
    assertThat(split.margin()).isEqualTo(Money.of(999 - 650 - 49, "EUR"));

    // 950 + floor(999 × 5%) + floor(999 × 5%) = 950 + 49 + 49 > 999.
    assertThatThrownBy(() -> SaleSplit.requireFits(Money.of(999, "EUR"), 500, 500, RoyaltyTerms.wholesale(publisher, Money.of(950, "EUR"))))
        .isInstanceOf(SaleSplit.SharesExceedGross.class)
        .hasMessageContaining("does not cover its shares: royalty 9.50 EUR (wholesale), carrier pool 0.49 EUR (500 bps), commission 0.49 EUR");
    assertThatThrownBy(() -> SaleSplit.requireFits(Money.of(999, "EUR"), 500, 500, RoyaltyTerms.share(publisher, 9500)))
        .isInstanceOf(SaleSplit.SharesExceedGross.class);
  }

  @Test
  void aPoolOf100_overThreeEqualCarriers_givesTheLeftoverCentToTheLowestNodeId() {
    Map<String, Long> parts = SaleEntries.poolParts(100, Map.of(C, 10L, A, 10L, B, 10L), 0);

    assertThat(parts).containsExactly(Map.entry(A.toString(), 34L), Map.entry(B.toString(), 33L), Map.entry(C.toString(), 33L),
        Map.entry(SaleEntries.STORE, 0L));
  }

  @Test
  void theOriginsBytes_earnTheStoreItsPart_andNoCarriage_leavesItAllToTheStore() {
    assertThat(SaleEntries.poolParts(99, Map.of(A, 300L), 100)).containsEntry(A.toString(), 74L).containsEntry(SaleEntries.STORE, 25L);
    assertThat(SaleEntries.poolParts(99, Map.of(), 0)).containsExactly(Map.entry(SaleEntries.STORE, 99L));
  }

  @Test
  void largestRemainder_beatsFlooring_whereRemaindersDiffer() {
    TreeMap<String, Long> weights = new TreeMap<>(Map.of("a", 1L, "b", 2L, "c", 7L));
    assertThat(LargestRemainder.split(9, weights)).containsExactly(Map.entry("a", 1L), Map.entry("b", 2L), Map.entry("c", 6L));
  }

  @Test
  void anEntryThatDoesNotBalance_orHasOnePosting_cannotBeBuilt() {
    assertThatThrownBy(() -> new JournalEntry("k", EntryCode.SALE, "", null, List.of(
        Posting.debit(Account.clearing("stripe"), Money.of(10, "EUR")), Posting.credit(Account.of(AccountType.REVENUE), Money.of(9, "EUR")))))
        .hasMessageContaining("does not balance: 0.01 EUR left over");
    assertThatThrownBy(() -> new JournalEntry("k", EntryCode.SALE, "", null, List.of(Posting.debit(Account.clearing("x"), Money.of(1, "EUR")))))
        .hasMessageContaining("at least 2");
    assertThatThrownBy(() -> Posting.debit(Account.clearing("x"), Money.of(0, "EUR"))).hasMessageContaining("zero amount");
  }

  @Test
  void aShareIsFloored() {
    assertThat(SaleEntries.share(Money.of(1999, "EUR"), 500)).isEqualTo(Money.of(99, "EUR"));
    assertThat(SaleEntries.share(Money.of(19, "EUR"), 500)).isEqualTo(Money.of(0, "EUR"));
    assertThat(SaleEntries.poolSplit(UUID.randomUUID(), Money.of(0, "EUR"), Map.of(A, 5L), 0)).isEmpty();
  }
}
