package dev.carriage.store.imports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carriage.catalog.feed.FeedFormat;
import dev.carriage.catalog.feed.FeedLimits;
import dev.carriage.catalog.feed.MediaFile;
import dev.carriage.catalog.feed.RetailPricing;
import dev.carriage.catalog.ingest.MediaIngest;
import dev.carriage.catalog.ingest.MediaSet;
import dev.carriage.catalog.run.CatalogImport;
import dev.carriage.catalog.run.ErrorPolicy;
import dev.carriage.catalog.run.ImportProgress;
import dev.carriage.catalog.run.ImportReport;
import dev.carriage.catalog.run.RowOutcome;
import dev.carriage.node.client.Download;
import dev.carriage.node.client.DownloadProgress;
import dev.carriage.store.support.Admins;
import dev.carriage.store.support.Api;
import dev.carriage.store.support.Api.User;
import dev.carriage.store.support.GridLab;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Publisher feeds through the catalog-import library into the running store and onto a real origin. */
@QuarkusTest
class CatalogImportTest {

  /** Small pieces, so even the small sample media spans several. */
  private static final int PIECE_SIZE = 64 * 1024;
  private static final Map<String, Integer> MEDIA_SIZES = Map.of(
      "harbour-lights.bin", 300_000, "long-road.bin", 200_000, "copper-skies.bin", 250_000,
      "night-ferry-1.flac", 120_000, "night-ferry-2.flac", 90_000, "tide-1.flac", 100_000, "tide-2.flac", 80_000);

  @TestHTTPResource("/") URI store;
  @Inject Admins admins;

  private GridLab lab;
  private User publisher;
  private Path workspace;

  @BeforeEach
  void setUp() throws Exception {
    lab = GridLab.start(store, admins, 0);
    publisher = Api.signUp("Label", "publisher");
    workspace = Files.createTempDirectory("carriage-feeds");
    Path media = Files.createDirectories(workspace.resolve("media"));
    long seed = 1;
    for (Map.Entry<String, Integer> file : MEDIA_SIZES.entrySet()) {
      byte[] bytes = new byte[file.getValue()];
      new Random(seed++).nextBytes(bytes);
      Files.write(media.resolve(file.getKey()), bytes);
    }
    for (String feed : List.of("catalog.csv", "catalog.json", "release.xml")) {
      try (InputStream in = getClass().getResourceAsStream("/feeds/" + feed)) {
        Files.copy(in, workspace.resolve(feed));
      }
    }
  }

  @AfterEach
  void tearDown() throws Exception {
    lab.close();
  }

  @Test
  void csvFeed_createsItsTitles_andTheirContentDownloadsByteIdentical() throws Exception {
    ImportReport report = run("catalog.csv", false, ErrorPolicy.STOP);

    assertThat(report.counts()).isEqualTo(new ImportReport.Counts(2, 0, 0, 0, 0, 0, 2));
    JsonPath game = title(report.rows().get(0).titleId());
    assertThat(game.getString("name")).isEqualTo("Harbour Lights");
    assertThat(game.getString("description")).isEqualTo("A lighthouse keeper's puzzle game, with \"real\" tides.");
    assertThat(game.getLong("price.amountMinor")).isEqualTo(1499);
    assertThat(game.getString("price.currency")).isEqualTo("EUR");
    assertThat(game.getString("kind")).isEqualTo("game");
    assertThat(game.getList("tags")).containsExactly("puzzle", "indie");
    assertThat(game.getInt("demo.days")).isEqualTo(14);
    assertThat(game.getLong("sizeBytes")).isEqualTo(300_000);
    JsonPath film = title(report.rows().get(1).titleId());
    assertThat(film.getString("description")).isEqualTo("A documentary about the first overland mail route.\nTwo hours, restored.");
    assertThat(film.getString("price.currency")).isEqualTo("GBP");
    assertThat(film.getBoolean("onSale")).isTrue();

    Path downloaded = download(report.rows().get(0).titleId());
    assertThat(Files.mismatch(downloaded, workspace.resolve("media/harbour-lights.bin"))).isEqualTo(-1);
  }

