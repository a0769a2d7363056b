package dev.carriage.catalog.feed;

import dev.carriage.ledger.Money;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;
import org.w3c.dom.Element;

/**
 * One DealTerms of a release, judged for this store: does it sell the release as a download
 * here and today, and if not, exactly why; and what price it names (a wholesale price, a price
 * code, or both). ERN 3 nests the use type under {@code Usage}; names are looked up anywhere below.
 */
record ErnDeal(Optional<String> refusal, Optional<String> priceCode, Optional<Money> wholesale, Optional<LocalDate> start) {

  private static final Set<String> DOWNLOAD_USES = Set.of("PermanentDownload", "Download");
  private static final Set<String> SALE_MODELS = Set.of("PayAsYouGoModel");

  boolean usable() {
    return refusal.isEmpty();
  }

  static ErnDeal judge(Element terms, String territory, LocalDate today) {
    Set<String> uses = Xml.texts(terms, "UseType");
    Set<String> models = Xml.texts(terms, "CommercialModelType");
    Set<String> territories = Xml.texts(terms, "TerritoryCode");
    Set<String> excluded = Xml.texts(terms, "ExcludedTerritoryCode");
    Optional<Element> validity = Xml.descendants(terms, "ValidityPeriod").stream().findFirst();
    Optional<LocalDate> start = validity.flatMap(period -> Xml.firstText(period, "StartDate", "StartDateTime")).map(ErnDeal::day);
    Optional<LocalDate> end = validity.flatMap(period -> Xml.firstText(period, "EndDate", "EndDateTime")).map(ErnDeal::day);
    Optional<String> code = Xml.firstText(terms, "PriceType", "PriceCode");
    Optional<Element> wholesaleElement = Xml.descendants(terms, "WholesalePricePerUnit").stream().findFirst();
    Optional<Money> wholesale = wholesaleElement.flatMap(ErnDeal::money);
    String refusal = null;
    if (uses.stream().noneMatch(DOWNLOAD_USES::contains)) {
      refusal = "no download use type (" + (uses.isEmpty() ? "none given" : String.join(", ", uses)) + ")";
    } else if (models.stream().noneMatch(SALE_MODELS::contains)) {
      refusal = "not a sale (commercial model " + (models.isEmpty() ? "missing" : String.join(", ", models)) + ")";
    } else if (excluded.contains(territory) || !(territories.contains("Worldwide") || territories.contains(territory))) {
      refusal = "territory " + territory + " not included (" + (territories.isEmpty() ? "no TerritoryCode" : String.join(", ", territories))
          + (excluded.isEmpty() ? "" : ", excluding " + String.join(", ", excluded)) + ")";
    } else if (end.isPresent() && end.get().isBefore(today)) {
      refusal = "expired on " + end.get();
    } else if (start.isPresent() && start.get().isAfter(today)) {
      refusal = start.get().equals(LocalDate.MAX) ? "an unreadable StartDate" : "starts on " + start.get();
    } else if (wholesaleElement.isPresent() && wholesale.isEmpty()) {
      refusal = "WholesalePricePerUnit '" + CsvFeed.shorten(wholesaleElement.get().getTextContent().strip()) + "' (CurrencyCode '"
          + CsvFeed.shorten(wholesaleElement.get().getAttribute("CurrencyCode")) + "') is not a price in a known currency";
    } else if (code.isEmpty() && wholesale.isEmpty()) {
      refusal = "no price (neither a WholesalePricePerUnit nor a PriceType)";
    }
    return new ErnDeal(Optional.ofNullable(refusal), code, wholesale, start.filter(day -> !day.equals(LocalDate.MAX)));
  }

  /** A {@code WholesalePricePerUnit CurrencyCode="EUR">6.50}; empty when it is not a price in a known currency. */
  private static Optional<Money> money(Element price) {
    try {
      Money wholesale = Money.ofMajor(new BigDecimal(price.getTextContent().strip()), Money.currency(price.getAttribute("CurrencyCode").strip()));
      return wholesale.isNegative() ? Optional.empty() : Optional.of(wholesale);
    } catch (IllegalArgumentException | ArithmeticException notPrice) {
      return Optional.empty();
    }
  }

  static LocalDate day(String value) {
    try {
      return LocalDate.parse(value.length() >= 10 ? value.substring(0, 10) : value);
    } catch (java.time.format.DateTimeParseException notDate) {
      return LocalDate.MAX; // an unreadable start never starts; an unreadable end never ends
    }
  }
}
