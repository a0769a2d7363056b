package dev.carriage.catalog.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.carriage.catalog.feed.FeedEntry;
import dev.carriage.catalog.feed.FeedFormat;
import dev.carriage.catalog.feed.FeedLimits;
import dev.carriage.catalog.feed.Feeds;
import dev.carriage.catalog.feed.MediaFile;
import dev.carriage.catalog.feed.ParsedFeed;
import dev.carriage.catalog.feed.ParsedRow;
import dev.carriage.catalog.feed.RetailPricing;
import dev.carriage.catalog.ingest.MediaIngest;
import dev.carriage.catalog.ingest.MediaSet;
import dev.carriage.node.store.StoreApi;
import dev.carriage.node.store.StoreApiException;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One import of one feed: read and check every row, then (unless a problem stops it) upsert
 * each title by its key and ingest the media the store does not have yet. Every step is
 * idempotent, so a run that stopped half way is finished by running it again.
 */
public final class CatalogImport {

  /** How many rows' outcomes go into the report filed with the store (the local report has all). */
  static final int FILED_ROWS_MAX = 2000;
  private static final Duration REPLICA_POLL = Duration.ofMillis(250);

  /**
   * @param mediaRoot where relative media paths start
   * @param territory the store's territory for DDEX deals
   * @param today the day DDEX deals must be valid on
   * @param replicas how many carriers should cache each title (0: the store's default)
   * @param replicasWait how long to wait for them to fill before reporting (zero: do not wait)
   */
  public record Options(Path feed, FeedFormat format, Path mediaRoot, boolean dryRun, ErrorPolicy policy, FeedLimits limits,
      String territory, LocalDate today, int replicas, Duration replicasWait, RetailPricing pricing) {

    /** An import that leaves replication to the store's default. */
    public Options(Path feed, FeedFormat format, Path mediaRoot, boolean dryRun, ErrorPolicy policy, FeedLimits limits,
        String territory, LocalDate today, RetailPricing pricing) {
      this(feed, format, mediaRoot, dryRun, policy, limits, territory, today, 0, Duration.ZERO, pricing);
    }

    /** An import of a feed that names its own prices (CSV, JSON). */
    public Options(Path feed, FeedFormat format, Path mediaRoot, boolean dryRun, ErrorPolicy policy, FeedLimits limits,
        String territory, LocalDate today) {
      this(feed, format, mediaRoot, dryRun, policy, limits, territory, today, RetailPricing.NONE);
    }
  }

  private final StoreApi store;
  private final String bearer;
  private final MediaIngest ingest;
  private final ImportProgress progress;
  private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();

  /** {@code ingest} may be null for a dry run, which places nothing. */
  public CatalogImport(StoreApi store, String bearer, MediaIngest ingest, ImportProgress progress) {
    this.store = store;
    this.bearer = bearer;
    this.ingest = ingest;
    this.progress = progress;
  }

  public ImportReport run(Options options) throws IOException {
    if (!options.dryRun() && ingest == null) {
      throw new IllegalArgumentException("an import that writes needs an origin to place media on");
    }
    ParsedFeed feed = Feeds.readAndCheck(options.feed(), options.format(), options.mediaRoot(), options.limits(),
        options.territory(), options.today(), options.pricing());
    boolean stopBeforeWriting = options.policy() == ErrorPolicy.STOP && !feed.clean();
    progress.started(feed.rows().size());
    List<RowOutcome> outcomes = new ArrayList<>();
    boolean stopped = stopBeforeWriting;
    for (ParsedRow row : feed.rows()) {
      RowOutcome outcome;
      if (!row.valid()) {
        outcome = outcome(row, "rejected", List.of(), null, "none", problems(row));
      } else if (stopped) {
        outcome = outcome(row, "skipped", List.of(), null, "none", List.of());
      } else {
        outcome = importRow(row, options);
        stopped = options.policy() == ErrorPolicy.STOP && (outcome.action().equals("rejected") || outcome.action().equals("failed"));
      }
      outcomes.add(outcome);
      progress.rowDone(outcome);
    }
    if (options.replicas() > 0 && !options.dryRun() && !options.replicasWait().isZero()) {
      outcomes = waitForCarriers(outcomes, options.replicas(), options.replicasWait());
    }
    progress.finished();
    return new ImportReport(options.feed().getFileName().toString(), feed.format(), options.dryRun(), counts(outcomes),
        feed.feedProblems().stream().map(RowOutcome.Problem::of).toList(), outcomes, null);
  }

