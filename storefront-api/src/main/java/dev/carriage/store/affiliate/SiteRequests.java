package dev.carriage.store.affiliate;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/** What fan-site owners and admins send about sites and links. */
public final class SiteRequests {

  private SiteRequests() {}

  /** {@code POST /api/affiliate/sites}. */
  public record Register(
      @NotBlank @Size(max = 100) String name,
      @NotNull @Size(max = 500) @Pattern(regexp = "https?://[^\\s<>\"']+", message = "must be an http or https URL") String url) {}

  /** {@code PUT /api/affiliate/sites/{id}/payout}: store credit, or a Stripe Connect account. */
  public record Payout(
      @NotNull PayoutMethod method,
      @Pattern(regexp = "acct_[A-Za-z0-9]{1,64}", message = "must be a Stripe Connect account id (acct_...)") String connectAccountId) {}

  /** {@code POST /api/affiliate/links}: a link to a title (or the store front) with an optional campaign sub-id. */
  public record Link(
      @NotNull UUID siteId,
      UUID titleId,
      @Pattern(regexp = "[A-Za-z0-9._~-]{1,64}", message = "must be 1 to 64 letters, digits, '.', '_', '-' or '~'") String subId) {}

  /** {@code POST /api/admin/affiliate/sites/{id}/suspend}. */
  public record Suspend(@NotBlank @Size(max = 500) String reason) {}
}
