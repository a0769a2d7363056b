package dev.carriage.store.licence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The right of one account to download one title. There is one row per account and title: a
 * trial turns perpetual when the title is bought, and a refund revokes it.
 */
@Entity
@Table(name = "licence")
public class Licence {

  @Id private UUID id;

  @Column(name = "account_id", nullable = false, updatable = false)
  private UUID accountId;

  @Column(name = "title_id", nullable = false, updatable = false)
  private UUID titleId;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private LicenceKind kind;

  @Column(name = "expires_at")
  private Instant expiresAt;

  @Column(name = "order_id")
  private UUID orderId;

  @Column(name = "revoked_at")
  private Instant revokedAt;

  @Column(name = "revoked_why")
  private String revokedWhy;

  @Column(name = "granted_at", nullable = false)
  private Instant grantedAt;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  @Version private long version;

  protected Licence() {}

  private Licence(UUID accountId, UUID titleId, Instant now) {
    this.id = UUID.randomUUID();
    this.accountId = accountId;
    this.titleId = titleId;
    this.grantedAt = now;
    this.updatedAt = now;
  }

  static Licence trial(UUID accountId, UUID titleId, Duration length, Instant now) {
    Licence licence = new Licence(accountId, titleId, now);
    licence.kind = LicenceKind.TRIAL;
    licence.expiresAt = now.plus(length);
    return licence;
  }

  static Licence purchased(UUID accountId, UUID titleId, UUID orderId, Instant now) {
    Licence licence = new Licence(accountId, titleId, now);
    licence.makePerpetual(orderId, now);
    return licence;
  }

  /** A purchase: turns a trial (or a licence revoked by an earlier refund) into a perpetual one. */
  void makePerpetual(UUID orderId, Instant now) {
    this.kind = LicenceKind.PERPETUAL;
    this.expiresAt = null;
    this.orderId = orderId;
    this.revokedAt = null;
    this.revokedWhy = null;
    this.grantedAt = now;
    this.updatedAt = now;
  }

  /** The order this licence rests on was refunded but another paid one remains: the licence rests on that now. */
  void passTo(UUID remainingOrderId, Instant now) {
    this.orderId = remainingOrderId;
    this.updatedAt = now;
  }

  void revoke(String why, Instant now) {
    if (revokedAt == null) {
      revokedAt = now;
      revokedWhy = why.length() > 500 ? why.substring(0, 500) : why;
      updatedAt = now;
    }
  }

  public LicenceState stateAt(Instant now) {
    if (revokedAt != null) {
      return LicenceState.REVOKED;
    }
    if (expiresAt != null && !now.isBefore(expiresAt)) {
      return LicenceState.EXPIRED;
    }
    return LicenceState.VALID;
  }

  public UUID id() {
    return id;
  }

  public UUID accountId() {
    return accountId;
  }

  public UUID titleId() {
    return titleId;
  }

  public LicenceKind kind() {
    return kind;
  }

  public Optional<Instant> expiresAt() {
    return Optional.ofNullable(expiresAt);
  }

  public Optional<UUID> orderId() {
    return Optional.ofNullable(orderId);
  }

  public Optional<Instant> revokedAt() {
    return Optional.ofNullable(revokedAt);
  }

  public Optional<String> revokedWhy() {
    return Optional.ofNullable(revokedWhy);
  }

  public Instant grantedAt() {
    return grantedAt;
  }
}
