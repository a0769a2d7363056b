package dev.carriage.store.grid;

import dev.carriage.store.affiliate.PayoutMethod;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An enrolled node: a carrier on someone's machine, or the store's origin. */
@Entity
@Table(name = "grid_node")
public class GridNode {

  @Id private UUID id;

  @Column(name = "account_id", nullable = false, updatable = false)
  private UUID accountId;

  @Column(name = "public_key", nullable = false, updatable = false)
  private byte[] publicKey;

  @Column(nullable = false)
  private String name;

  @Column(nullable = false)
  private String region;

  @Column(nullable = false, updatable = false)
  private boolean origin;

  private String host;

  private Integer port;

  @Column(nullable = false)
  private boolean serving;

  @Column(name = "active_connections", nullable = false)
  private int activeConnections;

  @Column(name = "upload_bytes_per_second", nullable = false)
  private long uploadBytesPerSecond;

  @Column(name = "bytes_served", nullable = false)
  private long bytesServed;

  @Column(name = "enrolled_at", nullable = false, updatable = false)
  private Instant enrolledAt;

  @Column(name = "last_seen_at")
  private Instant lastSeenAt;

  @Column(name = "paused")
  private Boolean paused;

  @Column(name = "serving_hours")
  private String servingHours;

  @Column(name = "player_url")
  private String playerUrl;

  @Column(name = "upload_cap_bps")
  private Long uploadCapBps;

  @Column(name = "connection_cap_bps")
  private Long connectionCapBps;

  @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
  @Column(name = "payout_method", nullable = false)
  private PayoutMethod payoutMethod = PayoutMethod.STORE_CREDIT;

  @Column(name = "connect_account_id")
  private String connectAccountId;

  protected GridNode() {}

  GridNode(UUID accountId, byte[] publicKey, String name, String region, boolean origin, Instant now) {
    this.id = UUID.randomUUID();
    this.accountId = accountId;
    this.publicKey = publicKey.clone();
    this.name = name;
    this.region = region;
    this.origin = origin;
    this.enrolledAt = now;
  }

  void heartbeat(NodeRequests.Heartbeat beat, Instant now) {
    this.host = beat.host();
    this.port = beat.port();
    this.serving = beat.serving();
    this.activeConnections = beat.activeConnections();
    this.uploadBytesPerSecond = beat.uploadBytesPerSecond();
    this.bytesServed = Math.max(bytesServed, beat.bytesServed());
    this.paused = beat.paused();
    this.servingHours = beat.servingHours();
    this.uploadCapBps = beat.uploadCapBytesPerSecond();
    this.playerUrl = beat.player();
    this.connectionCapBps = beat.connectionCapBytesPerSecond();
    this.lastSeenAt = now;
  }

  /** Whether its operator paused it, as the node last said; empty from a node that does not say. */
  public java.util.Optional<Boolean> paused() {
    return java.util.Optional.ofNullable(paused);
  }

  /** Its owner's player on the owner's machine ({@link PlayerAddress}), as the node last said; only its owner is shown it. */
  public java.util.Optional<String> playerUrl() {
    return java.util.Optional.ofNullable(playerUrl);
  }

  /** Its serving hours as the node last said ("always", "22:00-07:00"). */
  public java.util.Optional<String> servingHours() {
    return java.util.Optional.ofNullable(servingHours);
  }

  /** Its whole upload cap in bytes per second as the node last said; 0 is no cap. */
  public java.util.Optional<Long> uploadCapBytesPerSecond() {
    return java.util.Optional.ofNullable(uploadCapBps);
  }

  public java.util.Optional<Long> connectionCapBytesPerSecond() {
    return java.util.Optional.ofNullable(connectionCapBps);
  }

  /** How this carrier's owner takes its earnings. */
  /** The operator's own name for the node; checked by the caller against {@code TextRules}. */
  public void rename(String name) {
    this.name = name;
  }

  public void payTo(PayoutMethod method, String connectAccountId) {
    this.payoutMethod = method;
    this.connectAccountId = method == PayoutMethod.STRIPE_CONNECT ? connectAccountId : null;
  }

  public PayoutMethod payoutMethod() {
    return payoutMethod;
  }

  public java.util.Optional<String> connectAccountId() {
    return java.util.Optional.ofNullable(connectAccountId);
  }

  public UUID id() {
    return id;
  }

  public UUID accountId() {
    return accountId;
  }

  public byte[] publicKey() {
    return publicKey.clone();
  }

  public String name() {
    return name;
  }

  public String region() {
    return region;
  }

  public boolean origin() {
    return origin;
  }

  public String host() {
    return host;
  }

  public Integer port() {
    return port;
  }

  public boolean serving() {
    return serving;
  }

  public int activeConnections() {
    return activeConnections;
  }

  public long uploadBytesPerSecond() {
    return uploadBytesPerSecond;
  }

  public long bytesServed() {
    return bytesServed;
  }

  /** Heard from since {@code healthySince} (now less the heartbeat timeout): the one rule for a node's health. */
  public boolean healthy(Instant healthySince) {
    return lastSeenAt != null && !lastSeenAt.isBefore(healthySince);
  }

  public Instant lastSeenAt() {
    return lastSeenAt;
  }
}
