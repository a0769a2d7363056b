package dev.carriage.catalog.feed;

import dev.carriage.ledger.Money;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * DDEX ERN deliveries, 3.4.x and 4.x (told apart by namespace; elements are matched by local
 * name, where the versions mostly agree): {@code NewReleaseMessage} and
 * {@code UpdateReleaseMessage} (each main release a row: metadata, tracks, cover, deal, price),
 * and {@code PurgeReleaseMessage} (each purged release taken down, licences kept).
 *
 * <ul>
 *   <li>Resources: SoundRecordings are the tracks; an Image (the front cover first) becomes the
 *       title's art; any other resource (a booklet, a video) is listed in the row's notes and
 *       never rejects the release. Files are {@code URI}, or {@code FilePath} + {@code FileName},
 *       relative to the feed's folder under the media root's containment rule.
 *   <li>Deals: the first DealTerms that sells the release as a download, in the store's
 *       territory, today. With none, the release is taken down and the row says exactly why
 *       (expired on a date, no download use type, territory not included, no price).
 *   <li>Prices: a deal's {@code WholesalePricePerUnit} is the publisher's royalty, never the
 *       shelf price; the retail price comes from the publisher's price list (by the deal's
 *       {@code PriceType}) or a configured markup ({@link RetailPricing}).
 *   <li>Release date: {@code ReleaseDate} (or {@code GlobalReleaseDate}), else
 *       {@code OriginalReleaseDate}, else the deal's start; the row's notes say which.
 *   <li>ERN 3 sends track releases beside the main one ({@code IsMainRelease}): only main
 *       releases become titles.
 * </ul>
 *
 * <p>DOCTYPEs are refused outright: no DTD, no entity, no external fetch (XXE). The encoding
 * is the XML parser's to read (UTF-16 with a byte-order mark reads as well as UTF-8).
 */
public final class ErnFeed {

  /** An ERN message is metadata: anything bigger is not one. */
  static final long MESSAGE_BYTES_MAX = 64L << 20;
  private static final Pattern ERN_NAMESPACE = Pattern.compile("http://ddex\\.net/xml/ern/([34])(\\d*)");
  private static final Set<String> RELEASE_MESSAGES = Set.of("NewReleaseMessage", "UpdateReleaseMessage");
  private static final Set<String> OTHER_RESOURCES = Set.of("Video", "Text", "SheetMusic", "Software", "MIDI", "UserDefinedResource");

  private ErnFeed() {}

  /** A resource of the message: what it is, and its file. */
  private record Resource(String type, String subType, MediaFile file) {}

