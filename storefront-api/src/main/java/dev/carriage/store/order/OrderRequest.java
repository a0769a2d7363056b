package dev.carriage.store.order;

import dev.carriage.affiliate.ReferralCode;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.UUID;

/** {@code POST /api/orders}: the title to buy, and the code of the fan site that referred it. */
public record OrderRequest(
    @NotNull UUID titleId,
    @Pattern(regexp = AFFILIATE_CODE, message = "must be 1 to 32 letters, digits, '-' or '_'") String affiliateCode) {

  /** The shape of a fan site's referral code. */
  public static final String AFFILIATE_CODE = ReferralCode.PATTERN;
}
