package dev.carriage.store.imports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carriage.catalog.feed.FeedFormat;
import dev.carriage.catalog.feed.FeedLimits;
import dev.carriage.catalog.feed.RetailPricing;
import dev.carriage.catalog.ingest.MediaIngest;
import dev.carriage.catalog.run.CatalogImport;
import dev.carriage.catalog.run.ErrorPolicy;
import dev.carriage.catalog.run.ImportProgress;
import dev.carriage.catalog.run.ImportReport;
import dev.carriage.catalog.run.RowOutcome;
import dev.carriage.store.support.Admins;
import dev.carriage.store.support.Api;
import dev.carriage.store.support.Api.User;
import dev.carriage.store.support.GridLab;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Label deliveries in the shapes labels send them, through catalog-import into the running
 * store: an ERN 3.4.1 NewReleaseMessage in UTF-16 with a byte-order mark (FilePath + FileName,
 * a front cover, a booklet, track releases beside the album, a price code), then its purge; an
 * ERN 4.3 NewReleaseMessage (no release date, a deal for another territory, a streaming-only
 * deal) and the UpdateReleaseMessage that changes it (new metadata and price, a deal expired).
 */
@QuarkusTest
class DdexDeliveriesTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);
  private static final List<String> FEEDS = List.of("ern341-new-release-utf16.xml", "ern43-new-release.xml", "ern43-update-release.xml",
      "ern43-purge-release.xml", "meridian-price-list.csv");

  @TestHTTPResource("/") URI store;
  @Inject Admins admins;

  private GridLab lab;
  private User label;
  private Path delivery;

  @BeforeEach
  void aDeliveryFolder() throws Exception {
    lab = GridLab.start(store, admins, 0);
    label = Api.signUp("Meridian Label Group", "publisher");
    delivery = Files.createTempDirectory("carriage-ddex");
    for (String feed : FEEDS) {
      try (InputStream in = getClass().getResourceAsStream("/feeds/ern/" + feed)) {
        Files.copy(in, delivery.resolve(feed));
      }
    }
    Random random = new Random(7);
    for (String audio : List.of("resources/DEML12600011_01_001.flac", "resources/DEML12600012_01_002.flac", "audio/saltroad-harbour-wall.flac",
        "audio/saltroad-lanterns.flac", "audio/saltroad-weir.flac")) {
      byte[] bytes = new byte[40_000 + random.nextInt(20_000)];
      random.nextBytes(bytes);
      Files.createDirectories(delivery.resolve(audio).getParent());
      Files.write(delivery.resolve(audio), bytes);
    }
    Files.write(delivery.resolve("resources/4260001234567_cover.png"), png(0x2a6f97));
    Files.writeString(delivery.resolve("resources/4260001234567_booklet.pdf"), "%PDF-1.4\n% a booklet\n");
    Files.createDirectories(delivery.resolve("images"));
    Files.write(delivery.resolve("images/5099000000017.png"), png(0x9c6644));
  }

  @AfterEach
  void tearDown() throws Exception {
    lab.close();
  }

  /**
   * The album is the one main release (its two track releases are not titles); its price code
   * FRONT is 10.99 on the label's price list, its wholesale 6.50 is the label's royalty; its
   * cover is served as the title's art and the booklet is listed, not refused. Then the label
   * purges it: off sale, and its buyer keeps it.
   */
  @Test
  void anErn341Delivery_inUtf16_importsTheAlbum_paysItsWholesale_andItsPurgeTakesItDown() throws Exception {
    ImportReport report = run("ern341-new-release-utf16.xml", RetailPricing.load(delivery.resolve("meridian-price-list.csv")));

    assertThat(report.rows()).extracting(RowOutcome::externalId).containsExactly("4260001234567");
    RowOutcome album = report.rows().get(0);
    assertThat(album.action()).isEqualTo("created");
    assertThat(album.notes()).contains("cover art: resources/4260001234567_cover.png",
        "also delivered: resources/4260001234567_booklet.pdf (Text, not sold in the store)",
        "retail price 10.99 EUR from price code FRONT from the price list");
    JsonPath title = title(album.titleId());
    assertThat(title.getString("name")).isEqualTo("Glasshouse");
    assertThat(title.getLong("price.amountMinor")).isEqualTo(1099);
    assertThat(title.getString("releaseDate")).isEqualTo("2026-11-13");
    assertThat(title.getList("tags")).containsExactly("electronic");
    assertThat(title.getString("description")).isEqualTo("Glasshouse by Nadia Voss, 2 tracks");
    byte[] cover = RestAssured.get("/titles/" + album.titleId() + "/cover").then().statusCode(200)
        .contentType("image/png").extract().asByteArray();
    assertThat(cover).isEqualTo(Files.readAllBytes(delivery.resolve("resources/4260001234567_cover.png")));

    User buyer = Api.signUp("Glasshouse buyer");
    String order = Api.buy(buyer, album.titleId().toString());
    JsonPath sale = admin().request().get("/api/admin/sales/" + order).then().statusCode(200).extract().jsonPath();
    assertThat(sale.getString("royaltyBasis")).isEqualTo("wholesale");
    assertThat(sale.getLong("royaltyMinor")).isEqualTo(650);
    // 1099 − 650 royalty − floor(1099 × 5%) pool; no referral, so no commission.
    assertThat(sale.getLong("marginMinor")).isEqualTo(1099 - 650 - 54);

    ImportReport purge = run("ern43-purge-release.xml", RetailPricing.NONE);
    assertThat(purge.rows()).extracting(RowOutcome::action).containsExactly("taken_down");
    assertThat(purge.rows().get(0).notes()).containsExactly("purged by the label (PurgeReleaseMessage)");
    assertThat(title(album.titleId()).getBoolean("onSale")).isFalse();
    buyer.signInAgain().request().get("/api/library").then().statusCode(200)
        .body("titleId", org.hamcrest.Matchers.hasItem(album.titleId().toString()));
  }

  /**
   * Four releases for the store in DE, 30% over wholesale: the album sells (no release date, so
   * the deal's start is used and said), the EP sells until its deal ends, a streaming-only deal
   * and a US-only deal sell nothing here and say why. The update renames the album, raises its
   * wholesale price to 8.00, and ends the EP's deal before today: the EP comes down, saying when.
   */
  @Test
  void anErn43Delivery_andItsUpdate_createUpdateAndTakeDown_eachSayingWhy() throws Exception {
    ImportReport first = run("ern43-new-release.xml", RetailPricing.markup(3000));

    assertThat(first.rows()).extracting(RowOutcome::externalId)
        .containsExactly("5099000000017", "5099000000024", "5099000000031", "5099000000048");
    assertThat(first.rows()).extracting(RowOutcome::action).containsExactly("created", "created", "skipped", "skipped");
    RowOutcome album = first.rows().get(0);
    assertThat(album.notes()).contains(
        "release date 2026-10-02 from the deal's StartDate (the release has no ReleaseDate or OriginalReleaseDate)",
        "cover art: images/5099000000017.png");
    // 7.00 × 1.30 = 9.10; 3.50 × 1.30 = 4.55.
    assertThat(title(album.titleId()).getLong("price.amountMinor")).isEqualTo(910);
    assertThat(title(album.titleId()).getString("releaseDate")).isEqualTo("2026-10-02");
    assertThat(title(first.rows().get(1).titleId()).getLong("price.amountMinor")).isEqualTo(455);
    assertThat(first.rows().get(2).problems().get(0).message())
        .contains("no usable deal in DE on 2026-11-23: no download use type (OnDemandStream)");
    assertThat(first.rows().get(3).problems().get(0).message()).contains("territory DE not included (US)");

    ImportReport update = run("ern43-update-release.xml", RetailPricing.markup(3000));

    assertThat(update.rows()).extracting(RowOutcome::action).containsExactly("updated", "taken_down", "skipped", "skipped");
    assertThat(update.rows().get(0).changes()).contains("name", "price", "wholesale");
    assertThat(update.rows().get(1).notes()).containsExactly("no usable deal in DE on 2026-11-23: expired on 2026-10-31");
    JsonPath renamed = title(album.titleId());
    assertThat(renamed.getString("name")).isEqualTo("Salt and Harbour (Deluxe)");
    assertThat(renamed.getLong("price.amountMinor")).isEqualTo(1040);
    assertThat(title(first.rows().get(1).titleId()).getBoolean("onSale")).isFalse();
    String order = Api.buy(Api.signUp("Saltroad buyer"), album.titleId().toString());
    assertThat(admin().request().get("/api/admin/sales/" + order).then().statusCode(200).extract().jsonPath().getLong("royaltyMinor"))
        .isEqualTo(800);
  }

  @Test
  void aDealWithOnlyAWholesalePrice_andNoMarkup_isRefused_neverSoldAtWholesale() throws Exception {
    ImportReport report = run("ern43-new-release.xml", RetailPricing.NONE);

    assertThat(report.rows().get(0).action()).isEqualTo("rejected");
    assertThat(report.rows().get(0).problems().get(0).message())
        .isEqualTo("no retail price: the deal names no price code, and its wholesale price 7.00 EUR needs a markup (--markup-bps)");
    RestAssured.given().queryParam("publisher", label.id()).get("/api/titles").then().statusCode(200)
        .body("items", org.hamcrest.Matchers.empty());
  }

  private ImportReport run(String feed, RetailPricing pricing) throws IOException {
    MediaIngest ingest = new MediaIngest(lab.origin().api(), label.token(), lab.origin().keys(), lab.origin().store(), 16 * 1024);
    CatalogImport importer = new CatalogImport(lab.origin().api(), label.token(), ingest, ImportProgress.SILENT);
    ImportReport report = importer.run(new CatalogImport.Options(delivery.resolve(feed), FeedFormat.ERN, delivery, false, ErrorPolicy.SKIP,
        FeedLimits.DEFAULT, "DE", TODAY, pricing));
    lab.origin().announce();
    return importer.file(report);
  }

  private User admin() {
    User admin = Api.signUp("DDEX admin");
    admins.grant(admin.id());
    return admin.signInAgain();
  }

  private static JsonPath title(UUID id) {
    return RestAssured.get("/api/titles/" + id).then().statusCode(200).extract().jsonPath();
  }

  private static byte[] png(int rgb) throws IOException {
    BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < 32; x++) {
      for (int y = 0; y < 32; y++) {
        image.setRGB(x, y, rgb ^ (x * 4 << 8) ^ y * 4);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }
}
