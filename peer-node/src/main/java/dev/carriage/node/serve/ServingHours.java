package dev.carriage.node.serve;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The hours in which the operator lets the node serve, e.g. {@code 22:00-07:00} for nights only
 * (a window may cross midnight), several separated by commas. Empty means always. The hours are
 * the operator's wall-clock time: they are read in the time zone of the machine the node runs on
 * (or the one given), never in UTC, so "nights" means the operator's nights.
 */
public record ServingHours(List<Window> windows, ZoneId zone) {

  public record Window(LocalTime from, LocalTime to) {
    boolean contains(LocalTime time) {
      if (from.equals(to)) {
        return true;
      }
      return from.isBefore(to) ? !time.isBefore(from) && time.isBefore(to) : !time.isBefore(from) || time.isBefore(to);
    }
  }

  public static final ServingHours ALWAYS = new ServingHours(List.of(), ZoneId.systemDefault());

  public ServingHours {
    windows = List.copyOf(windows);
    java.util.Objects.requireNonNull(zone, "zone");
  }

  /** Hours in this machine's time zone. */
  public static ServingHours parse(String text) {
    return parse(text, ZoneId.systemDefault());
  }

  public static ServingHours parse(String text, ZoneId zone) {
    if (text == null || text.isBlank()) {
      return new ServingHours(List.of(), zone);
    }
    List<Window> windows = new ArrayList<>();
    for (String part : text.split(",")) {
      String[] ends = part.strip().split("-");
      if (ends.length != 2) {
        throw new IllegalArgumentException("serving hours: '" + part.strip() + "' is not HH:MM-HH:MM");
      }
      try {
        windows.add(new Window(LocalTime.parse(ends[0].strip()), LocalTime.parse(ends[1].strip())));
      } catch (DateTimeParseException bad) {
        throw new IllegalArgumentException("serving hours: '" + part.strip() + "' is not HH:MM-HH:MM");
      }
    }
    return new ServingHours(windows, zone);
  }

  /** Whether the node may serve at this moment, read as the operator's local time. */
  public boolean allows(Instant now) {
    return allows(LocalTime.ofInstant(now, zone));
  }

  public boolean allows(LocalTime time) {
    return windows.isEmpty() || windows.stream().anyMatch(window -> window.contains(time));
  }

  @Override
  public String toString() {
    if (windows.isEmpty()) {
      return "always";
    }
    return String.join(",", windows.stream().map(window -> window.from() + "-" + window.to()).toList());
  }
}
