package dev.carriage.store.affiliate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** A fan site that refers buyers, with its referral code and where its earnings go. */
@Entity
@Table(name = "affiliate_site")
public class AffiliateSite {

  @Id private UUID id;

  @Column(name = "owner_id", nullable = false, updatable = false)
  private UUID ownerId;

  @Column(nullable = false)
  private String name;

  @Column(nullable = false)
  private String url;

  @Column(nullable = false, updatable = false)
  private String code;

  @Enumerated(EnumType.STRING)
  @Column(name = "payout_method", nullable = false)
  private PayoutMethod payoutMethod;

  @Column(name = "connect_account_id")
  private String connectAccountId;

  @Column(name = "suspended_at")
  private Instant suspendedAt;

  @Column(name = "suspended_why")
  private String suspendedWhy;

  @Column(name = "created_at", nullable = false, updatable = false)
  private Instant createdAt;

  @Version private long version;

  protected AffiliateSite() {}

  AffiliateSite(UUID ownerId, String name, String url, String code, Instant now) {
    this.id = UUID.randomUUID();
    this.ownerId = ownerId;
    this.name = name;
    this.url = url;
    this.code = code;
    this.payoutMethod = PayoutMethod.STORE_CREDIT;
    this.createdAt = now;
  }

  void payTo(PayoutMethod method, String connectAccountId) {
    this.payoutMethod = method;
    this.connectAccountId = method == PayoutMethod.STRIPE_CONNECT ? connectAccountId : null;
  }

  void suspend(String why, Instant now) {
    if (suspendedAt == null) {
      suspendedAt = now;
    }
    suspendedWhy = why;
  }

  void reinstate() {
    suspendedAt = null;
    suspendedWhy = null;
  }

  public UUID id() {
    return id;
  }

  public UUID ownerId() {
    return ownerId;
  }

  public String name() {
    return name;
  }

  public String url() {
    return url;
  }

  public String code() {
    return code;
  }

  public PayoutMethod payoutMethod() {
    return payoutMethod;
  }

  public Optional<String> connectAccountId() {
    return Optional.ofNullable(connectAccountId);
  }

  public boolean suspended() {
    return suspendedAt != null;
  }

  public Optional<String> suspendedWhy() {
    return Optional.ofNullable(suspendedWhy);
  }

  public Instant createdAt() {
    return createdAt;
  }
}
