package dev.carriage.store.catalog;

import dev.carriage.store.problem.Problem;
import dev.carriage.store.problem.ProblemException;
import dev.carriage.store.problem.ProblemType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * A catalog query: text, filters, order and page. Built only from checked input, so the query
 * that runs it never sees a value it did not expect.
 */
public record TitleSearch(
    Optional<String> text,
    Optional<TitleKind> kind,
    List<String> tags,
    Optional<UUID> publisher,
    OptionalLong priceMaxMinor,
    Sort sort,
    int page,
    int pageSize) {

  public static final int TEXT_LENGTH_MAX = 100;
  public static final int TAG_FILTER_COUNT_MAX = 5;
  public static final int PAGE_MAX = 10_000;
  public static final int PAGE_SIZE_MAX = 100;
  public static final int PAGE_SIZE_DEFAULT = 20;
  public static final long PRICE_MAX_MINOR = TitleRequest.PRICE_MINOR_MAX;

  /** Orders a client may ask for; each ends with the title id so paging is stable. */
  public enum Sort {
    NAME("name", "lower(t.name) asc"),
    NAME_DESCENDING("-name", "lower(t.name) desc"),
    PRICE("price", "t.currency asc, t.priceMinor asc"),
    PRICE_DESCENDING("-price", "t.currency asc, t.priceMinor desc"),
    RELEASE_DATE("releaseDate", "t.releaseDate asc"),
    RELEASE_DATE_DESCENDING("-releaseDate", "t.releaseDate desc"),
    NEWEST("-createdAt", "t.createdAt desc");

    private final String parameter;
    private final String orderBy;

    Sort(String parameter, String orderBy) {
      this.parameter = parameter;
      this.orderBy = orderBy;
    }

    String orderBy() {
      return orderBy + ", t.id asc";
    }

    static Optional<Sort> ofParameter(String parameter) {
      return Arrays.stream(values()).filter(sort -> sort.parameter.equals(parameter)).findFirst();
    }

    static List<String> parameters() {
      return Arrays.stream(values()).map(sort -> sort.parameter).toList();
    }
  }

  /** Parses raw query parameters; every bad one is reported at once, by name. */
  public static TitleSearch parse(
      String text, String kind, List<String> tags, String publisher, String sort, String page, String pageSize) {
    return parse(text, kind, tags, publisher, null, sort, page, pageSize);
  }

  /**
   * As above, with {@code priceMax}: the highest price to show, in the currency's minor units
   * (a title priced in another currency is compared by its minor units too: prices are not
   * converted).
   */
  public static TitleSearch parse(String text, String kind, List<String> tags, String publisher, String priceMax,
      String sort, String page, String pageSize) {
    List<Problem.FieldError> errors = new ArrayList<>();
    Optional<String> cleanText = Optional.ofNullable(text).map(String::strip).filter(t -> !t.isEmpty());
    if (cleanText.isPresent() && cleanText.get().length() > TEXT_LENGTH_MAX) {
      errors.add(new Problem.FieldError("q", "must be at most " + TEXT_LENGTH_MAX + " characters"));
    } else if (cleanText.isPresent() && cleanText.get().chars().anyMatch(Character::isISOControl)) {
      errors.add(new Problem.FieldError("q", "must not contain control characters"));
    }
    Optional<TitleKind> cleanKind = Optional.empty();
    if (kind != null && !kind.isBlank()) {
      cleanKind = Arrays.stream(TitleKind.values()).filter(k -> k.toString().equals(kind.strip().toLowerCase(Locale.ROOT))).findFirst();
      if (cleanKind.isEmpty()) {
        errors.add(new Problem.FieldError("kind", "must be one of " + Arrays.toString(TitleKind.values())));
      }
    }
    List<String> cleanTags = tags == null ? List.of() : tags.stream().map(t -> t.strip().toLowerCase(Locale.ROOT)).distinct().toList();
    if (cleanTags.size() > TAG_FILTER_COUNT_MAX) {
      errors.add(new Problem.FieldError("tag", "at most " + TAG_FILTER_COUNT_MAX + " tags can be combined"));
    } else if (cleanTags.stream().anyMatch(t -> !t.matches(TitleRequest.TAG_PATTERN))) {
      errors.add(new Problem.FieldError("tag", TitleRequest.TAG_RULE));
    }
    Optional<UUID> cleanPublisher = Optional.empty();
    if (publisher != null && !publisher.isBlank()) {
      try {
        cleanPublisher = Optional.of(UUID.fromString(publisher.strip()));
      } catch (IllegalArgumentException notUuid) {
        errors.add(new Problem.FieldError("publisher", "must be a publisher id (a UUID)"));
      }
    }
    OptionalLong cleanPriceMax = OptionalLong.empty();
    if (priceMax != null && !priceMax.isBlank()) {
      long parsed = wholeNumber("priceMax", priceMax, -1, 0, PRICE_MAX_MINOR, errors);
      if (parsed >= 0) {
        cleanPriceMax = OptionalLong.of(parsed);
      }
    }
    Sort cleanSort = Sort.NAME;
    if (sort != null && !sort.isBlank()) {
      Optional<Sort> parsed = Sort.ofParameter(sort.strip());
      if (parsed.isEmpty()) {
        errors.add(new Problem.FieldError("sort", "must be one of " + Sort.parameters()));
      } else {
        cleanSort = parsed.get();
      }
    }
    int cleanPage = wholeNumber("page", page, 1, 1, PAGE_MAX, errors);
    int cleanPageSize = wholeNumber("pageSize", pageSize, PAGE_SIZE_DEFAULT, 1, PAGE_SIZE_MAX, errors);
    if (!errors.isEmpty()) {
      String detail = errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).message() : errors.size() + " query parameters are invalid";
      throw new ProblemException(ProblemType.VALIDATION_FAILED, detail, errors);
    }
    return new TitleSearch(cleanText, cleanKind, cleanTags, cleanPublisher, cleanPriceMax, cleanSort, cleanPage, cleanPageSize);
  }

  private static int wholeNumber(String name, String raw, int fallback, int min, int max, List<Problem.FieldError> errors) {
    return (int) wholeNumber(name, raw, (long) fallback, min, (long) max, errors);
  }

  private static long wholeNumber(String name, String raw, long fallback, long min, long max, List<Problem.FieldError> errors) {
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    try {
      long value = Long.parseLong(raw.strip());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException notANumber) {
      // reported below, like a number out of range
    }
    errors.add(new Problem.FieldError(name, "must be a whole number from " + min + " to " + max));
    return fallback;
  }

  int offset() {
    return (page - 1) * pageSize;
  }
}
