package dev.carriage.node.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte sizes and rates as operators type them: {@code 0}, {@code 512KB}, {@code 2MB/s}, {@code 10GB}. Units are powers of 1000. */
final class Sizes {

  private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([KMGT]?)B?(?:/S)?");

  private Sizes() {}

  static long parse(String text) {
    Matcher matcher = SIZE.matcher(text.strip().toUpperCase(Locale.ROOT));
    if (!matcher.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a size like 500KB, 2MB/s or 10GB");
    }
    double value = Double.parseDouble(matcher.group(1));
    long unit = switch (matcher.group(2)) {
      case "K" -> 1_000L;
      case "M" -> 1_000_000L;
      case "G" -> 1_000_000_000L;
      case "T" -> 1_000_000_000_000L;
      default -> 1L;
    };
    return (long) (value * unit);
  }

  static String format(long bytes) {
    if (bytes < 1_000) {
      return bytes + " B";
    }
    String[] units = {"kB", "MB", "GB", "TB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1_000 && unit < units.length - 1) {
      value /= 1_000;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
