package dev.carriage.catalog.feed;

/**
 * Where in the feed an entry came from, as a person opening the file would look for it.
 *
 * @param row the entry's number in the feed, from 1 (CSV data row, JSON array element, ERN release)
 * @param line the line it starts on, from 1; 0 when the format does not say
 */
public record RowRef(int row, int line) {

  /** The whole feed, for a problem that is not one row's. */
  public static final RowRef FEED = new RowRef(0, 0);

  @Override
  public String toString() {
    if (row == 0) {
      return line == 0 ? "feed" : "line " + line;
    }
    return line == 0 ? "row " + row : "row " + row + " (line " + line + ")";
  }
}
