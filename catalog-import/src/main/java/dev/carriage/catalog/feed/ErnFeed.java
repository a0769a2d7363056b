package dev.carriage.catalog.feed;

import dev.carriage.ledger.Money;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
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
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * A DDEX ERN 4 {@code NewReleaseMessage}, the subset a download store needs: the
 * MessageHeader's creation time, SoundRecordings (ISRC, title, duration, file), Releases (id,
 * title, artist, date, genre, tracks) and ReleaseDeals (territory, commercial model, use type,
 * validity period, price). Elements are matched by local name, so ERN 4.1 to 4.3 all read.
 *
 * <p>A release with no deal that sells it as a download here and today is taken down.
 * DOCTYPEs are refused outright: no DTD, no entity, no external fetch (XXE).
 */
public final class ErnFeed {

  /** An ERN message is metadata: anything bigger is not one. */
  static final long MESSAGE_BYTES_MAX = 64L << 20;
  private static final Set<String> DOWNLOAD_USES = Set.of("PermanentDownload", "Download");
  private static final Set<String> SALE_MODELS = Set.of("PayAsYouGoModel");

  private ErnFeed() {}

  /**
   * @param territory the store's territory as an ISO 3166 code; deals for it or Worldwide count
   * @param today the day deals must be valid on
   */
  public static ParsedFeed read(Path feed, MediaRoot mediaRoot, String territory, LocalDate today) throws IOException {
    if (Files.size(feed) > MESSAGE_BYTES_MAX) {
      return feedProblem("range", "the message is larger than " + (MESSAGE_BYTES_MAX >> 20) + " MiB");
    }
    Document document;
    try (InputStream in = Files.newInputStream(feed)) {
      document = secureBuilder().parse(in);
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
    if (!root.getLocalName().equals("NewReleaseMessage")) {
      return feedProblem("type", "the root element is " + root.getLocalName() + ", not NewReleaseMessage");
    }
    Optional<Instant> createdAt = child(root, "MessageHeader").flatMap(header -> text(header, "MessageCreatedDateTime")).flatMap(ErnFeed::instant);
    if (createdAt.isEmpty()) {
      return feedProblem("required", "MessageHeader/MessageCreatedDateTime is missing or not a date-time with offset");
    }
    Map<String, MediaFile> resources = resources(root, mediaRoot);
    Map<String, List<Element>> deals = deals(root);
    List<ParsedRow> rows = new ArrayList<>();
    for (Element release : descendants(root, "ReleaseList").stream().flatMap(list -> children(list, "Release").stream()).toList()) {
      rows.add(release(new RowRef(rows.size() + 1, 0), release, resources, deals, territory, today, createdAt.get()));
    }
    return new ParsedFeed(FeedFormat.ERN, rows, List.of());
  }

  private static ParsedRow release(RowRef where, Element release, Map<String, MediaFile> resources, Map<String, List<Element>> deals,
      String territory, LocalDate today, Instant messageAt) {
    List<FeedProblem> problems = new ArrayList<>();
    String reference = text(release, "ReleaseReference").orElse("");
    Optional<String> id = child(release, "ReleaseId").flatMap(ids -> firstText(ids, "GRid", "ICPN", "ProprietaryId", "CatalogNumber"));
    if (id.isEmpty()) {
      problems.add(new FeedProblem(where, "ReleaseId", "required", "release " + reference + " has no GRid, ICPN or ProprietaryId"));
      return new ParsedRow(where, null, problems);
    }
    Optional<Element> deal = deals.getOrDefault(reference, List.of()).stream()
        .filter(terms -> sellsHere(terms, territory, today))
        .findFirst();
    if (deal.isEmpty()) {
      return new ParsedRow(where, FeedEntry.takedown(id.get(), messageAt), problems);
    }
    List<MediaFile> media = new ArrayList<>();
    for (Element group : descendants(release, "ResourceGroupContentItem")) {
      String ref = text(group, "ReleaseResourceReference").orElse("");
      MediaFile file = resources.get(ref);
      if (file == null) {
        problems.add(new FeedProblem(where, "ResourceGroup/ReleaseResourceReference", "required",
            "names resource '" + CsvFeed.shorten(ref) + "', which no SoundRecording in the ResourceList has"));
      } else {
        media.add(file);
      }
    }
    Long priceMinor = null;
    String currency = null;
    Optional<Element> price = descendants(deal.get(), "WholesalePricePerUnit").stream().findFirst();
    if (price.isEmpty()) {
      problems.add(new FeedProblem(where, "DealTerms/PriceInformation", "required", "the deal has no WholesalePricePerUnit"));
    } else {
      currency = price.get().getAttribute("CurrencyCode").strip();
      priceMinor = minorUnits(where, price.get().getTextContent().strip(), currency, problems);
    }
    String name = firstText(release, "DisplayTitleText", "TitleText").orElse(null);
    String artist = firstText(release, "DisplayArtistName", "FullName").orElse(null);
    String description = text(release, "MarketingComment")
        .orElse((name == null ? "Release" : name) + (artist == null ? "" : " by " + artist) + ", " + media.size()
            + (media.size() == 1 ? " track" : " tracks"));
    LocalDate date = firstText(release, "ReleaseDate", "OriginalReleaseDate").map(value -> date(where, value, problems)).orElse(null);
    List<String> tags = descendants(release, "GenreText").stream().map(Node::getTextContent).map(ErnFeed::tag)
        .filter(tag -> !tag.isEmpty()).distinct().toList();
    FeedEntry entry = new FeedEntry(id.get(), "music", name, description, priceMinor, currency, date, tags, null, media, true, messageAt);
    return new ParsedRow(where, entry, problems);
  }

  /** A deal that sells the release as a download, in this territory (or worldwide), today. */
  private static boolean sellsHere(Element terms, String territory, LocalDate today) {
    Set<String> uses = texts(terms, "UseType");
    Set<String> models = texts(terms, "CommercialModelType");
    Set<String> territories = texts(terms, "TerritoryCode");
    if (uses.stream().noneMatch(DOWNLOAD_USES::contains) || models.stream().noneMatch(SALE_MODELS::contains)) {
      return false;
    }
    if (!territories.contains("Worldwide") && !territories.contains(territory)) {
      return false;
    }
    Optional<Element> validity = descendants(terms, "ValidityPeriod").stream().findFirst();
    if (validity.isEmpty()) {
      return true;
    }
    Optional<LocalDate> start = firstText(validity.get(), "StartDate", "StartDateTime").map(ErnFeed::day);
    Optional<LocalDate> end = firstText(validity.get(), "EndDate", "EndDateTime").map(ErnFeed::day);
    return start.map(day -> !day.isAfter(today)).orElse(true) && end.map(day -> !day.isBefore(today)).orElse(true);
  }

  private static Map<String, MediaFile> resources(Element root, MediaRoot mediaRoot) {
    Map<String, MediaFile> files = new HashMap<>();
    for (Element recording : descendants(root, "SoundRecording")) {
      Optional<String> reference = text(recording, "ResourceReference");
      // ERN 4 names a file by URI, or by FileName inside FilePath; either is only a claim, checked against the media root.
      Optional<String> uri = firstText(recording, "URI").or(() -> text(recording, "FileName")
          .map(name -> text(recording, "FilePath").map(path -> path.endsWith("/") ? path + name : path + "/" + name).orElse(name)));
      if (reference.isEmpty() || uri.isEmpty()) {
        continue; // reported by the release that names it
      }
      Integer seconds = text(recording, "Duration").map(ErnFeed::seconds).orElse(null);
      files.put(reference.get(), new MediaFile(uri.get(), mediaRoot.resolve(uri.get()),
          firstText(recording, "DisplayTitleText", "TitleText").orElse(uri.get()), text(recording, "ISRC").orElse(null), seconds));
    }
    return files;
  }

  /** Deal terms by the release reference they apply to. */
  private static Map<String, List<Element>> deals(Element root) {
    Map<String, List<Element>> deals = new HashMap<>();
    for (Element releaseDeal : descendants(root, "ReleaseDeal")) {
      Set<String> references = texts(releaseDeal, "DealReleaseReference");
      for (Element terms : descendants(releaseDeal, "DealTerms")) {
        references.forEach(reference -> deals.computeIfAbsent(reference, r -> new ArrayList<>()).add(terms));
      }
    }
    return deals;
  }

  private static Long minorUnits(RowRef where, String amount, String currency, List<FeedProblem> problems) {
    try {
      int digits = Money.currency(currency).getDefaultFractionDigits();
      BigDecimal major = new BigDecimal(amount);
      if (major.signum() < 0) {
        problems.add(new FeedProblem(where, "WholesalePricePerUnit", "range", "the price " + amount + " is negative"));
        return null;
      }
      return major.movePointRight(digits).longValueExact();
    } catch (IllegalArgumentException unknownCurrency) {
      problems.add(new FeedProblem(where, "WholesalePricePerUnit/@CurrencyCode", "currency", unknownCurrency.getMessage()));
    } catch (ArithmeticException tooPrecise) {
      problems.add(new FeedProblem(where, "WholesalePricePerUnit", "range", "the price " + CsvFeed.shorten(amount)
          + " has more decimals than " + currency + " allows"));
    }
    return null;
  }

  private static DocumentBuilder secureBuilder() {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      factory.setXIncludeAware(false);
      factory.setExpandEntityReferences(false);
      DocumentBuilder builder = factory.newDocumentBuilder();
      // Throws on fatal errors, stays silent otherwise: problems go to the report, not to stderr.
      builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler());
      return builder;
    } catch (ParserConfigurationException impossible) {
      throw new IllegalStateException("the JDK's XML parser refuses secure settings", impossible);
    }
  }

  private static ParsedFeed feedProblem(String code, String message) {
    return new ParsedFeed(FeedFormat.ERN, List.of(), List.of(new FeedProblem(RowRef.FEED, "", code, message)));
  }

  private static Optional<Element> child(Element parent, String localName) {
    return children(parent, localName).stream().findFirst();
  }

  private static List<Element> children(Element parent, String localName) {
    List<Element> found = new ArrayList<>();
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element element && localName.equals(element.getLocalName())) {
        found.add(element);
      }
    }
    return found;
  }

  private static List<Element> descendants(Element parent, String localName) {
    List<Element> found = new ArrayList<>();
    var nodes = parent.getElementsByTagNameNS("*", localName);
    for (int i = 0; i < nodes.getLength(); i++) {
      found.add((Element) nodes.item(i));
    }
    return found;
  }

  /** The first descendant with this name, as trimmed text. */
  private static Optional<String> text(Element parent, String localName) {
    return descendants(parent, localName).stream().map(Node::getTextContent).map(String::strip).filter(value -> !value.isEmpty()).findFirst();
  }

  private static Optional<String> firstText(Element parent, String... localNames) {
    for (String name : localNames) {
      Optional<String> value = text(parent, name);
      if (value.isPresent()) {
        return value;
      }
    }
    return Optional.empty();
  }

  private static Set<String> texts(Element parent, String localName) {
    Set<String> values = new LinkedHashSet<>();
    descendants(parent, localName).forEach(element -> values.add(element.getTextContent().strip()));
    return values;
  }

  private static Optional<Instant> instant(String value) {
    try {
      return Optional.of(OffsetDateTime.parse(value).toInstant());
    } catch (DateTimeParseException notDateTime) {
      return Optional.empty();
    }
  }

  private static LocalDate date(RowRef where, String value, List<FeedProblem> problems) {
    try {
      return LocalDate.parse(value.length() >= 10 ? value.substring(0, 10) : value);
    } catch (DateTimeParseException notDate) {
      problems.add(new FeedProblem(where, "ReleaseDate", "type", "'" + CsvFeed.shorten(value) + "' is not a date"));
      return null;
    }
  }

  private static LocalDate day(String value) {
    try {
      return LocalDate.parse(value.length() >= 10 ? value.substring(0, 10) : value);
    } catch (DateTimeParseException notDate) {
      return LocalDate.MAX; // an unreadable start never starts; an unreadable end never ends
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
