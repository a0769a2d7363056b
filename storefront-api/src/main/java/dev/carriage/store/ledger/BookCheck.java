package dev.carriage.store.ledger;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Whether the whole book balances: per currency, debits equal credits, no entry is off, and every
 * sale's record says what its sale entry posted.
 */
public record BookCheck(boolean balanced, List<CurrencyTotal> currencies, List<String> unbalancedEntries, List<String> salesDisagreeing) {

  public record CurrencyTotal(String currency, long debitsMinor, long creditsMinor, long entries) {
    @JsonProperty("differenceMinor")
    public long differenceMinor() {
      return debitsMinor - creditsMinor;
    }
  }

  static BookCheck of(List<CurrencyTotal> totals, List<String> unbalancedEntries, List<String> salesDisagreeing) {
    boolean balanced = unbalancedEntries.isEmpty() && salesDisagreeing.isEmpty() && totals.stream().allMatch(total -> total.differenceMinor() == 0);
    return new BookCheck(balanced, List.copyOf(totals), List.copyOf(unbalancedEntries), List.copyOf(salesDisagreeing));
  }
}
