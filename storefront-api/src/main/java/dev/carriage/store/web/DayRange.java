package dev.carriage.store.web;

import dev.carriage.store.problem.ProblemException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** A period of whole days in UTC, both ends included, as dashboards take it: {@code ?from=YYYY-MM-DD&to=YYYY-MM-DD}. */
public record DayRange(LocalDate from, LocalDate to) {

  /**
   * The range the query parameters name: {@code to} defaults to today, {@code from} to
   * {@code defaultDays} before it; more than {@code maxDays} is refused, naming the field.
   */
  public static DayRange parse(String from, String to, Clock clock, long defaultDays, long maxDays) {
    LocalDate last = to == null ? LocalDate.now(clock.withZone(ZoneOffset.UTC)) : date("to", to);
    LocalDate first = from == null ? last.minusDays(defaultDays - 1) : date("from", from);
    if (first.isAfter(last)) {
      throw ProblemException.invalidField("from", "must not be after to (" + last + ")");
    }
    if (ChronoUnit.DAYS.between(first, last) >= maxDays) {
      throw ProblemException.invalidField("to", "the range may span at most " + maxDays + " days");
    }
    return new DayRange(first, last);
  }

  public Instant start() {
    return from.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** The instant after the last day: the range is [start, end). */
  public Instant end() {
    return to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  private static LocalDate date(String field, String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException notDate) {
      throw ProblemException.invalidField(field, "must be a date as YYYY-MM-DD");
    }
  }
}
