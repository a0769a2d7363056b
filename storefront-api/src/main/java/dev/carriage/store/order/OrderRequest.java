package dev.carriage.store.order;

import dev.carriage.affiliate.ReferralCode;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.UUID;

/**
 * {@code POST /api/orders}: the title to buy, the code of the fan site that referred it, and
 * how to pay ({@code card}, the default, or {@code store_credit}).
 */
public record OrderRequest(
    @NotNull UUID titleId,
    @Pattern(regexp = AFFILIATE_CODE, message = "must be 1 to 32 letters, digits, '-' or '_'") String affiliateCode,
    @Pattern(regexp = "card|store_credit", message = "must be card or store_credit") String payWith) {

  public OrderRequest(UUID titleId, String affiliateCode) {
    this(titleId, affiliateCode, null);
  }

  /** Whether the buyer pays from store credit at once, rather than by card through the payment provider. */
  public boolean paysWithStoreCredit() {
    return "store_credit".equals(payWith);
  }

  /** The shape of a fan site's referral code. */
  public static final String AFFILIATE_CODE = ReferralCode.PATTERN;
}
