package dev.carriage.store.imports;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A past import's report, as the import command sent it, kept for the publisher to look back at. */
@Entity
@Table(name = "import_report")
public class ImportReportRecord {

  /** The feed formats catalog import reads. */
  public enum Format {
    CSV,
    JSON,
    ERN;

    @Override
    public String toString() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  @Id private UUID id;

  @Column(name = "publisher_id", nullable = false, updatable = false)
  private UUID publisherId;

  @Column(nullable = false, updatable = false)
  private String feed;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false, updatable = false)
  private Format format;

  @Column(name = "dry_run", nullable = false, updatable = false)
  private boolean dryRun;

  @Column(nullable = false, updatable = false)
  private int created;

  @Column(nullable = false, updatable = false)
  private int updated;

  @Column(nullable = false, updatable = false)
  private int unchanged;

  @Column(nullable = false, updatable = false)
  private int ignored;

  @Column(nullable = false, updatable = false)
  private int rejected;

  @Column(nullable = false, updatable = false)
  private int failed;

  @Column(name = "media_ingested", nullable = false, updatable = false)
  private int mediaIngested;

  @Column(name = "report_json", nullable = false, updatable = false)
  private String reportJson;

  @Column(name = "created_at", nullable = false, updatable = false)
  private Instant createdAt;

  protected ImportReportRecord() {}

  ImportReportRecord(UUID publisherId, ImportReportRequest report, String reportJson, Instant now) {
    this.id = UUID.randomUUID();
    this.publisherId = publisherId;
    this.feed = report.feed();
    this.format = report.format();
    this.dryRun = report.dryRun();
    ImportReportRequest.Counts counts = report.counts();
    this.created = counts.created();
    this.updated = counts.updated();
    this.unchanged = counts.unchanged();
    this.ignored = counts.ignored();
    this.rejected = counts.rejected();
    this.failed = counts.failed();
    this.mediaIngested = counts.mediaIngested();
    this.reportJson = reportJson;
    this.createdAt = now;
  }

  public UUID id() {
    return id;
  }

  public UUID publisherId() {
    return publisherId;
  }

  public String reportJson() {
    return reportJson;
  }

  public ImportSummary summary() {
    return new ImportSummary(id, feed, format, dryRun,
        new ImportReportRequest.Counts(created, updated, unchanged, ignored, rejected, failed, mediaIngested), createdAt);
  }

  /** A line of {@code GET /api/imports}. */
  public record ImportSummary(UUID id, String feed, Format format, boolean dryRun, ImportReportRequest.Counts counts, Instant createdAt) {}
}