  /**
   * @param territory the store's territory as an ISO 3166 code; deals for it or Worldwide count
   * @param today the day deals must be valid on
   * @param pricing where retail prices come from
   */
  public static ParsedFeed read(Path feed, MediaRoot mediaRoot, String territory, LocalDate today, RetailPricing pricing) throws IOException {
    if (Files.size(feed) > MESSAGE_BYTES_MAX) {
      return feedProblem("range", "the message is larger than " + (MESSAGE_BYTES_MAX >> 20) + " MiB");
    }
    Document document;
    try (InputStream in = Files.newInputStream(feed)) {
      document = Xml.secureBuilder().parse(in);
    } catch (SAXParseException broken) {
      boolean doctype = String.valueOf(broken.getMessage()).contains("DOCTYPE");
      return new ParsedFeed(FeedFormat.ERN, List.of(), List.of(new FeedProblem(new RowRef(0, broken.getLineNumber()), "",
          doctype ? "forbidden-xml" : "malformed",
          doctype ? "the message declares a DOCTYPE; DTDs and entities are refused (no external entities are ever read)"
              : "not well-formed XML: " + broken.getMessage())));
    } catch (SAXException broken) {
      return feedProblem("malformed", "not well-formed XML: " + broken.getMessage());
    }
    Element root = document.getDocumentElement();
    Matcher version = ERN_NAMESPACE.matcher(String.valueOf(root.getNamespaceURI()));
    if (!version.matches()) {
      return feedProblem("type", "the root element's namespace '" + CsvFeed.shorten(String.valueOf(root.getNamespaceURI()))
          + "' is not DDEX ERN 3.x or 4.x (http://ddex.net/xml/ern/341, .../43)");
    }
    String messageType = root.getLocalName();
    if (!RELEASE_MESSAGES.contains(messageType) && !messageType.equals("PurgeReleaseMessage")) {
      return feedProblem("type", "the root element is " + messageType + "; expected NewReleaseMessage, UpdateReleaseMessage or"
          + " PurgeReleaseMessage");
    }
    Optional<Instant> createdAt = Xml.child(root, "MessageHeader").flatMap(header -> Xml.text(header, "MessageCreatedDateTime"))
        .flatMap(ErnFeed::instant);
    if (createdAt.isEmpty()) {
      return feedProblem("required", "MessageHeader/MessageCreatedDateTime is missing or not a date-time with offset");
    }
    if (messageType.equals("PurgeReleaseMessage")) {
      return purge(root, createdAt.get());
    }
    Map<String, Resource> resources = resources(root, mediaRoot);
    Map<String, List<Element>> deals = deals(root);
    List<Element> releases = Xml.descendants(root, "ReleaseList").stream().flatMap(list -> Xml.children(list, "Release").stream()).toList();
    List<Element> main = releases.stream().filter(release -> "true".equals(release.getAttribute("IsMainRelease"))).toList();
    List<ParsedRow> rows = new ArrayList<>();
    for (Element release : main.isEmpty() ? releases : main) {
      rows.add(release(new RowRef(rows.size() + 1, 0), release, resources, deals, territory, today, createdAt.get(), pricing));
    }
    return new ParsedFeed(FeedFormat.ERN, rows, List.of());
  }

  /** Each purged release is taken down: off sale, its buyers keep it. */
  private static ParsedFeed purge(Element root, Instant messageAt) {
    List<ParsedRow> rows = new ArrayList<>();
    for (Element purged : Xml.descendants(root, "PurgedRelease")) {
      RowRef where = new RowRef(rows.size() + 1, 0);
      Optional<String> id = releaseId(purged);
      rows.add(id.isEmpty()
          ? new ParsedRow(where, null, List.of(new FeedProblem(where, "ReleaseId", "required", "a PurgedRelease names no GRid, ICPN or ProprietaryId")))
          : new ParsedRow(where, FeedEntry.takedown(id.get(), messageAt, "purged by the label (PurgeReleaseMessage)"), List.of()));
    }
    return new ParsedFeed(FeedFormat.ERN, rows, List.of());
  }

