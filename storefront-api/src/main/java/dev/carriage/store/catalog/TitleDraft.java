package dev.carriage.store.catalog;

import dev.carriage.ledger.Money;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/** A title's publisher-controlled fields, already checked: only valid drafts can be built. */
public record TitleDraft(
    TitleKind kind,
    String name,
    String description,
    Money price,
    long sizeBytes,
    LocalDate releaseDate,
    List<String> tags,
    OptionalInt trialDays,
    Optional<Money> wholesale) {

  public TitleDraft {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(releaseDate, "releaseDate");
    Objects.requireNonNull(trialDays, "trialDays");
    if (price.isNegative()) {
      throw new IllegalArgumentException("price: " + price + " (expected: >= 0)");
    }
    if (sizeBytes <= 0) {
      throw new IllegalArgumentException("sizeBytes: " + sizeBytes + " (expected: > 0)");
    }
    Objects.requireNonNull(wholesale, "wholesale");
    wholesale.ifPresent(w -> {
      if (w.isNegative() || !w.currency().equals(price.currency())) {
        throw new IllegalArgumentException("wholesale: " + w + " (expected: >= 0, in the price's currency " + price.currencyCode() + ")");
      }
    });
    tags = List.copyOf(tags);
  }
}
