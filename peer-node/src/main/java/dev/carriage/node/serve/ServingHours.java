package dev.carriage.node.serve;

import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The hours in which the operator lets the node serve, e.g. {@code 22:00-07:00} for nights only
 * (a window may cross midnight), several separated by commas. Empty means always.
 */
public record ServingHours(List<Window> windows) {

  public record Window(LocalTime from, LocalTime to) {
    boolean contains(LocalTime time) {
      if (from.equals(to)) {
        return true;
      }
      return from.isBefore(to) ? !time.isBefore(from) && time.isBefore(to) : !time.isBefore(from) || time.isBefore(to);
    }
  }

  public static final ServingHours ALWAYS = new ServingHours(List.of());

  public ServingHours {
    windows = List.copyOf(windows);
  }

  public static ServingHours parse(String text) {
    if (text == null || text.isBlank()) {
      return ALWAYS;
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
    return new ServingHours(windows);
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