  @Test
  void jsonFeed_bundlesAnAlbumsTracks_andTheDownloadIsTheirArchive() throws Exception {
    ImportReport report = run("catalog.json", false, ErrorPolicy.STOP);

    assertThat(report.counts().created()).isEqualTo(2);
    assertThat(title(report.rows().get(0).titleId()).getLong("price.amountMinor")).isEqualTo(2499);
    UUID album = report.rows().get(1).titleId();
    MediaSet tracks = new MediaSet(List.of(
        MediaFile.plain("media/night-ferry-1.flac", workspace.resolve("media/night-ferry-1.flac")),
        MediaFile.plain("media/night-ferry-2.flac", workspace.resolve("media/night-ferry-2.flac"))));
    Path expected = workspace.resolve("expected.tar");
    tracks.writeArchive(expected, bytes -> { });
    assertThat(title(album).getLong("sizeBytes")).isEqualTo(Files.size(expected)).isEqualTo(tracks.sizeBytes());

    Path downloaded = download(album);
    assertThat(Files.mismatch(downloaded, expected)).isEqualTo(-1);
  }

  @Test
  void ernMessage_importsReleases_ignoresAnOlderMessage_andTakesDownAReleaseWithoutADeal() throws Exception {
    ImportReport first = run("release.xml", false, ErrorPolicy.STOP);
    assertThat(first.rows()).extracting(RowOutcome::externalId).containsExactly("5012345678900", "NW-SINGLE-7");
    assertThat(first.counts().created()).isEqualTo(2);
    JsonPath album = title(first.rows().get(0).titleId());
    assertThat(album.getString("name")).isEqualTo("Tides");
    assertThat(album.getString("kind")).isEqualTo("music");
    // Wholesale 9.99 is the label's royalty; retail is 9.99 × 1.30 = 12.987, rounded up to 12.99.
    assertThat(album.getLong("price.amountMinor")).isEqualTo(1299);
    assertThat(album.getList("tags")).containsExactly("jazz");
    assertThat(album.getString("releaseDate")).isEqualTo("2026-05-15");

    String original = Files.readString(workspace.resolve("release.xml"));
    Files.writeString(workspace.resolve("older.xml"), original
        .replace("2026-06-01T09:00:00Z", "2026-05-01T09:00:00Z")
        .replace(">9.99<", ">19.99<"));
    ImportReport older = run("older.xml", false, ErrorPolicy.STOP);
    assertThat(older.rows()).extracting(RowOutcome::action).containsOnly("ignored_older");
    assertThat(title(first.rows().get(0).titleId()).getLong("price.amountMinor")).isEqualTo(1299);

    int singleDeal = original.lastIndexOf("<ReleaseDeal>");
    Files.writeString(workspace.resolve("takedown.xml"), (original.substring(0, singleDeal)
        + original.substring(original.indexOf("</ReleaseDeal>", singleDeal) + "</ReleaseDeal>".length()))
        .replace("2026-06-01T09:00:00Z", "2026-06-02T09:00:00Z"));
    ImportReport takedown = run("takedown.xml", false, ErrorPolicy.STOP);
    assertThat(takedown.rows()).extracting(RowOutcome::action).containsExactly("unchanged", "taken_down");
    assertThat(title(first.rows().get(1).titleId()).getBoolean("onSale")).isFalse();
    assertThat(title(first.rows().get(0).titleId()).getBoolean("onSale")).isTrue();
  }

  @Test
  void reimportingTheSameFeed_changesNothing_andPublishesNoNewManifest() throws Exception {
    ImportReport first = run("catalog.json", false, ErrorPolicy.STOP);
    List<byte[]> manifests = first.rows().stream().map(row -> manifest(row.titleId())).toList();

    ImportReport again = run("catalog.json", false, ErrorPolicy.STOP);

    assertThat(again.counts()).isEqualTo(new ImportReport.Counts(0, 0, 2, 0, 0, 0, 0));
    assertThat(again.rows()).extracting(RowOutcome::media).containsOnly("unchanged");
    assertThat(again.rows()).extracting(RowOutcome::titleId).containsExactlyElementsOf(first.rows().stream().map(RowOutcome::titleId).toList());
    assertThat(again.rows().stream().map(row -> manifest(row.titleId())).toList()).containsExactlyElementsOf(manifests);

    // A changed price updates the title; changed media is encrypted and published again.
    Files.writeString(workspace.resolve("catalog.json"), Files.readString(workspace.resolve("catalog.json")).replace("2499", "1999"));
    Files.write(workspace.resolve("media/night-ferry-2.flac"), new byte[90_001]);
    ImportReport changed = run("catalog.json", false, ErrorPolicy.STOP);
    assertThat(changed.rows()).extracting(RowOutcome::action).containsExactly("updated", "updated");
    assertThat(changed.rows().get(0).changes()).containsExactly("price");
    assertThat(changed.rows()).extracting(RowOutcome::media).containsExactly("unchanged", "ingested");
    assertThat(title(first.rows().get(0).titleId()).getLong("price.amountMinor")).isEqualTo(1999);
    assertThat(manifest(first.rows().get(1).titleId())).isNotEqualTo(manifests.get(1));
  }

