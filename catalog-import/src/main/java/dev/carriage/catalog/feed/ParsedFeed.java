package dev.carriage.catalog.feed;

import java.util.List;
import java.util.stream.Stream;

/**
 * A feed as read: its rows, and problems of the feed as a whole (a broken header, an XML
 * document with a DOCTYPE, JSON that stops parsing). A feed-level problem rejects every row
 * after the point it was found, since those rows could not be read.
 */
public record ParsedFeed(FeedFormat format, List<ParsedRow> rows, List<FeedProblem> feedProblems) {

  public ParsedFeed {
    rows = List.copyOf(rows);
    feedProblems = List.copyOf(feedProblems);
  }

  public List<FeedProblem> allProblems() {
    return Stream.concat(feedProblems.stream(), rows.stream().flatMap(row -> row.problems().stream())).toList();
  }

  public boolean clean() {
    return allProblems().isEmpty();
  }
}