  private static ParsedRow release(RowRef where, Element release, Map<String, Resource> resources, Map<String, List<Element>> deals,
      String territory, LocalDate today, Instant messageAt, RetailPricing pricing) {
    List<FeedProblem> problems = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    String reference = Xml.text(release, "ReleaseReference").orElse("");
    Optional<String> id = releaseId(release);
    if (id.isEmpty()) {
      problems.add(new FeedProblem(where, "ReleaseId", "required", "release " + reference + " has no GRid, ICPN or ProprietaryId"));
      return new ParsedRow(where, null, problems);
    }
    List<ErnDeal> judged = deals.getOrDefault(reference, List.of()).stream().map(terms -> ErnDeal.judge(terms, territory, today)).toList();
    Optional<ErnDeal> deal = judged.stream().filter(ErnDeal::usable).findFirst();
    if (deal.isEmpty()) {
      String why = judged.isEmpty() ? "no deal names release " + reference
          : "no usable deal in " + territory + " on " + today + ": " + String.join("; ", judged.stream().map(d -> d.refusal().orElseThrow()).toList());
      return new ParsedRow(where, FeedEntry.takedown(id.get(), messageAt, why), problems);
    }
    List<MediaFile> tracks = new ArrayList<>();
    MediaFile cover = null;
    for (String ref : resourceReferences(release)) {
      Resource resource = resources.get(ref);
      if (resource == null) {
        problems.add(new FeedProblem(where, "ResourceGroup/ReleaseResourceReference", "required",
            "names resource '" + CsvFeed.shorten(ref) + "', which the ResourceList does not have"));
      } else if (resource.type().equals("SoundRecording")) {
        tracks.add(resource.file());
      } else if (resource.type().equals("Image") && (cover == null || resource.subType().equals("FrontCoverImage"))) {
        cover = resource.file();
      } else {
        notes.add("also delivered: " + resource.file().declared() + " (" + resource.type() + ", not sold in the store)");
      }
    }
    if (cover != null) {
      notes.add("cover art: " + cover.declared());
    }
    Optional<Money> wholesale = deal.get().wholesale();
    RetailPricing.Result retail = pricing.retail(deal.get().priceCode(), wholesale);
    Long priceMinor = null;
    String currency = null;
    if (retail.price().isEmpty()) {
      problems.add(new FeedProblem(where, "DealTerms/PriceInformation", "no-price", retail.how()));
    } else {
      priceMinor = retail.price().get().minor();
      currency = retail.price().get().currencyCode();
      notes.add("retail price " + retail.price().get() + " from " + retail.how());
      if (wholesale.isPresent() && !wholesale.get().currency().equals(retail.price().get().currency())) {
        problems.add(new FeedProblem(where, "WholesalePricePerUnit/@CurrencyCode", "currency", "the wholesale price " + wholesale.get()
            + " is not in the retail price's currency " + currency));
      } else if (wholesale.isPresent() && wholesale.get().minor() > priceMinor) {
        problems.add(new FeedProblem(where, "WholesalePricePerUnit", "range", "the wholesale price " + wholesale.get()
            + " is more than the retail price " + retail.price().get()));
      }
    }
    String name = Xml.firstText(release, "DisplayTitleText", "TitleText").orElse(null);
    String artist = Xml.firstText(release, "DisplayArtistName", "FullName").orElse(null);
    String description = Xml.text(release, "MarketingComment")
        .orElse((name == null ? "Release" : name) + (artist == null ? "" : " by " + artist) + ", " + tracks.size()
            + (tracks.size() == 1 ? " track" : " tracks"));
    LocalDate date = releaseDate(where, release, deal.get(), notes, problems);
    List<String> tags = Xml.descendants(release, "GenreText").stream().map(Node::getTextContent).map(ErnFeed::tag)
        .filter(tag -> !tag.isEmpty()).distinct().toList();
    FeedEntry entry = new FeedEntry(id.get(), "music", name, description, priceMinor, currency, date, tags, null, tracks, true, messageAt,
        wholesale.map(Money::minor).orElse(null), cover, notes);
    return new ParsedRow(where, entry, problems);
  }

  private static Optional<String> releaseId(Element release) {
    return Xml.child(release, "ReleaseId").flatMap(ids -> Xml.firstText(ids, "GRid", "ICPN", "EAN", "UPC", "ProprietaryId", "CatalogNumber"));
  }

  /** The resources a release names, in the order it names them (ERN 4 groups and linked resources, ERN 3's reference list). */
  private static Set<String> resourceReferences(Element release) {
    Set<String> references = new LinkedHashSet<>();
    for (String name : List.of("ReleaseResourceReference", "LinkedReleaseResourceReference")) {
      Xml.descendants(release, name).forEach(element -> references.add(element.getTextContent().strip()));
    }
    references.remove("");
    return references;
  }

