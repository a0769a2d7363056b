package dev.carriage.store.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.carriage.ledger.Money;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A title as the store shows it. */
public record TitleView(
    UUID id,
    TitleKind kind,
    String name,
    String description,
    Publisher publisher,
    Price price,
    long sizeBytes,
    LocalDate releaseDate,
    List<String> tags,
    Demo demo,
    boolean onSale,
    Instant createdAt,
    Instant updatedAt) {

  public record Publisher(UUID id, String name) {}

  /** {@code formatted} is for display only; clients compute with {@code amountMinor}. */
  public record Price(long amountMinor, String currency, String formatted) {
    public static Price of(Money money) {
      return new Price(money.minor(), money.currencyCode(), money.toString());
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Demo(DemoPolicy policy, Integer days) {}

  public static TitleView of(Title title) {
    Demo demo =
        title.trialDays().isPresent()
            ? new Demo(DemoPolicy.TRIAL, title.trialDays().getAsInt())
            : new Demo(DemoPolicy.NONE, null);
    return new TitleView(
        title.id(),
        title.kind(),
        title.name(),
        title.description(),
        new Publisher(title.publisher().id(), title.publisher().displayName()),
        Price.of(title.price()),
        title.sizeBytes(),
        title.releaseDate(),
        title.tags(),
        demo,
        title.onSale(),
        title.createdAt(),
        title.updatedAt());
  }
}
