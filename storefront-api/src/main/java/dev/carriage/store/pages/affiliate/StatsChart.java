package dev.carriage.store.pages.affiliate;

import dev.carriage.store.affiliate.GroupBy;
import dev.carriage.store.affiliate.StatsView;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.stream.Collectors;

/** Clicks and orders per day for the dashboard's chart; nothing when the rows are not days. */
final class StatsChart {

  private StatsChart() {}

  static String of(StatsView stats) {
    if (stats.groupBy() != GroupBy.DAY || stats.rows().isEmpty()) {
      return null;
    }
    String x = stats.rows().stream().map(row -> String.valueOf(LocalDate.parse(row.key()).atStartOfDay().toEpochSecond(ZoneOffset.UTC)))
        .collect(Collectors.joining(","));
    String clicks = stats.rows().stream().map(row -> String.valueOf(row.clicks())).collect(Collectors.joining(","));
    String orders = stats.rows().stream().map(row -> String.valueOf(row.orders())).collect(Collectors.joining(","));
    return "{\"x\":[" + x + "],\"series\":[{\"label\":\"Clicks\",\"values\":[" + clicks + "]},"
        + "{\"label\":\"Orders\",\"scale\":\"y2\",\"values\":[" + orders + "]}]}";
  }
}
