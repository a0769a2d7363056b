package dev.carriage.affiliate;

import java.util.List;

/**
 * RFC 4180 CSV lines. A field starting with {@code = + - @} is prefixed with {@code '} so a
 * spreadsheet opening the export never runs a sub-id as a formula (CSV injection).
 */
public final class CsvWriter {

  private final StringBuilder text = new StringBuilder();

  public CsvWriter line(List<?> fields) {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        text.append(',');
      }
      text.append(field(fields.get(i)));
    }
    text.append("\r\n");
    return this;
  }

  @Override
  public String toString() {
    return text.toString();
  }

  static String field(Object value) {
    if (value == null) {
      return "";
    }
    String raw = value.toString();
    if (!(value instanceof Number) && !raw.isEmpty() && "=+-@".indexOf(raw.charAt(0)) >= 0) {
      raw = "'" + raw;
    }
    if (raw.indexOf(',') >= 0 || raw.indexOf('"') >= 0 || raw.indexOf('\n') >= 0 || raw.indexOf('\r') >= 0) {
      return '"' + raw.replace("\"", "\"\"") + '"';
    }
    return raw;
  }
}
