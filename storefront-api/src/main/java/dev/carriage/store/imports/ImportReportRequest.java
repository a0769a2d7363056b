package dev.carriage.store.imports;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /api/imports}: an import's report as the command made it. The counts are
 * columns the list shows; {@code rows} (per-row outcomes and errors) is kept as it came.
 */
public record ImportReportRequest(
    @NotBlank @Size(max = 500) String feed,
    @NotNull ImportReportRecord.Format format,
    boolean dryRun,
    @NotNull @Valid Counts counts,
    @NotNull JsonNode rows) {

  public record Counts(
      @PositiveOrZero int created,
      @PositiveOrZero int updated,
      @PositiveOrZero int unchanged,
      @PositiveOrZero int ignored,
      @PositiveOrZero int rejected,
      @PositiveOrZero int failed,
      @PositiveOrZero int mediaIngested) {}
}
