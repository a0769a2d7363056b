package dev.carriage.store.web;

import java.util.Locale;

/** Sizes as people read them, in binary units (a "MiB" is what a file manager shows as "MB"). */
public final class ByteSizes {

  private static final String[] UNITS = {"bytes", "KiB", "MiB", "GiB", "TiB"};

  private ByteSizes() {}

  public static String describe(long bytes) {
    if (bytes < 1024) {
      return bytes + (bytes == 1 ? " byte" : " bytes");
    }
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, value >= 100 ? "%.0f %s" : "%.1f %s", value, UNITS[unit]);
  }
}
