package dev.carriage.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carriage.catalog.feed.FeedFormat;
import dev.carriage.catalog.feed.FeedLimits;
import dev.carriage.catalog.feed.FeedProblem;
import dev.carriage.catalog.feed.Feeds;
import dev.carriage.catalog.feed.ParsedFeed;
import dev.carriage.catalog.feed.ParsedRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile and broken feeds: each problem is reported at its row, field and code, and good rows stay good. */
class MalformedFeedTest {

  private static final String HEADER = "external_id,kind,name,description,price_minor,currency,release_date,tags,trial_days,media,on_sale";
  private static final String GOOD = "OK-1,game,Good,,999,EUR,2026-01-01,,,media.bin,";

  @TempDir Path dir;

  @BeforeEach
  void media() throws IOException {
    Files.write(dir.resolve("media.bin"), new byte[1000]);
  }

  @Test
  void brokenCsvQuoting_isReportedAtItsRow_andTheNextRowsStillRead() throws IOException {
    ParsedFeed feed = csv(HEADER,
        "Q-1,game,\"Unclosed,,999,EUR,2026-01-01,,,media.bin,",
        GOOD);
    // The unclosed quote swallows the rest of the file: one row, one problem.
    assertThat(feed.rows()).hasSize(1);
    assertThat(problem(feed.rows().get(0))).extracting(FeedProblem::code).isEqualTo("malformed");
    assertThat(problem(feed.rows().get(0)).message()).contains("never closed");

    ParsedFeed stray = csv(HEADER,
        "Q-2,game,Bad\"Quote,,999,EUR,2026-01-01,,,media.bin,",
        "Q-3,game,\"Closed\"junk,,999,EUR,2026-01-01,,,media.bin,",
        GOOD);
    assertThat(stray.rows()).hasSize(3);
    assertThat(stray.rows().get(0).problems()).extracting(FeedProblem::code).containsExactly("malformed");
    assertThat(stray.rows().get(1).problems()).extracting(FeedProblem::code).containsExactly("malformed");
    assertThat(stray.rows().get(2).valid()).isTrue();
    assertThat(stray.rows().get(2).where().line()).isEqualTo(4);
  }