  /** Files the report with the store ({@code POST /api/imports}); returns it with the store's id. */
  public ImportReport file(ImportReport report) {
    List<RowOutcome> rows = report.rows().size() > FILED_ROWS_MAX ? report.rows().subList(0, FILED_ROWS_MAX) : report.rows();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("feed", report.feed());
    body.put("format", report.format().toString());
    body.put("dryRun", report.dryRun());
    body.put("counts", report.counts());
    body.put("rows", Map.of("feedProblems", report.feedProblems(), "outcomes", rows, "rowsTotal", report.rows().size()));
    JsonNode filed = store.call("POST", "/api/imports", bearer, json.convertValue(body, JsonNode.class));
    return report.storedAs(UUID.fromString(filed.path("id").asText()));
  }

  private RowOutcome importRow(ParsedRow row, Options options) {
    FeedEntry entry = row.entry();
    String path = "/api/publisher/titles/" + URLEncoder.encode(entry.externalId(), StandardCharsets.UTF_8)
        + (options.dryRun() ? "?dryRun=true" : "");
    try {
      if (!entry.listed()) {
        return takeDown(row, path, entry);
      }
      MediaSet media = new MediaSet(entry.media());
      JsonNode result = store.call("PUT", path, bearer, body(entry, media));
      String action = result.path("outcome").asText();
      List<String> changes = new ArrayList<>();
      result.path("changes").forEach(change -> changes.add(change.asText()));
      UUID titleId = result.path("title").path("id").isMissingNode() ? null : UUID.fromString(result.path("title").path("id").asText());
      if (action.equals("ignored_older")) {
        return outcome(row, action, changes, titleId, "none", List.of());
      }
      String mediaAction = media(titleId, entry.name(), media, result.path("sourceDigest").asText(null), options.dryRun());
      if (entry.cover() != null && !options.dryRun()) {
        cover(path, entry.cover());
      }
      if (options.replicas() > 0 && !options.dryRun()) {
        store.call("PUT", "/api/grid/titles/" + titleId + "/replicas", bearer, Map.of("target", options.replicas()));
      }
      return outcome(row, action, changes, titleId, mediaAction, List.of());
    } catch (CoverRefused refused) {
      return outcome(row, "rejected", List.of(), null, "none", List.of(new RowOutcome.Problem("Image", "cover", refused.getMessage())));
    } catch (StoreApiException refused) {
      String action = refused.status() >= 400 && refused.status() < 500 ? "rejected" : "failed";
      return outcome(row, action, List.of(), null, "none", List.of(new RowOutcome.Problem("", "store", refused.getMessage())));
    } catch (IOException broken) {
      return outcome(row, "failed", List.of(), null, "none", List.of(new RowOutcome.Problem("", "io", String.valueOf(broken.getMessage()))));
    }
  }

  /**
   * Carriers fill their caches from the origin on their own, least replicated title first; this
   * waits until each imported title is held complete by {@code replicas} of them, or time runs out.
   */
  private List<RowOutcome> waitForCarriers(List<RowOutcome> outcomes, int replicas, Duration wait) {
    Instant deadline = Instant.now().plus(wait);
    List<RowOutcome> waited = new ArrayList<>(outcomes);
    while (true) {
      boolean all = true;
      for (int i = 0; i < waited.size(); i++) {
        RowOutcome row = waited.get(i);
        if (row.titleId() == null || row.action().equals("rejected") || row.action().equals("failed")) {
          continue;
        }
        long held = store.call("GET", "/api/grid/titles/" + row.titleId() + "/replicas", bearer, null).path("complete").asLong();
        waited.set(i, row.withCarriers(held));
        all &= held >= replicas;
      }
      if (all || Instant.now().isAfter(deadline)) {
        return waited;
      }
      try {
        Thread.sleep(REPLICA_POLL.toMillis());
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        return waited;
      }
    }
  }

  private RowOutcome takeDown(ParsedRow row, String path, FeedEntry entry) {
    String takedownPath = path.replaceFirst("(\\?|$)", "/takedown$1");
    Map<String, Object> body = new LinkedHashMap<>();
    if (entry.messageAt() != null) {
      body.put("messageAt", entry.messageAt().toString());
    }
    try {
      JsonNode result = store.call("POST", takedownPath, bearer, body);
      return outcome(row, result.path("outcome").asText(), List.of(), UUID.fromString(result.path("title").path("id").asText()), "none",
          List.of());
    } catch (StoreApiException refused) {
      if (refused.status() == 404) {
        return outcome(row, "skipped", List.of(), null, "none",
            List.of(new RowOutcome.Problem("", "no-deal", String.join("; ", entry.notes()) + ", and the store does not have it: nothing to take down")));
      }
      throw refused;
    }
  }

