package dev.carriage.store.download;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.Immutable;

/** One download of one title by one licence holder; receipts for carried bytes name it. */
@Entity
@Immutable
@Table(name = "download_session")
public class DownloadSession {

  @Id private UUID id;

  @Column(name = "account_id", nullable = false)
  private UUID accountId;

  @Column(name = "title_id", nullable = false)
  private UUID titleId;

  @Column(name = "licence_id", nullable = false)
  private UUID licenceId;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  /** The client's own node, when it is one: it is left out of its own peer list. */
  @Column(name = "node_id")
  private UUID nodeId;

  @Column(name = "expires_at")
  private Instant expiresAt;

  /** The ticket's client key (X.509 Ed25519): the only key whose receipts count for this session. */
  @Column(name = "client_key")
  private byte[] clientKey;

  /** The Merkle root of the manifest the ticket was for: receipts are checked against that manifest. */
  @Column(name = "manifest_root")
  private byte[] manifestRoot;

  /**
   * The sale this session's carriage is paid from: the licence's paid order while its hold is
   * open, else none (a trial, or a re-download after the sale settled), whose carriage pays no one.
   */
  @Column(name = "order_id")
  private UUID orderId;

  protected DownloadSession() {}

  DownloadSession(UUID accountId, UUID titleId, UUID licenceId, UUID orderId, UUID nodeId, Instant now, Instant expiresAt,
      byte[] clientKey, byte[] manifestRoot) {
    this.orderId = orderId;
    this.clientKey = clientKey.clone();
    this.manifestRoot = manifestRoot.clone();
    this.id = UUID.randomUUID();
    this.accountId = accountId;
    this.titleId = titleId;
    this.licenceId = licenceId;
    this.nodeId = nodeId;
    this.createdAt = now;
    this.expiresAt = expiresAt;
  }

  public java.util.Optional<byte[]> clientKey() {
    return java.util.Optional.ofNullable(clientKey).map(byte[]::clone);
  }

  public java.util.Optional<byte[]> manifestRoot() {
    return java.util.Optional.ofNullable(manifestRoot).map(byte[]::clone);
  }

  public Instant expiresAt() {
    return expiresAt;
  }

  public UUID id() {
    return id;
  }

  public UUID accountId() {
    return accountId;
  }

  public java.util.Optional<UUID> nodeId() {
    return java.util.Optional.ofNullable(nodeId);
  }

  public UUID titleId() {
    return titleId;
  }

  public UUID licenceId() {
    return licenceId;
  }

  public Instant createdAt() {
    return createdAt;
  }
}
