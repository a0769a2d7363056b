package dev.carriage.store.ledger;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Whether the whole book balances: per currency, debits equal credits, and no entry is off. */
public record BookCheck(boolean balanced, List<CurrencyTotal> currencies, List<String> unbalancedEntries) {

  public record CurrencyTotal(String currency, long debitsMinor, long creditsMinor, long entries) {
    @JsonProperty("differenceMinor")
    public long differenceMinor() {
      return debitsMinor - creditsMinor;
    }
  }

  static BookCheck of(List<CurrencyTotal> totals, List<String> unbalancedEntries) {
    boolean balanced = unbalancedEntries.isEmpty() && totals.stream().allMatch(total -> total.differenceMinor() == 0);
    return new BookCheck(balanced, List.copyOf(totals), List.copyOf(unbalancedEntries));
  }
}