  @Test
  void importThatDiesHalfWay_isFinishedByRunningItAgain() throws Exception {
    ImportProgress crashOnSecondFile = new ImportProgress() {
      private int files;

      @Override
      public void fileStarted(String name, long bytes) {
        if (++files == 2) {
          throw new IllegalStateException("the machine lost power");
        }
      }
    };
    CatalogImport dying = importer(false, crashOnSecondFile);
    Path feed = workspace.resolve("catalog.csv");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> dying.run(options(feed, false, ErrorPolicy.STOP)))
        .hasMessageContaining("lost power");

    ImportReport resumed = run("catalog.csv", false, ErrorPolicy.STOP);

    // The first row was finished; the second had its title but not its media.
    assertThat(resumed.rows()).extracting(RowOutcome::action).containsExactly("unchanged", "unchanged");
    assertThat(resumed.rows()).extracting(RowOutcome::media).containsExactly("unchanged", "ingested");
    Path downloaded = download(resumed.rows().get(1).titleId());
    assertThat(Files.mismatch(downloaded, workspace.resolve("media/long-road.bin"))).isEqualTo(-1);
  }

  @Test
  void askingForMoreReplicasThanTheDefault_hasThatManyCarriersFillTheirCaches() throws Exception {
    for (int i = 0; i < 4; i++) {
      lab.startFillingCarrier(0);
    }
    Path feed = workspace.resolve("catalog.csv");
    CatalogImport importer = importer(false, ImportProgress.SILENT);
    CatalogImport.Options fourCarriers = new CatalogImport.Options(feed, FeedFormat.CSV, workspace, false, ErrorPolicy.STOP,
        FeedLimits.DEFAULT, "Worldwide", LocalDate.of(2026, 11, 23), 4, java.time.Duration.ofSeconds(90), RetailPricing.NONE);

    ImportReport report = importer.run(fourCarriers);

    // The store's default target is 3: the fourth carrier fills only because the import asked for 4.
    assertThat(report.rows()).extracting(RowOutcome::carriers).containsExactly(4L, 4L);
    publisher.request().get("/api/grid/titles/" + report.rows().get(0).titleId() + "/replicas").then().statusCode(200)
        .body("target", org.hamcrest.Matchers.equalTo(4)).body("complete", org.hamcrest.Matchers.equalTo(4));
    Api.signUp("Other label", "publisher").request().body(Map.of("target", 10))
        .put("/api/grid/titles/" + report.rows().get(0).titleId() + "/replicas").then().statusCode(403);
  }

  @Test
  void badRowWithStopOnError_writesNothing_andWithSkipImportsTheRest() throws Exception {
    String good = "NW-OK-1,game,Fine Game,,999,EUR,2026-01-01,,,media/harbour-lights.bin,";
    String negative = "NW-BAD-1,game,Bad Price,,-5,EUR,2026-01-01,,,media/long-road.bin,";
    Files.writeString(workspace.resolve("mixed.csv"), String.join("\n", header(), good, negative) + "\n");

    ImportReport stopped = run("mixed.csv", false, ErrorPolicy.STOP);

    assertThat(stopped.rows()).extracting(RowOutcome::action).containsExactly("skipped", "rejected");
    assertThat(stopped.rows().get(1).problems()).singleElement()
        .isEqualTo(new RowOutcome.Problem("price_minor", "range", "-5 must be between 0 and 1000000000"));
    assertThat(catalogCount("Fine Game")).isZero();

    ImportReport skipped = run("mixed.csv", false, ErrorPolicy.SKIP);
    assertThat(skipped.rows()).extracting(RowOutcome::action).containsExactly("created", "rejected");
    assertThat(catalogCount("Fine Game")).isEqualTo(1);
    assertThat(catalogCount("Bad Price")).isZero();
  }

  /**
   * A hostile feed names files outside the media root given to the import: climbing out with
   * "..", an absolute path, a link inside the root that points out, and (ERN) a file: URI. Each is
   * a row error on the media field; no title is created and no content published.
   */
  @Test
  void mediaPathsOutsideTheMediaRoot_areRowErrors_inEveryFormat_andNothingIsPublished() throws Exception {
    Path secret = Files.writeString(workspace.getParent().resolve("secret-" + UUID.randomUUID() + ".txt"), "the importer's secret");
    Files.createSymbolicLink(workspace.resolve("media/innocent.bin"), secret);
    List<String> hostile = List.of("../" + secret.getFileName(), secret.toString(), "/etc/passwd", "media/innocent.bin",
        "media/../../" + secret.getFileName());
    try {
      StringBuilder csv = new StringBuilder(header()).append('\n');
      StringBuilder json = new StringBuilder("[");
      StringBuilder ern = new StringBuilder();
      for (int i = 0; i < hostile.size(); i++) {
        csv.append("NW-EVIL-C").append(i).append(",game,Stolen C").append(i).append(",,999,EUR,2026-01-01,,,").append(hostile.get(i)).append(",\n");
        json.append(i == 0 ? "" : ",").append("{\"externalId\": \"NW-EVIL-J").append(i).append("\", \"kind\": \"game\", \"name\": \"Stolen J")
            .append(i).append("\", \"price\": {\"amountMinor\": 999, \"currency\": \"EUR\"}, \"releaseDate\": \"2026-01-01\", \"media\": [\"")
            .append(hostile.get(i).replace("\\", "\\\\")).append("\"]}");
      }
      Files.writeString(workspace.resolve("evil.csv"), csv);
      Files.writeString(workspace.resolve("evil.json"), json.append("]"));
      String release = Files.readString(workspace.resolve("release.xml"));
      Files.writeString(workspace.resolve("evil.xml"), release
          .replace("<URI>media/tide-1.flac</URI>", "<URI>file:///etc/passwd</URI>")
          .replace("<URI>media/tide-2.flac</URI>", "<FilePath>../</FilePath><FileName>" + secret.getFileName() + "</FileName>"));

      for (String feed : List.of("evil.csv", "evil.json", "evil.xml")) {
        ImportReport report = run(feed, false, ErrorPolicy.SKIP);
        List<RowOutcome> withMedia = feed.endsWith(".xml")
            ? report.rows().stream().filter(row -> !row.problems().isEmpty()).toList() : report.rows();
        assertThat(withMedia).as(feed).isNotEmpty().allSatisfy(row -> {
          assertThat(row.action()).isEqualTo("rejected");
          assertThat(row.titleId()).isNull();
          assertThat(row.problems()).extracting(RowOutcome.Problem::code).contains("outside-media-root");
        });
        assertThat(report.counts().created() + report.counts().updated() + report.counts().mediaIngested()).as(feed).isZero();
      }
      ImportReport csvReport = run("evil.csv", false, ErrorPolicy.SKIP);
      assertThat(csvReport.rows()).extracting(row -> row.problems().get(0).path()).containsOnly("media[0]");
      assertThat(csvReport.rows().get(0).problems().get(0).message()).contains("leads outside the media root");
      assertThat(csvReport.rows().get(1).problems().get(0).message()).contains("not a path relative to the media root");
      assertThat(csvReport.rows().get(3).problems().get(0).message()).contains("a link that leads outside");
      assertThat(catalogCount("Stolen")).isZero();
    } finally {
      Files.deleteIfExists(secret);
    }
  }

  @Test
  void dryRun_reportsWhatWouldHappen_andWritesNothing() throws Exception {
    ImportReport dry = run("catalog.csv", true, ErrorPolicy.STOP);

    assertThat(dry.dryRun()).isTrue();
    assertThat(dry.rows()).extracting(RowOutcome::action).containsExactly("created", "created");
    assertThat(dry.rows()).extracting(RowOutcome::media).containsOnly("would_ingest");
    assertThat(catalogCount("Harbour Lights")).isZero();
  }

  @Test
  void reportsAreKeptForTheirPublisherOnly() throws Exception {
    ImportReport report = run("catalog.csv", true, ErrorPolicy.STOP);

    publisher.request().get("/api/imports").then().statusCode(200)
        .body("[0].id", org.hamcrest.Matchers.equalTo(report.storedAs().toString()))
        .body("[0].format", org.hamcrest.Matchers.equalTo("csv"))
        .body("[0].dryRun", org.hamcrest.Matchers.equalTo(true))
        .body("[0].counts.created", org.hamcrest.Matchers.equalTo(2));
    publisher.request().get("/api/imports/" + report.storedAs()).then().statusCode(200)
        .body("rows.outcomes.externalId", org.hamcrest.Matchers.contains("NW-GAME-001", "NW-FILM-002"));
    Api.signUp("Other label", "publisher").request().get("/api/imports/" + report.storedAs()).then().statusCode(404);
  }

  @Test
  void storeRefusesABadExternalIdOrAnotherPublishersTitle() {
    Map<String, Object> entry = Map.of("title", Api.titleBody("Keyed"));
    publisher.request().body(entry).put("/api/publisher/titles/has space").then().statusCode(400);
    publisher.request().body(entry).put("/api/publisher/titles/KEY-1").then().statusCode(201);
    // Another publisher's same key is their own, separate title.
    User other = Api.signUp("Other label", "publisher");
    other.request().body(entry).put("/api/publisher/titles/KEY-1").then().statusCode(201);
    publisher.request().body(entry).put("/api/publisher/titles/KEY-1").then().statusCode(200)
        .body("outcome", org.hamcrest.Matchers.equalTo("unchanged"));
    Api.signUp("Buyer").request().body(entry).put("/api/publisher/titles/KEY-1").then().statusCode(403);
  }

  private ImportReport run(String feed, boolean dryRun, ErrorPolicy policy) throws IOException {
    CatalogImport importer = importer(dryRun, ImportProgress.SILENT);
    ImportReport report = importer.run(options(workspace.resolve(feed), dryRun, policy));
    lab.origin().announce();
    return importer.file(report);
  }

  private CatalogImport importer(boolean dryRun, ImportProgress progress) {
    MediaIngest ingest = new MediaIngest(lab.origin().api(), publisher.token(), lab.origin().keys(), lab.origin().store(), PIECE_SIZE);
    return new CatalogImport(lab.origin().api(), publisher.token(), dryRun ? null : ingest, progress);
  }

  private CatalogImport.Options options(Path feed, boolean dryRun, ErrorPolicy policy) {
    // DDEX deals name wholesale prices; this label's shelf prices are 30% above them.
    return new CatalogImport.Options(feed, FeedFormat.of(feed), workspace, dryRun, policy, FeedLimits.DEFAULT, "Worldwide",
        LocalDate.of(2026, 11, 23), RetailPricing.markup(3000));
  }

  private Path download(UUID titleId) throws Exception {
    User buyer = Api.signUp("Buyer");
    Api.buy(buyer, titleId.toString());
    Path output = lab.newDirectory("download").resolve("media.out");
    Download download = lab.prepareDownload(buyer, titleId, output, DownloadProgress.SILENT);
    return download.start().get(120, TimeUnit.SECONDS).output();
  }

  private static JsonPath title(UUID id) {
    return io.restassured.RestAssured.get("/api/titles/" + id).then().statusCode(200).extract().jsonPath();
  }

  private static byte[] manifest(UUID titleId) {
    return io.restassured.RestAssured.get("/api/grid/titles/" + titleId + "/manifest").then().statusCode(200).extract().asByteArray();
  }

  /** Titles of this test's publisher with this name: other tests import the same feeds. */
  private int catalogCount(String name) {
    return io.restassured.RestAssured.given().queryParam("q", name).queryParam("publisher", publisher.id())
        .get("/api/titles").then().statusCode(200)
        .extract().jsonPath().getList("items").size();
  }

  private static String header() {
    return "external_id,kind,name,description,price_minor,currency,release_date,tags,trial_days,media,on_sale";
  }
}