  /** ReleaseDate, else OriginalReleaseDate, else the deal's start; the notes say which was used when it is not the first. */
  private static LocalDate releaseDate(RowRef where, Element release, ErnDeal deal, List<String> notes, List<FeedProblem> problems) {
    for (String field : List.of("ReleaseDate", "GlobalReleaseDate", "OriginalReleaseDate", "GlobalOriginalReleaseDate")) {
      Optional<String> value = Xml.text(release, field);
      if (value.isPresent()) {
        try {
          LocalDate date = LocalDate.parse(value.get().length() >= 10 ? value.get().substring(0, 10) : value.get());
          if (field.contains("Original")) {
            notes.add("release date " + date + " from " + field + " (the release has no ReleaseDate)");
          }
          return date;
        } catch (DateTimeParseException notDate) {
          problems.add(new FeedProblem(where, field, "type", "'" + CsvFeed.shorten(value.get()) + "' is not a date"));
          return null;
        }
      }
    }
    if (deal.start().isPresent()) {
      notes.add("release date " + deal.start().get() + " from the deal's StartDate (the release has no ReleaseDate or OriginalReleaseDate)");
      return deal.start().get();
    }
    problems.add(new FeedProblem(where, "ReleaseDate", "required", "no ReleaseDate, OriginalReleaseDate or deal StartDate"));
    return null;
  }

  private static Map<String, Resource> resources(Element root, MediaRoot mediaRoot) {
    Map<String, Resource> found = new HashMap<>();
    for (Element list : Xml.descendants(root, "ResourceList")) {
      for (Node node = list.getFirstChild(); node != null; node = node.getNextSibling()) {
        if (!(node instanceof Element resource)) {
          continue;
        }
        String type = resource.getLocalName();
        Optional<String> reference = Xml.child(resource, "ResourceReference").map(Node::getTextContent).map(String::strip);
        Optional<String> path = filePath(resource);
        if (reference.isEmpty() || path.isEmpty()
            || !(type.equals("SoundRecording") || type.equals("Image") || OTHER_RESOURCES.contains(type))) {
          continue; // a release naming it reports it
        }
        String subType = Xml.firstText(resource, "ImageType", "Type").orElse("");
        Integer seconds = type.equals("SoundRecording") ? Xml.text(resource, "Duration").map(ErnFeed::seconds).orElse(null) : null;
        String title = Xml.firstText(resource, "DisplayTitleText", "TitleText").orElse(path.get());
        String isrc = type.equals("SoundRecording") ? Xml.text(resource, "ISRC").orElse(null) : null;
        found.put(reference.get(), new Resource(type, subType, new MediaFile(path.get(), mediaRoot.resolve(path.get()), title, isrc, seconds)));
      }
    }
    return found;
  }

  /** {@code URI}, or {@code FilePath} + {@code FileName} (ERN 3 and 4): only a claim, checked against the media root. */
  private static Optional<String> filePath(Element resource) {
    return Xml.text(resource, "URI").or(() -> Xml.text(resource, "FileName")
        .map(name -> Xml.text(resource, "FilePath").map(path -> path.endsWith("/") ? path + name : path + "/" + name).orElse(name)));
  }

  /** Deal terms by the release reference they apply to. */
  private static Map<String, List<Element>> deals(Element root) {
    Map<String, List<Element>> deals = new HashMap<>();
    for (Element releaseDeal : Xml.descendants(root, "ReleaseDeal")) {
      Set<String> references = Xml.texts(releaseDeal, "DealReleaseReference");
      for (Element terms : Xml.descendants(releaseDeal, "DealTerms")) {
        references.forEach(reference -> deals.computeIfAbsent(reference, r -> new ArrayList<>()).add(terms));
      }
    }
    return deals;
  }

  private static ParsedFeed feedProblem(String code, String message) {
    return new ParsedFeed(FeedFormat.ERN, List.of(), List.of(new FeedProblem(RowRef.FEED, "", code, message)));
  }

  private static Optional<Instant> instant(String value) {
    try {
      return Optional.of(OffsetDateTime.parse(value).toInstant());
    } catch (DateTimeParseException notDateTime) {
      return Optional.empty();
    }
  }

  private static Integer seconds(String isoDuration) {
    try {
      return Math.toIntExact(Duration.parse(isoDuration).toSeconds());
    } catch (DateTimeParseException | ArithmeticException notDuration) {
      return null;
    }
  }

  /** A genre as a store tag: lowercase letters, digits and dashes, at most 32. */
  private static String tag(String genre) {
    String tag = genre.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    return tag.length() > 32 ? tag.substring(0, 32) : tag;
  }
}
