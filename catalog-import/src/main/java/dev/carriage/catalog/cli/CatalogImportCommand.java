package dev.carriage.catalog.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.carriage.catalog.feed.FeedFormat;
import dev.carriage.catalog.feed.FeedLimits;
import dev.carriage.catalog.feed.RetailPricing;
import dev.carriage.catalog.ingest.MediaIngest;
import dev.carriage.catalog.run.CatalogImport;
import dev.carriage.catalog.run.ErrorPolicy;
import dev.carriage.catalog.run.ImportReport;
import dev.carriage.node.cli.StoreOptions;
import dev.carriage.node.storage.PieceStore;
import dev.carriage.node.store.StoreApi;
import dev.carriage.node.store.StoreApiException;
import dev.carriage.node.store.StoreKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code catalog-import FEED}: a publisher's feed into the store and onto the grid. */
@Command(name = "catalog-import", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Imports a publisher feed (CSV, JSON or a DDEX ERN 4 NewReleaseMessage): checks every row, creates or updates"
        + " the titles in the store by their external id, encrypts new or changed media into pieces, has the store sign the"
        + " manifests and places the pieces on the origin. Running it again changes nothing that did not change, and finishes"
        + " an import that stopped half way.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every row imported (or would be)", "1:some rows were rejected or failed; see the report", "2:bad usage"})
public final class CatalogImportCommand implements Callable<Integer> {

  @Parameters(index = "0", description = "The feed: .csv, .json or .xml (DDEX ERN).")
  Path feed;

  @Mixin StoreOptions store = new StoreOptions();

  @Option(names = "--origin", description = "The origin's data directory, where the pieces are placed (needed unless --dry-run).")
  Path origin;

  @Option(names = "--dry-run", description = "Report what would be created, updated and rejected; write nothing.")
  boolean dryRun;

  @Option(names = "--on-error", defaultValue = "stop", description = "stop: any problem writes nothing; skip: import the valid rows (default: ${DEFAULT-VALUE}).")
  String onError;

  @Option(names = "--format", description = "csv, json or ern (default: from the file name).")
  String format;

  @Option(names = "--media-root", description = "Where relative media paths start (default: the feed's directory).")
  Path mediaRoot;

  @Option(names = "--territory", defaultValue = "Worldwide", description = "The store's territory for DDEX deals (default: ${DEFAULT-VALUE}).")
  String territory;

  @Option(names = "--price-list", description = "DDEX: the publisher's retail prices by deal price code, a CSV of price_code,amount,currency.")
  Path priceList;

  @Option(names = "--markup-bps", description = "DDEX: retail = wholesale plus this markup in basis points (3000 = 30%%), for deals with no listed price code.")
  Integer markupBasisPoints;

  @Option(names = "--replicas", defaultValue = "0", description = "Ask for this many carriers to cache each title (default: the store's own target).")
  int replicas;

  @Option(names = "--wait-replicas", defaultValue = "PT0S", description = "Wait this long (ISO 8601, e.g. PT5M) for the carriers to fill, and report how many did.")
  java.time.Duration waitReplicas;

  @Option(names = "--report", description = "Also write the full report as JSON to this file.")
  Path reportFile;

  @Option(names = "--max-file-size", defaultValue = "68719476736", description = "The largest media file in bytes (default: 64 GiB).")
  long maxFileSize;

  public static void main(String[] args) {
    System.exit(new CommandLine(new CatalogImportCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (!Files.isReadable(feed)) {
      System.err.println("catalog-import: " + feed + " cannot be read");
      return 2;
    }
    if (!dryRun && origin == null) {
      System.err.println("catalog-import: say where to place the pieces with --origin DIR (or use --dry-run)");
      return 2;
    }
    ErrorPolicy policy;
    FeedFormat feedFormat;
    try {
      policy = ErrorPolicy.valueOf(onError.toUpperCase(java.util.Locale.ROOT));
      feedFormat = format == null ? FeedFormat.of(feed) : FeedFormat.valueOf(format.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException wrong) {
      System.err.println("catalog-import: " + (wrong.getMessage().contains("cannot tell") ? wrong.getMessage() : "--on-error is stop or skip; --format is csv, json or ern"));
      return 2;
    }
    StoreApi api = store.api();
    try {
      String token = store.login();
      StoreKeys keys = new StoreKeys(api);
      CatalogImport.Options options = new CatalogImport.Options(feed, feedFormat,
          mediaRoot != null ? mediaRoot : feed.toAbsolutePath().getParent(), dryRun, policy,
          new FeedLimits(FeedLimits.DEFAULT.fieldCharsMax(), FeedLimits.DEFAULT.rowsMax(), maxFileSize), territory,
          LocalDate.now(ZoneOffset.UTC), replicas, waitReplicas,
          (priceList == null ? RetailPricing.NONE : RetailPricing.load(priceList)).withMarkup(markupBasisPoints));
      ConsoleProgress progress = new ConsoleProgress(System.console() != null, System.out);
      ImportReport report;
      // A dry run places nothing, so it needs no origin.
      PieceStore originStore = dryRun ? null : PieceStore.open(origin, keys);
      try {
        MediaIngest ingest = originStore == null ? null : new MediaIngest(api, token, keys, originStore, 0);
        CatalogImport importer = new CatalogImport(api, token, ingest, progress);
        report = importer.file(importer.run(options));
      } finally {
        if (originStore != null) {
          originStore.close();
        }
      }
      if (reportFile != null) {
        new ObjectMapper().findAndRegisterModules().enable(SerializationFeature.INDENT_OUTPUT).writeValue(reportFile.toFile(), report);
      }
      System.out.print(report.summary());
      System.out.println("Report " + report.storedAs() + ": " + api.base().resolve("/api/imports/" + report.storedAs()));
      return report.complete() ? 0 : 1;
    } catch (StoreApiException | IllegalArgumentException refused) {
      System.err.println("catalog-import: " + refused.getMessage());
      return refused instanceof IllegalArgumentException ? 2 : 1;
    }
  }
}