  private String media(UUID titleId, String name, MediaSet media, String storedDigest, boolean dryRun) throws IOException {
    if (dryRun && titleId == null) {
      return "would_ingest";
    }
    String digest = media.digest(bytes -> { });
    if (digest.equals(storedDigest)) {
      return "unchanged";
    }
    if (dryRun) {
      return "would_ingest";
    }
    progress.fileStarted(media.bundled() ? name + " (" + media.files().size() + " files)" : media.files().get(0).declared(),
        media.sizeBytes());
    try {
      ingest.ingest(titleId, media, digest, progress::fileBytes);
    } finally {
      progress.fileDone();
    }
    return "ingested";
  }

  private Map<String, Object> body(FeedEntry entry, MediaSet media) throws IOException {
    Map<String, Object> title = new LinkedHashMap<>();
    title.put("kind", entry.kind().toLowerCase(Locale.ROOT));
    title.put("name", entry.name());
    title.put("description", Optional.ofNullable(entry.description()).orElse(""));
    title.put("price", Map.of("amountMinor", entry.priceMinor(), "currency", entry.currency()));
    if (entry.wholesaleMinor() != null) {
      title.put("wholesale", Map.of("amountMinor", entry.wholesaleMinor(), "currency", entry.currency()));
    }
    title.put("sizeBytes", media.sizeBytes());
    title.put("releaseDate", entry.releaseDate().toString());
    title.put("tags", entry.tags());
    title.put("demo", entry.trialDays() == null ? Map.of("policy", "none") : Map.of("policy", "trial", "days", entry.trialDays()));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("title", title);
    body.put("onSale", true);
    if (media.bundled() || entry.kind().equalsIgnoreCase("music")) {
      List<Map<String, Object>> tracks = new ArrayList<>();
      for (MediaFile file : media.files()) {
        Map<String, Object> track = new LinkedHashMap<>();
        track.put("name", Optional.ofNullable(file.trackName()).orElse(file.path().getFileName().toString()));
        track.put("isrc", file.isrc());
        track.put("durationSeconds", file.durationSeconds());
        track.put("fileName", file.path().getFileName().toString());
        track.put("sizeBytes", java.nio.file.Files.size(file.path()));
        tracks.add(track);
      }
      body.put("tracks", tracks);
    }
    if (entry.messageAt() != null) {
      body.put("messageAt", entry.messageAt().toString());
    }
    return body;
  }

  /** The cover image is sent as it is: the store checks that it is a PNG or JPEG of a sane size. */
  private void cover(String titlePath, MediaFile cover) throws IOException {
    String path = titlePath.replaceFirst("(\\?|$)", "/cover$1");
    byte[] bytes = java.nio.file.Files.readAllBytes(cover.path());
    String name = cover.path().getFileName().toString().toLowerCase(Locale.ROOT);
    String type = name.endsWith(".png") ? "image/png" : name.endsWith(".jpg") || name.endsWith(".jpeg") ? "image/jpeg" : null;
    if (type == null) {
      throw new CoverRefused("the cover '" + cover.declared() + "' is not a .png or .jpg file");
    }
    try {
      store.putBytes(path, bearer, type, bytes);
    } catch (StoreApiException refused) {
      throw new CoverRefused("the store refused the cover '" + cover.declared() + "': " + refused.getMessage());
    }
  }

  private static final class CoverRefused extends RuntimeException {
    CoverRefused(String message) {
      super(message);
    }
  }

  private static List<RowOutcome.Problem> problems(ParsedRow row) {
    return row.problems().stream().map(RowOutcome.Problem::of).toList();
  }

  private static RowOutcome outcome(ParsedRow row, String action, List<String> changes, UUID titleId, String media,
      List<RowOutcome.Problem> problems) {
    String key = row.entry() == null ? null : row.entry().externalId();
    List<String> notes = row.entry() == null ? List.of() : row.entry().notes();
    return new RowOutcome(row.where().row(), row.where().line(), key, action, changes, titleId, media, problems, null, notes);
  }

  private static ImportReport.Counts counts(List<RowOutcome> rows) {
    int created = 0;
    int updated = 0;
    int unchanged = 0;
    int ignored = 0;
    int rejected = 0;
    int failed = 0;
    int ingested = 0;
    for (RowOutcome row : rows) {
      switch (row.action()) {
        case "created" -> created++;
        case "updated", "taken_down" -> updated++;
        case "unchanged" -> unchanged++;
        case "ignored_older", "skipped" -> ignored++;
        case "rejected" -> rejected++;
        case "failed" -> failed++;
        default -> throw new IllegalStateException("unknown action " + row.action());
      }
      if (row.media().equals("ingested") || row.media().equals("would_ingest")) {
        ingested++;
      }
    }
    return new ImportReport.Counts(created, updated, unchanged, ignored, rejected, failed, ingested);
  }
}
