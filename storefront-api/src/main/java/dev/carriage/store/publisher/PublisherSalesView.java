package dev.carriage.store.publisher;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A publisher's sales over whole days (UTC), cut by day or by title. A sale counts on the day it
 * was paid; a refund (or lost dispute) counts on the day it happened, with the royalty it took
 * back, so a period's net royalty is what it added to the publisher's balance.
 */
public record PublisherSalesView(LocalDate from, LocalDate to, String groupBy, List<Row> rows, List<Total> totals) {

  /** One day or one title in one currency. {@code key} is the day (ISO) or the title id. */
  public record Row(String key, UUID titleId, String titleName, String currency, long units, long grossMinor, long royaltyMinor,
      long refunds, long refundedGrossMinor, long refundedRoyaltyMinor) {

    @JsonProperty("netRoyaltyMinor")
    public long netRoyaltyMinor() {
      return royaltyMinor - refundedRoyaltyMinor;
    }
  }

  /** The whole period in one currency. */
  public record Total(String currency, long units, long grossMinor, long royaltyMinor, long refunds, long refundedGrossMinor,
      long refundedRoyaltyMinor) {

    @JsonProperty("netRoyaltyMinor")
    public long netRoyaltyMinor() {
      return royaltyMinor - refundedRoyaltyMinor;
    }
  }
}
