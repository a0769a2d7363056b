package dev.carriage.catalog.feed;

import dev.carriage.ledger.Money;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where a DDEX release's retail price comes from: a deal's wholesale price is what the label is
 * paid, never the shelf price. The publisher's price list maps a deal's price code (ERN
 * {@code PriceType} or {@code PriceCode}) to a retail price; otherwise a configured markup over
 * the wholesale price. With neither, the release is refused rather than sold at wholesale.
 *
 * @param priceList retail prices by price code, codes compared without case
 * @param markupBasisPoints retail = wholesale × (1 + bps / 10000), rounded up to the currency's minor unit
 */
public record RetailPricing(Map<String, Money> priceList, OptionalInt markupBasisPoints) {

  /** No price list and no markup: only a release whose deal names no wholesale price could be priced (and none can). */
  public static final RetailPricing NONE = new RetailPricing(Map.of(), OptionalInt.empty());

  public RetailPricing {
    priceList = Map.copyOf(priceList);
    markupBasisPoints.ifPresent(bps -> {
      if (bps < 0 || bps > 100_000) {
        throw new IllegalArgumentException("markup: " + bps + " basis points (expected: 0 to 100000)");
      }
    });
  }

  public static RetailPricing markup(int basisPoints) {
    return new RetailPricing(Map.of(), OptionalInt.of(basisPoints));
  }

  public RetailPricing withMarkup(Integer basisPoints) {
    return new RetailPricing(priceList, basisPoints == null ? OptionalInt.empty() : OptionalInt.of(basisPoints));
  }

  /**
   * A price list as CSV, {@code price_code,amount,currency} with a header line, amounts in major
   * units ({@code FRONT,9.99,EUR}).
   *
   * @throws IllegalArgumentException naming the line that is wrong
   */
  public static RetailPricing load(Path csv) throws IOException {
    Map<String, Money> prices = new HashMap<>();
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] fields = line.split(",", -1);
      if (fields.length != 3) {
        throw new IllegalArgumentException(csv.getFileName() + " line " + (i + 1) + ": expected price_code,amount,currency");
      }
      try {
        prices.put(fields[0].strip().toUpperCase(Locale.ROOT), major(fields[1].strip(), fields[2].strip()));
      } catch (IllegalArgumentException | ArithmeticException wrong) {
        throw new IllegalArgumentException(csv.getFileName() + " line " + (i + 1) + ": " + wrong.getMessage(), wrong);
      }
    }
    return new RetailPricing(prices, OptionalInt.empty());
  }

  /** The retail price for a deal, or why there is none. */
  public Result retail(Optional<String> priceCode, Optional<Money> wholesale) {
    if (priceCode.isPresent()) {
      Money listed = priceList.get(priceCode.get().toUpperCase(Locale.ROOT));
      if (listed != null) {
        return new Result(Optional.of(listed), "price code " + priceCode.get() + " from the price list");
      }
    }
    if (wholesale.isPresent() && markupBasisPoints.isPresent()) {
      Money base = wholesale.get();
      BigDecimal retail = base.major().multiply(BigDecimal.valueOf(10_000L + markupBasisPoints.getAsInt())).divide(BigDecimal.valueOf(10_000))
          .setScale(base.currency().getDefaultFractionDigits(), RoundingMode.CEILING);
      return new Result(Optional.of(Money.ofMajor(retail, base.currency())),
          "wholesale " + base + " with a markup of " + markupBasisPoints.getAsInt() + " bps");
    }
    StringBuilder why = new StringBuilder("no retail price: ");
    if (priceCode.isPresent()) {
      why.append("price code ").append(priceCode.get()).append(" is not in the price list");
    } else {
      why.append("the deal names no price code");
    }
    why.append(wholesale.map(price -> ", and its wholesale price " + price + " needs a markup (--markup-bps)").orElse(""));
    return new Result(Optional.empty(), why.toString());
  }

  /** A retail price and where it came from, or (empty) why there is none. */
  public record Result(Optional<Money> price, String how) {}

  private static Money major(String amount, String currency) {
    Money price = Money.ofMajor(new BigDecimal(amount), Money.currency(currency));
    if (price.isNegative()) {
      throw new IllegalArgumentException("the price " + amount + " is negative");
    }
    return price;
  }
}
