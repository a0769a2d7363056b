package dev.carriage.store.affiliate;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;

/** A fan site as its owner (or an admin) sees it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SiteView(
    UUID id,
    String name,
    String url,
    String code,
    String referralUrl,
    PayoutMethod payoutMethod,
    String connectAccountId,
    boolean suspended,
    String suspendedWhy,
    Instant createdAt) {

  static SiteView of(AffiliateSite site, String storeBase) {
    return new SiteView(
        site.id(),
        site.name(),
        site.url(),
        site.code(),
        storeBase + "r/" + site.code(),
        site.payoutMethod(),
        site.connectAccountId().orElse(null),
        site.suspended(),
        site.suspendedWhy().orElse(null),
        site.createdAt());
  }
}
