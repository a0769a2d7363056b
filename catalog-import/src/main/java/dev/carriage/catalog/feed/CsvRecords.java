package dev.carriage.catalog.feed;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 records, read one at a time with the line each starts on. A record with broken
 * quoting or an over-long field is returned with its problem, and reading carries on at the
 * next line, so one bad row does not hide the rest of the feed. Fields are never held past
 * the length limit, whatever the input.
 */
final class CsvRecords {

  /** A record: its fields, the line it started on, and what was wrong with it, if anything. */
  record Record(List<String> fields, int line, String problemCode, String problem) {}

  private static final int END = -1;

  private final Reader in;
  private final int fieldCharsMax;
  private int line = 1;
  private int pushedBack = -2;

  CsvRecords(Reader in, int fieldCharsMax) {
    this.in = in;
    this.fieldCharsMax = fieldCharsMax;
  }

  /** The next record, or null at the end of the input. Blank lines are skipped. */
  Record next() throws IOException {
    int c = read();
    while (c == '\n' || c == '\r') {
      c = read();
    }
    if (c == END) {
      return null;
    }
    int startLine = line;
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean afterQuote = false;
    int quoteLine = 0;
    while (true) {
      if (quoted) {
        if (c == END) {
          return new Record(fields, startLine, "malformed", "a quoted field opened on line " + quoteLine + " is never closed");
        }
        if (c == '"') {
          int peek = read();
          if (peek == '"') {
            if (!append(field, '"')) {
              return tooLong(fields, startLine, true);
            }
          } else {
            quoted = false;
            afterQuote = true;
            c = peek;
            continue;
          }
        } else if (!append(field, (char) c)) {
          return tooLong(fields, startLine, true);
        }
        c = read();
        continue;
      }
      if (c == ',' || c == '\n' || c == '\r' || c == END) {
        fields.add(field.toString());
        field.setLength(0);
        afterQuote = false;
        if (c != ',') {
          if (c == '\r') {
            int peek = read();
            if (peek != '\n') {
              unread(peek);
            }
          }
          return new Record(fields, startLine, null, null);
        }
      } else if (afterQuote) {
        skipRestOfLine(c);
        return new Record(fields, startLine, "malformed", "text after a closing quote on line " + line + " (a quote inside a field must be doubled)");
      } else if (c == '"') {
        if (field.length() > 0) {
          skipRestOfLine(c);
          return new Record(fields, startLine, "malformed", "a quote inside an unquoted field on line " + line + " (quote the whole field)");
        }
        quoted = true;
        quoteLine = line;
      } else if (!append(field, (char) c)) {
        return tooLong(fields, startLine, false);
      }
      c = read();
    }
  }

  private boolean append(StringBuilder field, char c) {
    if (field.length() >= fieldCharsMax) {
      return false;
    }
    field.append(c);
    return true;
  }

  /** Skips the rest of the over-long field's record, honouring quotes so a quoted newline does not end it early. */
  private Record tooLong(List<String> fields, int startLine, boolean insideQuotes) throws IOException {
    boolean quoted = insideQuotes;
    int c;
    while ((c = read()) != END) {
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && (c == '\n' || c == '\r')) {
        break;
      }
    }
    return new Record(fields, startLine, "too-long",
        "field " + (fields.size() + 1) + " is longer than " + fieldCharsMax + " characters");
  }

  private void skipRestOfLine(int c) throws IOException {
    while (c != END && c != '\n' && c != '\r') {
      c = read();
    }
  }

  private int read() throws IOException {
    int c;
    if (pushedBack != -2) {
      c = pushedBack;
      pushedBack = -2;
    } else {
      c = in.read();
    }
    if (c == '\n') {
      line++;
    }
    return c;
  }

  private void unread(int c) {
    if (c == '\n') {
      line--;
    }
    pushedBack = c;
  }
}