  @Test
  void wrongTypesAndNegativePrice_nameTheField() throws IOException {
    ParsedFeed feed = csv(HEADER,
        "T-1,game,Typed,,19.99,EUR,01/02/2026,,thirty,media.bin,maybe",
        "T-2,game,Negative,,-1,EUR,2026-01-01,,,media.bin,",
        "T-3,toaster,Kind,,100,XYZ,2026-01-01,,,media.bin,");
    assertThat(feed.rows().get(0).problems()).extracting(FeedProblem::path, FeedProblem::code).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple("price_minor", "type"),
        org.assertj.core.groups.Tuple.tuple("release_date", "type"),
        org.assertj.core.groups.Tuple.tuple("trial_days", "type"),
        org.assertj.core.groups.Tuple.tuple("on_sale", "type"));
    assertThat(feed.rows().get(1).problems()).extracting(FeedProblem::path, FeedProblem::code)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("price_minor", "range"));
    assertThat(feed.rows().get(2).problems()).extracting(FeedProblem::code).containsExactlyInAnyOrder("kind", "currency");
  }

  @Test
  void jsonWrongTypes_nameTheFieldPath() throws IOException {
    Path feed = Files.writeString(dir.resolve("feed.json"), """
        [{"externalId": "J-1", "kind": "game", "name": "J", "price": {"amountMinor": "999", "currency": "EUR"},
          "releaseDate": "2026-01-01", "media": ["media.bin"], "colour": "red"},
         {"externalId": "J-2", "kind": "game", "name": "K", "price": {"amountMinor": 1.5, "currency": "EUR"},
          "releaseDate": "2026-01-01", "media": "media.bin"}]
        """);
    ParsedFeed parsed = read(feed, FeedFormat.JSON);
    assertThat(parsed.rows().get(0).problems()).extracting(FeedProblem::path)
        .containsExactlyInAnyOrder("colour", "price.amountMinor");
    assertThat(parsed.rows().get(1).problems()).extracting(FeedProblem::path).containsExactlyInAnyOrder("price.amountMinor", "media");
    assertThat(parsed.rows().get(1).where().line()).isEqualTo(3);
  }

  @Test
  void missingFileAndDuplicateKey_areRowErrors() throws IOException {
    ParsedFeed feed = csv(HEADER,
        GOOD,
        "M-1,game,Missing,,999,EUR,2026-01-01,,,nowhere/missing.bin,",
        "OK-1,video,Again,,999,EUR,2026-01-01,,,media.bin,");
    assertThat(feed.rows().get(0).valid()).isTrue();
    assertThat(problem(feed.rows().get(1))).satisfies(problem -> {
      assertThat(problem.path()).isEqualTo("media[0]");
      assertThat(problem.code()).isEqualTo("file-missing");
      assertThat(problem.message()).contains("nowhere/missing.bin");
    });
    assertThat(problem(feed.rows().get(2))).satisfies(problem -> {
      assertThat(problem.code()).isEqualTo("duplicate-key");
      assertThat(problem.message()).contains("row 1 (line 2)");
    });
  }

  @Test
  void xmlWithAnExternalEntity_isRefused_andTheEntityNeverRead() throws IOException {
    Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET");
    Path feed = Files.writeString(dir.resolve("xxe.xml"), """
        <?xml version="1.0"?>
        <!DOCTYPE NewReleaseMessage [<!ENTITY leak SYSTEM "%s">]>
        <NewReleaseMessage><MessageHeader><MessageCreatedDateTime>2026-01-01T00:00:00Z</MessageCreatedDateTime></MessageHeader>
        <ReleaseList><Release><ReleaseId><ProprietaryId>&leak;</ProprietaryId></ReleaseId></Release></ReleaseList></NewReleaseMessage>
        """.formatted(secret.toUri()));

    ParsedFeed parsed = read(feed, FeedFormat.ERN);

    assertThat(parsed.rows()).isEmpty();
    assertThat(parsed.feedProblems()).singleElement().satisfies(problem -> {
      assertThat(problem.code()).isEqualTo("forbidden-xml");
      assertThat(problem.where().line()).isEqualTo(2);
    });
    assertThat(parsed.allProblems().toString()).doesNotContain("TOP-SECRET");
  }

  @Test
  void tenMegabyteField_isRefusedAtItsRow_withoutHoldingIt() throws IOException {
    String huge = "x".repeat(10 * 1024 * 1024);
    ParsedFeed feed = csv(HEADER, "H-1,game,Huge,\"" + huge + "\",999,EUR,2026-01-01,,,media.bin,", GOOD);
    assertThat(feed.rows()).hasSize(2);
    assertThat(problem(feed.rows().get(0))).satisfies(problem -> {
      assertThat(problem.code()).isEqualTo("too-long");
      assertThat(problem.message()).contains("field 4").hasSizeLessThan(200);
    });
    assertThat(feed.rows().get(1).valid()).isTrue();

    Path json = Files.writeString(dir.resolve("huge.json"), "[{\"externalId\": \"H-2\", \"description\": \"" + huge + "\"}]");
    ParsedFeed parsedJson = read(json, FeedFormat.JSON);
    assertThat(parsedJson.rows()).singleElement().satisfies(row -> assertThat(problem(row).code()).isEqualTo("too-long"));
  }

  @Test
  void notAFeedAtAll_getsAFeedLevelProblem() throws IOException {
    assertThat(read(Files.writeString(dir.resolve("a.json"), "{\"not\": \"an array\"}"), FeedFormat.JSON).feedProblems())
        .extracting(FeedProblem::code).containsExactly("type");
    assertThat(read(Files.writeString(dir.resolve("b.xml"), "<NewReleaseMessage><unclosed>"), FeedFormat.ERN).feedProblems())
        .extracting(FeedProblem::code).containsExactly("malformed");
    assertThat(csv("external_id,colour").feedProblems()).extracting(FeedProblem::code)
        .contains("unknown-field", "required");
    Path latin1 = dir.resolve("latin1.csv");
    Files.write(latin1, (HEADER + "\nL-1,game,Caf\u00e9,,1,EUR,2026-01-01,,,media.bin,\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    assertThat(read(latin1, FeedFormat.CSV).feedProblems()).extracting(FeedProblem::message).containsExactly("the feed is not UTF-8 text");
  }

  private ParsedFeed csv(String... lines) throws IOException {
    return read(Files.writeString(dir.resolve("feed-" + System.nanoTime() + ".csv"), String.join("\n", lines) + "\n"), FeedFormat.CSV);
  }

  private ParsedFeed read(Path feed, FeedFormat format) throws IOException {
    return Feeds.readAndCheck(feed, format, dir, FeedLimits.DEFAULT, "Worldwide", LocalDate.of(2026, 11, 23));
  }

  private static FeedProblem problem(ParsedRow row) {
    List<FeedProblem> problems = row.problems();
    assertThat(problems).hasSize(1);
    return problems.get(0);
  }
}
