package dev.carriage.catalog.feed;

import dev.carriage.ledger.Money;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every rule a title must meet before anything is written: required fields, ranges, a known
 * currency and kind, media files that exist and can be read, and no key twice in one feed.
 * The store checks again on its side; checking here first lets stop-on-error write nothing.
 */
public final class FeedChecks {

  private static final Pattern EXTERNAL_ID = Pattern.compile("[A-Za-z0-9._:-]{1,200}");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,31}");
  private static final Pattern ISRC = Pattern.compile("[A-Z]{2}[A-Z0-9]{3}[0-9]{7}");
  private static final Set<String> KINDS = Set.of("game", "music", "video");
  private static final long PRICE_MINOR_MAX = 1_000_000_000L;
  private static final long TITLE_BYTES_MAX = 1L << 40;
  private static final int NAME_MAX = 200;
  private static final int DESCRIPTION_MAX = 5000;
  private static final int TAGS_MAX = 20;
  private static final int TRACKS_MAX = 500;

  private FeedChecks() {}

  /** The feed with every row's problems added; rows stay in order. */
  public static ParsedFeed check(ParsedFeed feed, FeedLimits limits, MediaRoot mediaRoot) {
    Map<String, RowRef> firstSeen = new HashMap<>();
    List<ParsedRow> checked = new ArrayList<>();
    for (ParsedRow row : feed.rows()) {
      if (row.entry() == null) {
        checked.add(row);
        continue;
      }
      // Starts with what the reader found, so a field it already reported is not reported again as missing.
      List<FeedProblem> problems = new ArrayList<>(row.problems());
      FeedEntry entry = row.entry();
      RowRef where = row.where();
      String keyPath = feed.format() == FeedFormat.CSV ? "external_id" : feed.format() == FeedFormat.JSON ? "externalId" : "ReleaseId";
      if (entry.externalId() == null) {
        problems.add(new FeedProblem(where, keyPath, "required", "is required"));
      } else if (!EXTERNAL_ID.matcher(entry.externalId()).matches()) {
        problems.add(new FeedProblem(where, keyPath, "pattern", "must be 1 to 200 letters, digits, '.', '_', ':' or '-'"));
      } else {
        RowRef first = firstSeen.putIfAbsent(entry.externalId(), where);
        if (first != null) {
          problems.add(new FeedProblem(where, keyPath, "duplicate-key", "'" + entry.externalId() + "' is also " + first));
        }
      }
      if (entry.listed()) {
        checkListed(feed.format(), where, entry, limits, mediaRoot, problems);
      }
      checked.add(new ParsedRow(where, entry, problems));
    }
    return new ParsedFeed(feed.format(), checked, feed.feedProblems());
  }

  private static void checkListed(FeedFormat format, RowRef where, FeedEntry entry, FeedLimits limits, MediaRoot mediaRoot,
      List<FeedProblem> problems) {
    Names names = Names.of(format);
    if (entry.kind() == null) {
      problems.add(new FeedProblem(where, "kind", "required", "is required (game, music or video)"));
    } else if (!KINDS.contains(entry.kind().toLowerCase(Locale.ROOT))) {
      problems.add(new FeedProblem(where, "kind", "kind", "'" + CsvFeed.shorten(entry.kind()) + "' is not game, music or video"));
    }
    if (entry.name() == null) {
      problems.add(new FeedProblem(where, "name", "required", "is required"));
    } else if (entry.name().length() > NAME_MAX || entry.name().chars().anyMatch(Character::isISOControl)) {
      problems.add(new FeedProblem(where, "name", "too-long", "must be one line of at most " + NAME_MAX + " characters"));
    }
    if (entry.description() != null && entry.description().length() > DESCRIPTION_MAX) {
      problems.add(new FeedProblem(where, "description", "too-long", "is " + entry.description().length()
          + " characters; at most " + DESCRIPTION_MAX));
    }
    if (entry.priceMinor() == null) {
      if (problems.stream().noneMatch(problem -> problem.path().equals(names.price()))) {
        problems.add(new FeedProblem(where, names.price(), "required", "is required, in minor units (1999 for 19.99)"));
      }
    } else if (entry.priceMinor() < 0 || entry.priceMinor() > PRICE_MINOR_MAX) {
      problems.add(new FeedProblem(where, names.price(), "range", entry.priceMinor() + " must be between 0 and " + PRICE_MINOR_MAX));
    }
    if (entry.currency() == null) {
      problems.add(new FeedProblem(where, names.currency(), "required", "is required (an ISO 4217 code such as EUR)"));
    } else {
      try {
        Money.currency(entry.currency());
      } catch (IllegalArgumentException unknown) {
        problems.add(new FeedProblem(where, names.currency(), "currency", "'" + CsvFeed.shorten(entry.currency())
            + "' is not a known ISO 4217 code"));
      }
    }
    if (entry.releaseDate() == null && problems.stream().noneMatch(problem -> problem.path().equals(names.date()))) {
      problems.add(new FeedProblem(where, names.date(), "required", "is required (YYYY-MM-DD)"));
    }
    if (entry.tags().size() > TAGS_MAX) {
      problems.add(new FeedProblem(where, "tags", "range", "at most " + TAGS_MAX + " tags"));
    }
    for (String tag : entry.tags()) {
      if (!TAG.matcher(tag).matches()) {
        problems.add(new FeedProblem(where, "tags", "pattern", "'" + CsvFeed.shorten(tag) + "' must be 1 to 32 letters, digits or dashes"));
      }
    }
    if (entry.trialDays() != null && (entry.trialDays() < 1 || entry.trialDays() > 365)) {
      problems.add(new FeedProblem(where, names.trial(), "range", entry.trialDays() + " must be between 1 and 365"));
    }
    checkMedia(where, entry, limits, mediaRoot, names, problems);
  }

  private static void checkMedia(RowRef where, FeedEntry entry, FeedLimits limits, MediaRoot mediaRoot, Names names,
      List<FeedProblem> problems) {
    if (entry.media().isEmpty()) {
      if (problems.stream().noneMatch(problem -> problem.path().startsWith(names.media()))) {
        problems.add(new FeedProblem(where, names.media(), "required", "at least one media file is required"));
      }
      return;
    }
    if (entry.media().size() > TRACKS_MAX) {
      problems.add(new FeedProblem(where, names.media(), "range", "at most " + TRACKS_MAX + " files"));
    }
    long total = 0;
    for (int i = 0; i < entry.media().size(); i++) {
      MediaFile file = entry.media().get(i);
      String path = names.media() + "[" + i + "]";
      Path resolved = file.path();
      java.util.Optional<String> outside = mediaRoot.refusal(file.declared());
      if (outside.isPresent()) {
        problems.add(new FeedProblem(where, path, "outside-media-root", outside.get()));
        continue;
      }
      if (!Files.exists(resolved)) {
        problems.add(new FeedProblem(where, path, "file-missing", "'" + CsvFeed.shorten(file.declared()) + "' does not exist"));
        continue;
      }
      if (!Files.isRegularFile(resolved) || !Files.isReadable(resolved)) {
        problems.add(new FeedProblem(where, path, "file-unreadable", "'" + CsvFeed.shorten(file.declared()) + "' is not a readable file"));
        continue;
      }
      try {
        long size = Files.size(resolved);
        if (size > limits.mediaBytesMax()) {
          problems.add(new FeedProblem(where, path, "file-too-large", "'" + CsvFeed.shorten(file.declared()) + "' is " + size
              + " bytes; at most " + limits.mediaBytesMax()));
        }
        total += size;
      } catch (java.io.IOException unreadable) {
        problems.add(new FeedProblem(where, path, "file-unreadable", unreadable.getMessage()));
      }
      if (file.isrc() != null && !ISRC.matcher(file.isrc()).matches()) {
        problems.add(new FeedProblem(where, path + ".isrc", "pattern", "'" + CsvFeed.shorten(file.isrc()) + "' is not an ISRC"));
      }
    }
    if (total == 0 && problems.stream().noneMatch(problem -> problem.path().startsWith(names.media()))) {
      problems.add(new FeedProblem(where, names.media(), "range", "the media files are empty"));
    } else if (total > TITLE_BYTES_MAX) {
      problems.add(new FeedProblem(where, names.media(), "file-too-large", "a title may hold at most 1 TiB"));
    }
  }

  /** Field names as each format spells them, so problems point at what the publisher wrote. */
  private record Names(String price, String currency, String date, String trial, String media) {
    static Names of(FeedFormat format) {
      return switch (format) {
        case CSV -> new Names("price_minor", "currency", "release_date", "trial_days", "media");
        case JSON -> new Names("price.amountMinor", "price.currency", "releaseDate", "trialDays", "media");
        case ERN -> new Names("DealTerms/PriceInformation", "DealTerms/PriceInformation", "ReleaseDate", "trialDays", "ResourceGroup");
      };
    }
  }
}
