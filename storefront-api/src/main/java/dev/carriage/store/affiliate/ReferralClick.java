package dev.carriage.store.affiliate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** One visit through a fan site's referral link. Kept as it arrived, cleaned; never updated but for its buyer. */
@Entity
@Table(name = "affiliate_click")
public class ReferralClick {

  @Id private UUID id;

  @Column(name = "site_id", nullable = false, updatable = false)
  private UUID siteId;

  @Column(name = "title_id", updatable = false)
  private UUID titleId;

  @Column(name = "sub_id", updatable = false)
  private String subId;

  @Column(name = "clicked_at", nullable = false, updatable = false)
  private Instant clickedAt;

  @Column(name = "visitor_hash", nullable = false, updatable = false)
  private String visitorHash;

  @Column(name = "user_agent", updatable = false)
  private String userAgent;

  @Column(updatable = false)
  private String referrer;

  @Column(name = "account_id")
  private UUID accountId;

  @Column(nullable = false, updatable = false)
  private boolean flood;

  protected ReferralClick() {}

  ReferralClick(UUID siteId, UUID titleId, String subId, Instant clickedAt, String visitorHash, String userAgent,
      String referrer, UUID accountId, boolean flood) {
    this.id = UUID.randomUUID();
    this.siteId = siteId;
    this.titleId = titleId;
    this.subId = subId;
    this.clickedAt = clickedAt;
    this.visitorHash = visitorHash;
    this.userAgent = userAgent;
    this.referrer = referrer;
    this.accountId = accountId;
    this.flood = flood;
  }

  /**
   * Whether this click may refer {@code buyerId}'s order: a click bound to an account (signed in
   * when it was made, or claimed by an earlier order) refers that account's orders only, so a
   * cookie copied to other accounts earns nothing on theirs.
   */
  boolean refers(UUID buyerId) {
    return accountId == null || accountId.equals(buyerId);
  }

  /** The buyer whose order carried this click's cookie, so the click follows them to other devices. */
  void claimFor(UUID buyerId) {
    if (accountId == null) {
      accountId = buyerId;
    }
  }

  public UUID id() {
    return id;
  }

  public UUID siteId() {
    return siteId;
  }

  public Optional<UUID> titleId() {
    return Optional.ofNullable(titleId);
  }

  public Optional<String> subId() {
    return Optional.ofNullable(subId);
  }

  public Instant clickedAt() {
    return clickedAt;
  }

  public String visitorHash() {
    return visitorHash;
  }

  public Optional<String> userAgent() {
    return Optional.ofNullable(userAgent);
  }

  public Optional<String> referrer() {
    return Optional.ofNullable(referrer);
  }

  public Optional<UUID> accountId() {
    return Optional.ofNullable(accountId);
  }

  public boolean flood() {
    return flood;
  }
}
