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
  void aReferredSaleOf1999_setsAside99ForCarriersAnd99ForTheSite() {
    UUID site = UUID.randomUUID();
    JournalEntry sale = SaleEntries.sale(UUID.randomUUID(), Money.of(1999, "EUR"), Account.clearing("stripe"), 500,
        Optional.of(new SaleEntries.Commission(site, Money.of(99, "EUR"))));

    assertThat(sale.postings()).containsExactly(
        Posting.debit(Account.clearing("stripe"), Money.of(1999, "EUR")),
        Posting.credit(Account.of(AccountType.CARRIER_POOL), Money.of(99, "EUR")),
        Posting.credit(Account.affiliatePending(site), Money.of(99, "EUR")),
        Posting.credit(Account.of(AccountType.REVENUE), Money.of(1801, "EUR")));
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
