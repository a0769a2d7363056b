package dev.carriage.store.pages.carrier;

import dev.carriage.store.carrier.EarningsView;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A day-by-day series as the page's chart script reads it: {@code {"x":[unix seconds],
 * "series":[{"label","unit","values"}]}}. Numbers only, built here, so the script only draws.
 */
public final class DailyChart {

  private DailyChart() {}

  /** Every day of the period, days without carriage at zero, so the axis spans the period asked for. */
  static String bytes(List<EarningsView.DayBytes> carried, java.time.LocalDate from, java.time.LocalDate to) {
    java.util.Map<java.time.LocalDate, Long> byDay = new java.util.HashMap<>();
    carried.forEach(day -> byDay.merge(day.day(), day.bytes(), Long::sum));
    // MiB with two decimals keeps the axis readable; the table below the chart has exact bytes.
    java.util.Map<java.time.LocalDate, java.math.BigDecimal> mebibytes = new java.util.HashMap<>();
    byDay.forEach((day, bytes) -> mebibytes.put(day, java.math.BigDecimal.valueOf(bytes)
        .divide(java.math.BigDecimal.valueOf(1_048_576), 2, java.math.RoundingMode.HALF_UP)));
    return counts("Verified bytes carried", "MiB", mebibytes, from, to);
  }

  /** A number per day (units sold, a percentage), every day of the period, days without any at zero. */
  public static String counts(String label, String unit, java.util.Map<java.time.LocalDate, ? extends Number> byDay,
      java.time.LocalDate from, java.time.LocalDate to) {
    List<java.time.LocalDate> days = from.datesUntil(to.plusDays(1)).limit(400).toList();
    String x = days.stream().map(d -> String.valueOf(d.atStartOfDay().toEpochSecond(ZoneOffset.UTC))).collect(Collectors.joining(","));
    String values = days.stream().map(d -> byDay.containsKey(d) ? String.valueOf(byDay.get(d)) : "0").collect(Collectors.joining(","));
    return "{\"x\":[" + x + "],\"series\":[{\"label\":\"" + label + "\",\"unit\":\"" + unit + "\",\"values\":[" + values + "]}]}";
  }
}
