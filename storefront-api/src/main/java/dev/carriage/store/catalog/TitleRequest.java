package dev.carriage.store.catalog;

import dev.carriage.store.web.TextRules;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.List;

/**
 * The body of {@code POST /api/titles} and {@code PUT /api/titles/{id}}: every field a
 * publisher controls. A PUT replaces them all. {@code wholesale} is the deal's price to the
 * store when there is one (a DDEX deal's): it is then the publisher's royalty on each sale.
 */
public record TitleRequest(
    @NotNull TitleKind kind,
    @NotBlank @Size(max = NAME_LENGTH_MAX) @Pattern(regexp = TextRules.SINGLE_LINE, message = TextRules.SINGLE_LINE_RULE) String name,
    @NotNull @Size(max = DESCRIPTION_LENGTH_MAX) String description,
    @NotNull @Valid Price price,
    @NotNull @Positive @Max(SIZE_BYTES_MAX) Long sizeBytes,
    @NotNull LocalDate releaseDate,
    @Size(max = TAG_COUNT_MAX) List<@NotNull @Pattern(regexp = TAG_PATTERN, message = TAG_RULE) String> tags,
    @Valid Demo demo,
    @Valid Price wholesale) {

  public static final int NAME_LENGTH_MAX = 200;
  public static final int DESCRIPTION_LENGTH_MAX = 5000;
  public static final int TAG_COUNT_MAX = 20;
  /** One tebibyte: larger than any game shipped today, small enough to catch a unit mistake. */
  public static final long SIZE_BYTES_MAX = 1L << 40;
  /** Ten million in major units; above it a price is a typo, not a product. */
  public static final long PRICE_MINOR_MAX = 1_000_000_000L;
  public static final String TAG_PATTERN = "[A-Za-z0-9][A-Za-z0-9-]{0,31}";
  public static final String TAG_RULE = "must be 1 to 32 letters, digits or dashes, starting with a letter or digit";

  /** A price in the currency's minor units: {@code {"amountMinor": 1999, "currency": "EUR"}}. */
  public record Price(
      @NotNull @PositiveOrZero @Max(PRICE_MINOR_MAX) Long amountMinor,
      @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR") String currency) {}

  /** {@code {"policy": "none"}} or {@code {"policy": "trial", "days": 30}}. */
  public record Demo(@NotNull DemoPolicy policy, @Min(1) @Max(TRIAL_DAYS_MAX) Integer days) {
    public static final int TRIAL_DAYS_MAX = 365;
  }
}
