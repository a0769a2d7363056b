package dev.carriage.catalog.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.carriage.catalog.feed.FeedFormat;
import java.util.List;
import java.util.UUID;

/** An import's result: counts, problems of the feed as a whole, and every row's outcome. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImportReport(
    String feed, FeedFormat format, boolean dryRun, Counts counts, List<RowOutcome.Problem> feedProblems, List<RowOutcome> rows,
    UUID storedAs) {

  public record Counts(int created, int updated, int unchanged, int ignored, int rejected, int failed, int mediaIngested) {}

  public ImportReport storedAs(UUID id) {
    return new ImportReport(feed, format, dryRun, counts, feedProblems, rows, id);
  }

  /** True when every row went in (or would, in a dry run) and the feed had no problem. */
  public boolean complete() {
    return feedProblems.isEmpty() && counts.rejected() == 0 && counts.failed() == 0;
  }

  /** The few lines a person reads after an import. */
  public String summary() {
    StringBuilder text = new StringBuilder();
    text.append(dryRun ? "Dry run of " : "Import of ").append(feed).append(" (").append(format).append("): ")
        .append(counts.created()).append(dryRun ? " to create, " : " created, ")
        .append(counts.updated()).append(dryRun ? " to update, " : " updated, ")
        .append(counts.unchanged()).append(" unchanged, ")
        .append(counts.ignored()).append(" ignored, ")
        .append(counts.rejected()).append(" rejected, ")
        .append(counts.failed()).append(" failed; ")
        .append(counts.mediaIngested()).append(dryRun ? " media files to ingest" : " media ingested").append('\n');
    feedProblems.forEach(problem -> text.append("  feed: ").append(problem.path().isEmpty() ? "" : problem.path() + ": ")
        .append(problem.message()).append(" [").append(problem.code()).append("]\n"));
    for (RowOutcome row : rows) {
      if (row.carriers() != null) {
        text.append("  row ").append(row.row()).append(' ').append(row.externalId()).append(": held by ")
            .append(row.carriers()).append(row.carriers() == 1 ? " carrier\n" : " carriers\n");
      }
      if (row.problems().isEmpty()) {
        continue;
      }
      for (RowOutcome.Problem problem : row.problems()) {
        text.append("  row ").append(row.row()).append(row.line() > 0 ? " (line " + row.line() + ")" : "")
            .append(problem.path().isEmpty() ? "" : " " + problem.path()).append(": ").append(problem.message())
            .append(" [").append(problem.code()).append("]\n");
      }
    }
    return text.toString();
  }
}
