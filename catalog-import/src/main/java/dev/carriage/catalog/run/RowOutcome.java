package dev.carriage.catalog.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.carriage.catalog.feed.FeedProblem;
import java.util.List;
import java.util.UUID;

/**
 * What became of one feed row.
 *
 * @param action created, updated, unchanged, ignored_older, taken_down, rejected (the feed's
 *     or the store's rules), failed (the import broke), skipped (not reached, or nothing to do)
 * @param media ingested, unchanged, would_ingest (dry run), or none
 * @param carriers how many carriers held the title complete when the import stopped waiting
 *     for its replication target; absent when it did not wait
 * @param notes what the feed's reader decided (DDEX: the date used, the cover, other resources, why a release was taken down)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record RowOutcome(
    int row, int line, String externalId, String action, List<String> changes, UUID titleId, String media, List<Problem> problems,
    Long carriers,
    List<String> notes) {

  RowOutcome withCarriers(long held) {
    return new RowOutcome(row, line, externalId, action, changes, titleId, media, problems, held, notes);
  }

  /** A problem as the report shows it. */
  public record Problem(String path, String code, String message) {
    static Problem of(FeedProblem problem) {
      return new Problem(problem.path(), problem.code(), problem.message());
    }
  }
}
