package dev.carriage.catalog.feed;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.InputStreamReader;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A CSV feed (UTF-8, RFC 4180, a header row naming the columns in any order):
 *
 * <pre>
 * external_id,kind,name,description,price_minor,currency,release_date,tags,trial_days,media,on_sale
 * NW-001,game,Skyline Couriers,"Deliver parcels, fast.",1999,EUR,2025-03-14,action|indie,30,skyline.bin,true
 * </pre>
 *
 * Required: external_id, kind, name, price_minor, currency, release_date, media. {@code tags}
 * and {@code media} hold several values separated by {@code |}; media paths are relative to
 * the feed's directory. {@code on_sale} false takes the title down. Empty optional cells are absent.
 */
public final class CsvFeed {

  static final List<String> COLUMNS = List.of(
      "external_id", "kind", "name", "description", "price_minor", "currency", "release_date", "tags", "trial_days", "media", "on_sale");
  private static final Set<String> REQUIRED = Set.of("external_id", "kind", "name", "price_minor", "currency", "release_date", "media");

  private CsvFeed() {}

  public static ParsedFeed read(Path feed, MediaRoot mediaRoot, FeedLimits limits) throws IOException {
    var decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(feed), decoder))) {
      return read(in, mediaRoot, limits);
    } catch (CharacterCodingException notUtf8) {
      return new ParsedFeed(FeedFormat.CSV, List.of(), List.of(new FeedProblem(RowRef.FEED, "", "malformed", "the feed is not UTF-8 text")));
    }
  }

  static ParsedFeed read(BufferedReader in, MediaRoot mediaRoot, FeedLimits limits) throws IOException {
    CsvRecords records = new CsvRecords(in, limits.fieldCharsMax());
    CsvRecords.Record header = records.next();
    List<FeedProblem> feedProblems = new ArrayList<>();
    if (header == null) {
      return new ParsedFeed(FeedFormat.CSV, List.of(), List.of(new FeedProblem(RowRef.FEED, "", "required", "the feed is empty; it needs a header row")));
    }
    Map<String, Integer> columns = new HashMap<>();
    for (int i = 0; i < header.fields().size(); i++) {
      String name = header.fields().get(i).strip().toLowerCase(Locale.ROOT);
      if (!COLUMNS.contains(name)) {
        feedProblems.add(new FeedProblem(new RowRef(0, 1), name, "unknown-field", "unknown column '" + shorten(name) + "'; the columns are " + COLUMNS));
      } else if (columns.putIfAbsent(name, i) != null) {
        feedProblems.add(new FeedProblem(new RowRef(0, 1), name, "duplicate-key", "column '" + name + "' appears twice"));
      }
    }
    for (String required : COLUMNS.stream().filter(REQUIRED::contains).toList()) {
      if (!columns.containsKey(required)) {
        feedProblems.add(new FeedProblem(new RowRef(0, 1), required, "required", "the header has no '" + required + "' column"));
      }
    }
    if (header.problem() != null || !feedProblems.isEmpty()) {
      if (header.problem() != null) {
        feedProblems.add(new FeedProblem(new RowRef(0, 1), "", header.problemCode(), header.problem()));
      }
      return new ParsedFeed(FeedFormat.CSV, List.of(), feedProblems);
    }
    List<ParsedRow> rows = new ArrayList<>();
    CsvRecords.Record record;
    while ((record = records.next()) != null) {
      RowRef where = new RowRef(rows.size() + 1, record.line());
      if (rows.size() >= limits.rowsMax()) {
        feedProblems.add(new FeedProblem(where, "", "range", "the feed has more than " + limits.rowsMax() + " rows"));
        break;
      }
      if (record.problem() != null) {
        rows.add(new ParsedRow(where, null, List.of(new FeedProblem(where, "", record.problemCode(), record.problem()))));
        continue;
      }
      rows.add(row(where, record.fields(), columns, mediaRoot));
    }
    return new ParsedFeed(FeedFormat.CSV, rows, feedProblems);
  }

  private static ParsedRow row(RowRef where, List<String> fields, Map<String, Integer> columns, MediaRoot mediaRoot) {
    List<FeedProblem> problems = new ArrayList<>();
    if (fields.size() != columns.size()) {
      problems.add(new FeedProblem(where, "", "malformed", "has " + fields.size() + " fields; the header has " + columns.size()));
      return new ParsedRow(where, null, problems);
    }
    Cells cells = new Cells(where, fields, columns, problems);
    List<MediaFile> media = cells.list("media").stream().map(path -> MediaFile.plain(path, mediaRoot.resolve(path))).toList();
    Boolean onSale = cells.bool("on_sale");
    Long trialDays = cells.number("trial_days");
    FeedEntry entry = new FeedEntry(
        cells.text("external_id"),
        cells.text("kind"),
        cells.text("name"),
        cells.text("description"),
        cells.number("price_minor"),
        cells.text("currency"),
        cells.date("release_date"),
        cells.list("tags"),
        FeedEntry.clampToInt(trialDays),
        media,
        onSale == null || onSale,
        null);
    return new ParsedRow(where, entry, problems);
  }

  /** Typed reads of one row's cells; a cell of the wrong type adds a problem and reads as absent. */
  private record Cells(RowRef where, List<String> fields, Map<String, Integer> columns, List<FeedProblem> problems) {

    String text(String column) {
      Integer index = columns.get(column);
      if (index == null) {
        return null;
      }
      String value = fields.get(index).strip();
      return value.isEmpty() ? null : value;
    }

    Long number(String column) {
      String value = text(column);
      if (value == null) {
        return null;
      }
      try {
        return Long.parseLong(value);
      } catch (NumberFormatException notInteger) {
        problems.add(new FeedProblem(where, column, "type", "'" + shorten(value) + "' is not a whole number"
            + (column.equals("price_minor") ? " (prices are in minor units: 1999 for 19.99)" : "")));
        return null;
      }
    }

    LocalDate date(String column) {
      String value = text(column);
      if (value == null) {
        return null;
      }
      try {
        return LocalDate.parse(value);
      } catch (DateTimeParseException notDate) {
        problems.add(new FeedProblem(where, column, "type", "'" + shorten(value) + "' is not a date as YYYY-MM-DD"));
        return null;
      }
    }

    Boolean bool(String column) {
      String value = text(column);
      if (value == null) {
        return null;
      }
      return switch (value.toLowerCase(Locale.ROOT)) {
        case "true", "yes", "1" -> true;
        case "false", "no", "0" -> false;
        default -> {
          problems.add(new FeedProblem(where, column, "type", "'" + shorten(value) + "' is not true or false"));
          yield null;
        }
      };
    }

    List<String> list(String column) {
      String value = text(column);
      if (value == null) {
        return List.of();
      }
      return Arrays.stream(value.split("\\|")).map(String::strip).filter(part -> !part.isEmpty()).toList();
    }
  }

  /** Values echoed in messages are cut short: a hostile feed's 10 MB cell must not become a 10 MB report. */
  static String shorten(String value) {
    return value.length() <= 60 ? value : value.substring(0, 60) + "…";
  }
}
