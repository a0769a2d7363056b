package dev.carriage.catalog.feed;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A JSON feed: an array of title objects, described by {@code title-feed.schema.json} in this
 * module. Read one element at a time with Jackson's streaming parser, every string bounded by
 * the field limit, so the feed's size never decides the memory used.
 */
public final class JsonFeed {

  private static final Set<String> FIELDS = Set.of(
      "externalId", "kind", "name", "description", "price", "releaseDate", "tags", "trialDays", "media", "onSale");
  private static final Set<String> MEDIA_FIELDS = Set.of("path", "name", "isrc", "durationSeconds");

  private JsonFeed() {}

  public static ParsedFeed read(Path feed, MediaRoot mediaRoot, FeedLimits limits) throws IOException {
    JsonFactory factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(limits.fieldCharsMax()).maxNestingDepth(32).build())
        .build();
    ObjectMapper mapper = new ObjectMapper(factory);
    List<ParsedRow> rows = new ArrayList<>();
    List<FeedProblem> feedProblems = new ArrayList<>();
    try (InputStream in = Files.newInputStream(feed); JsonParser parser = mapper.createParser(in)) {
      parser.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      if (parser.nextToken() != JsonToken.START_ARRAY) {
        feedProblems.add(new FeedProblem(new RowRef(0, 1), "", "type", "the feed must be a JSON array of title objects"));
        return new ParsedFeed(FeedFormat.JSON, rows, feedProblems);
      }
      JsonToken token;
      while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
        if (token == null) {
          feedProblems.add(new FeedProblem(RowRef.FEED, "", "malformed", "the array is never closed"));
          break;
        }
        RowRef where = new RowRef(rows.size() + 1, (int) parser.currentTokenLocation().getLineNr());
        if (rows.size() >= limits.rowsMax()) {
          feedProblems.add(new FeedProblem(where, "", "range", "the feed has more than " + limits.rowsMax() + " titles"));
          break;
        }
        JsonNode element;
        try {
          element = parser.readValueAsTree();
        } catch (JsonProcessingException broken) {
          // The parser cannot find the next element after this: the rest of the feed is unread.
          String code = broken.getMessage().contains("exceeds the maximum") ? "too-long" : "malformed";
          rows.add(new ParsedRow(where, null, List.of(new FeedProblem(where, "", code, firstLine(broken.getOriginalMessage())))));
          feedProblems.add(new FeedProblem(where, "", code, "the feed could not be read past row " + where.row()));
          break;
        }
        rows.add(row(where, element, mediaRoot));
      }
    } catch (JsonProcessingException broken) {
      feedProblems.add(new FeedProblem(new RowRef(0, (int) broken.getLocation().getLineNr()), "", "malformed", firstLine(broken.getOriginalMessage())));
    }
    return new ParsedFeed(FeedFormat.JSON, rows, feedProblems);
  }

  private static ParsedRow row(RowRef where, JsonNode element, MediaRoot mediaRoot) {
    List<FeedProblem> problems = new ArrayList<>();
    if (!element.isObject()) {
      problems.add(new FeedProblem(where, "", "type", "must be a title object"));
      return new ParsedRow(where, null, problems);
    }
    for (Iterator<String> names = element.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        problems.add(new FeedProblem(where, CsvFeed.shorten(name), "unknown-field", "is not a field of a title; see title-feed.schema.json"));
      }
    }
    Fields fields = new Fields(where, problems);
    JsonNode price = element.path("price");
    if (!price.isMissingNode() && !price.isNull() && !price.isObject()) {
      problems.add(new FeedProblem(where, "price", "type", "must be an object {amountMinor, currency}"));
    }
    List<MediaFile> media = new ArrayList<>();
    JsonNode mediaNode = element.path("media");
    if (mediaNode.isArray()) {
      for (int i = 0; i < mediaNode.size(); i++) {
        media.addAll(fields.media("media[" + i + "]", mediaNode.get(i), mediaRoot).stream().toList());
      }
    } else if (!mediaNode.isMissingNode()) {
      problems.add(new FeedProblem(where, "media", "type", "must be an array of paths or {path, name, isrc, durationSeconds}"));
    }
    Boolean onSale = fields.bool("onSale", element.path("onSale"));
    Long trialDays = fields.integer("trialDays", element.path("trialDays"));
    FeedEntry entry = new FeedEntry(
        fields.text("externalId", element.path("externalId")),
        fields.text("kind", element.path("kind")),
        fields.text("name", element.path("name")),
        fields.text("description", element.path("description")),
        fields.integer("price.amountMinor", price.path("amountMinor")),
        fields.text("price.currency", price.path("currency")),
        fields.date("releaseDate", element.path("releaseDate")),
        fields.texts("tags", element.path("tags")),
        FeedEntry.clampToInt(trialDays),
        media,
        onSale == null || onSale,
        null);
    return new ParsedRow(where, entry, problems);
  }

  /** Typed reads of one element's fields; a wrong type adds a problem naming the field and reads as absent. */
  private record Fields(RowRef where, List<FeedProblem> problems) {

    String text(String path, JsonNode node) {
      if (node.isMissingNode() || node.isNull()) {
        return null;
      }
      if (!node.isTextual()) {
        problems.add(new FeedProblem(where, path, "type", "must be a string, not " + node.getNodeType().name().toLowerCase()));
        return null;
      }
      String value = node.textValue().strip();
      return value.isEmpty() ? null : value;
    }

    Long integer(String path, JsonNode node) {
      if (node.isMissingNode() || node.isNull()) {
        return null;
      }
      if (!node.isIntegralNumber() || !node.canConvertToLong()) {
        problems.add(new FeedProblem(where, path, "type", "must be a whole number" + (path.equals("price.amountMinor")
            ? " in minor units (1999 for 19.99)" : "") + ", not " + CsvFeed.shorten(node.toString())));
        return null;
      }
      return node.longValue();
    }

    Boolean bool(String path, JsonNode node) {
      if (node.isMissingNode() || node.isNull()) {
        return null;
      }
      if (!node.isBoolean()) {
        problems.add(new FeedProblem(where, path, "type", "must be true or false"));
        return null;
      }
      return node.booleanValue();
    }

    LocalDate date(String path, JsonNode node) {
      String value = text(path, node);
      if (value == null) {
        return null;
      }
      try {
        return LocalDate.parse(value);
      } catch (DateTimeParseException notDate) {
        problems.add(new FeedProblem(where, path, "type", "'" + CsvFeed.shorten(value) + "' is not a date as YYYY-MM-DD"));
        return null;
      }
    }

    List<String> texts(String path, JsonNode node) {
      if (node.isMissingNode() || node.isNull()) {
        return List.of();
      }
      if (!node.isArray()) {
        problems.add(new FeedProblem(where, path, "type", "must be an array of strings"));
        return List.of();
      }
      List<String> values = new ArrayList<>();
      for (int i = 0; i < node.size(); i++) {
        String value = text(path + "[" + i + "]", node.get(i));
        if (value != null) {
          values.add(value);
        }
      }
      return values;
    }

    List<MediaFile> media(String path, JsonNode node, MediaRoot mediaRoot) {
      if (node.isTextual()) {
        String declared = text(path, node);
        return declared == null ? List.of() : List.of(MediaFile.plain(declared, mediaRoot.resolve(declared)));
      }
      if (!node.isObject()) {
        problems.add(new FeedProblem(where, path, "type", "must be a path or {path, name, isrc, durationSeconds}"));
        return List.of();
      }
      for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!MEDIA_FIELDS.contains(name)) {
          problems.add(new FeedProblem(where, path + "." + CsvFeed.shorten(name), "unknown-field", "is not a field of a media file"));
        }
      }
      String declared = text(path + ".path", node.path("path"));
      if (declared == null) {
        problems.add(new FeedProblem(where, path + ".path", "required", "is required"));
        return List.of();
      }
      Long duration = integer(path + ".durationSeconds", node.path("durationSeconds"));
      return List.of(new MediaFile(declared, mediaRoot.resolve(declared), text(path + ".name", node.path("name")),
          text(path + ".isrc", node.path("isrc")), FeedEntry.clampToInt(duration)));
    }
  }

  private static String firstLine(String message) {
    String line = message == null ? "unreadable JSON" : message.lines().findFirst().orElse(message);
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }
}
