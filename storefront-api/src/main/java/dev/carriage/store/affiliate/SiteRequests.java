package dev.carriage.store.affiliate;

import dev.carriage.store.problem.ProblemException;
import dev.carriage.store.web.TextRules;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/** What fan-site owners and admins send about sites and links. */
public final class SiteRequests {

  /** A Stripe Connect account id as payees name it. */
  public static final String CONNECT_ACCOUNT = "acct_[A-Za-z0-9]{1,64}";

  private SiteRequests() {}

  /** {@code POST /api/affiliate/sites}. */
  public record Register(
      @NotBlank @Size(max = 100) @Pattern(regexp = TextRules.SINGLE_LINE, message = TextRules.SINGLE_LINE_RULE) String name,
      @NotNull @Size(max = 500) @Pattern(regexp = "https?://[^\\s<>\"']+", message = "must be an http or https URL") String url) {}

  /**
   * {@code PUT /api/affiliate/sites/{id}/payout} and {@code PUT /api/carrier/nodes/{id}/payout}:
   * store credit, or a Stripe Connect account.
   */
  public record Payout(
      @NotNull PayoutMethod method,
      @Pattern(regexp = CONNECT_ACCOUNT, message = "must be a Stripe Connect account id (acct_...)") String connectAccountId) {

    /** The same request from a page's form, checked as the API's body is: a 400 naming the field that is wrong. */
    public static Payout fromForm(String method, String connectAccountId) {
      PayoutMethod chosen;
      try {
        chosen = PayoutMethod.valueOf(String.valueOf(method).strip().toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException unknown) {
        throw ProblemException.invalidField("method", "must be store_credit or stripe_connect");
      }
      String account = connectAccountId == null || connectAccountId.isBlank() || chosen == PayoutMethod.STORE_CREDIT
          ? null : connectAccountId.strip();
      if (account != null && !account.matches(CONNECT_ACCOUNT)) {
        throw ProblemException.invalidField("connectAccountId", "must be a Stripe Connect account id (acct_...)");
      }
      Payout payout = new Payout(chosen, account);
      payout.requireConsistent();
      return payout;
    }

    /** An account id goes with Stripe Connect and only with it; a 400 naming the field otherwise. */
    public void requireConsistent() {
      boolean connect = method == PayoutMethod.STRIPE_CONNECT;
      if (connect && connectAccountId == null) {
        throw ProblemException.invalidField("connectAccountId", "is required for payouts through Stripe Connect");
      }
      if (!connect && connectAccountId != null) {
        throw ProblemException.invalidField("connectAccountId", "only goes with the stripe_connect method");
      }
    }
  }

  /** {@code POST /api/affiliate/links}: a link to a title (or the store front) with an optional campaign sub-id. */
  public record Link(
      @NotNull UUID siteId,
      UUID titleId,
      @Pattern(regexp = "[A-Za-z0-9._~-]{1,64}", message = "must be 1 to 64 letters, digits, '.', '_', '-' or '~'") String subId) {}

  /** {@code POST /api/admin/affiliate/sites/{id}/suspend}. */
  public record Suspend(@NotBlank @Size(max = 500) String reason) {}
}
