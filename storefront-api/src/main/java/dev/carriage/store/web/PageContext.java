package dev.carriage.store.web;

import dev.carriage.store.account.Account;
import dev.carriage.store.account.AccountService;
import dev.carriage.store.account.Callers;
import dev.carriage.store.account.Role;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * What every page knows about the request it answers: who is signed in, the CSRF token its
 * forms repeat, and the reader's locale for amounts and dates. Templates read it as
 * {@code inject:page}.
 */
@RequestScoped
@Named("page")
public class PageContext {

  private final SecurityIdentity caller;
  private final RoutingContext request;
  private final AccountService accounts;
  private String csrfToken;
  private boolean csrfTokenIsNew;
  private Optional<Account> account;

  public PageContext(SecurityIdentity caller, RoutingContext request, AccountService accounts) {
    this.caller = caller;
    this.request = request;
    this.accounts = accounts;
  }

  public String csrf() {
    if (csrfToken == null) {
      Cookie cookie = request.request().getCookie(Csrf.COOKIE);
      Optional<String> existing = Csrf.wellFormed(cookie == null ? null : cookie.getValue());
      csrfToken = existing.orElseGet(Csrf::newToken);
      csrfTokenIsNew = existing.isEmpty();
    }
    return csrfToken;
  }

  /** The token this response must hand the browser, when the page made a new one. */
  Optional<String> newCsrfToken() {
    return csrfTokenIsNew ? Optional.of(csrfToken) : Optional.empty();
  }

  public boolean signedIn() {
    return account().isPresent();
  }

  public Optional<Account> account() {
    if (account == null) {
      account = caller.isAnonymous() ? Optional.empty() : accounts.find(Callers.accountId(caller));
    }
    return account;
  }

  public UUID accountId() {
    return account().map(Account::id).orElseThrow(io.quarkus.security.UnauthorizedException::new);
  }

  public String displayName() {
    return account().map(Account::displayName).orElse("");
  }

  public boolean is(String role) {
    return signedIn() && caller.hasRole(role);
  }

  public boolean carrier() {
    return is(Role.Names.CARRIER);
  }

  public boolean affiliate() {
    return is(Role.Names.AFFILIATE);
  }

  public boolean publisher() {
    return is(Role.Names.PUBLISHER);
  }

  public boolean admin() {
    return is(Role.Names.ADMIN);
  }

  public boolean secure() {
    return request.request().isSSL();
  }

  public Locale locale() {
    return request.acceptableLanguages().stream()
        .map(language -> Locale.forLanguageTag(language.value()))
        .filter(locale -> !locale.getLanguage().isEmpty())
        .findFirst()
        .orElse(Locale.UK);
  }

  public String money(long minor, String currency) {
    return MoneyFormat.format(minor, currency, locale());
  }

  /** An amount given in (fractional) minor units, such as earnings per click, to two places past the cent. */
  public String moneyFraction(java.math.BigDecimal minor, String currency) {
    int digits = Math.max(0, dev.carriage.ledger.Money.currency(currency).getDefaultFractionDigits());
    return MoneyFormat.format(minor.movePointLeft(digits), currency, locale(), 2);
  }

  /** A ratio (0.125) as a percentage in the reader's locale (12.5%). */
  public String percent(java.math.BigDecimal ratio) {
    java.text.NumberFormat format = java.text.NumberFormat.getPercentInstance(locale());
    format.setMaximumFractionDigits(1);
    return format.format(ratio);
  }

  /** A rate in basis points (7000) as a percentage in the reader's locale (70%). */
  public String basisPoints(int basisPoints) {
    return percent(java.math.BigDecimal.valueOf(basisPoints, 4));
  }

  /** An amount as a form field holds it: plain digits with a dot, the currency's decimals (9.99), whatever the locale. */
  public String decimal(long minor, String currency) {
    return dev.carriage.ledger.Money.of(minor, currency).major().toPlainString();
  }

  public String date(Instant instant) {
    return instant == null ? "" : DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale())
        .format(instant.atZone(ZoneId.of("UTC")));
  }

  public String dateTime(Instant instant) {
    return instant == null ? "" : DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
        .withLocale(locale()).format(instant.atZone(ZoneId.of("UTC"))) + " UTC";
  }

  /** "3 days 4 hours", "5 hours 10 minutes", "12 minutes": the time left, in words. */
  public String timeLeft(Duration left) {
    if (left.isNegative() || left.isZero()) {
      return "ended";
    }
    long days = left.toDays();
    long hours = left.toHoursPart();
    long minutes = left.toMinutesPart();
    if (days > 0) {
      return plural(days, "day") + (hours > 0 ? " " + plural(hours, "hour") : "");
    }
    if (hours > 0) {
      return plural(hours, "hour") + (minutes > 0 ? " " + plural(minutes, "minute") : "");
    }
    return plural(Math.max(1, minutes), "minute");
  }

  public String bytes(long count) {
    return ByteSizes.describe(count);
  }

  private static String plural(long n, String unit) {
    return n + " " + unit + (n == 1 ? "" : "s");
  }
}
