package dev.carriage.catalog.feed;

import java.util.List;

/** One row of a feed: the entry it maps to (null when it could not be read at all) and what is wrong with it. */
public record ParsedRow(RowRef where, FeedEntry entry, List<FeedProblem> problems) {

  public ParsedRow {
    problems = List.copyOf(problems);
  }

  public boolean valid() {
    return entry != null && problems.isEmpty();
  }
}
