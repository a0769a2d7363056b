package dev.carriage.node.play;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One range of bytes a player asked for ({@code Range: bytes=first-last}, {@code bytes=first-}
 * or {@code bytes=-suffix}), inclusive, within a file of known size. A player asks for one
 * range at a time; several ranges in one request are refused as unsatisfiable rather than
 * answered with a multipart body no player needs.
 */
public record ByteRange(long first, long last) {

  private static final Pattern SINGLE = Pattern.compile("bytes=(\\d{0,19})-(\\d{0,19})");

  public ByteRange {
    if (first < 0 || last < first) {
      throw new IllegalArgumentException("bytes " + first + "-" + last);
    }
  }

  public long length() {
    return last - first + 1;
  }

  /** The whole file, or the range the header asks for; empty without a header. */
  public static Optional<ByteRange> parse(String header, long size) throws Unsatisfiable {
    if (header == null) {
      return Optional.empty();
    }
    Matcher single = SINGLE.matcher(header.trim());
    if (!single.matches() || (single.group(1).isEmpty() && single.group(2).isEmpty())) {
      throw new Unsatisfiable("a single range of bytes (bytes=first-last), not " + quoted(header));
    }
    try {
      if (single.group(1).isEmpty()) {
        long suffix = Long.parseLong(single.group(2));
        if (suffix == 0) {
          throw new Unsatisfiable("the last 0 bytes");
        }
        return Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
      }
      long first = Long.parseLong(single.group(1));
      long last = single.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(single.group(2)));
      if (first >= size || last < first) {
        throw new Unsatisfiable("bytes " + first + "-" + single.group(2) + " of a file of " + size + " bytes");
      }
      return Optional.of(new ByteRange(first, last));
    } catch (NumberFormatException tooLarge) {
      throw new Unsatisfiable("a range beyond any file: " + quoted(header));
    }
  }

  private static String quoted(String header) {
    return "\"" + (header.length() > 80 ? header.substring(0, 80) + "..." : header) + "\"";
  }

  /** A range the file cannot give: answered 416 with the file's size. */
  public static final class Unsatisfiable extends Exception {
    public Unsatisfiable(String message) {
      super(message);
    }
  }
}
