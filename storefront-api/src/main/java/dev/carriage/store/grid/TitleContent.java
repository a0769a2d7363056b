package dev.carriage.store.grid;

import dev.carriage.store.secrets.Sealed;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A title's encrypted content on the grid: its signed manifest, and the key only the store keeps. */
@Entity
@Table(name = "title_content")
public class TitleContent {

  @Id
  @Column(name = "title_id")
  private UUID titleId;

  @Column(name = "signed_manifest", nullable = false)
  private byte[] signedManifest;

  @Column(name = "merkle_root", nullable = false)
  private byte[] merkleRoot;

  /** The content key, sealed under the store's master key (see {@code secrets/SecretsAtRest}); never kept in plaintext. */
  @Column(name = "content_key_sealed")
  private byte[] contentKeySealed;

  @Column(name = "content_key_master_key")
  private String contentKeyMasterKey;

  @Column(name = "content_size", nullable = false)
  private long contentSize;

  @Column(name = "piece_count", nullable = false)
  private int pieceCount;

  @Column(name = "published_at", nullable = false)
  private Instant publishedAt;

  @Column(name = "source_digest")
  private String sourceDigest;

  @Column(name = "replicas_target")
  private Integer replicasTarget;

  protected TitleContent() {}

  TitleContent(UUID titleId, byte[] signedManifest, byte[] merkleRoot, Sealed contentKey, long contentSize, int pieceCount,
      String sourceDigest, Instant now) {
    this.titleId = titleId;
    replace(signedManifest, merkleRoot, contentKey, contentSize, pieceCount, sourceDigest, now);
  }

  /** New content replaces the old whole: new manifest, new key (so nonces are never reused under a key). */
  void replace(byte[] signedManifest, byte[] merkleRoot, Sealed contentKey, long contentSize, int pieceCount, String sourceDigest,
      Instant now) {
    this.sourceDigest = sourceDigest;
    this.signedManifest = signedManifest.clone();
    this.merkleRoot = merkleRoot.clone();
    this.contentKeySealed = contentKey.bytes();
    this.contentKeyMasterKey = contentKey.masterKeyId();
    this.contentSize = contentSize;
    this.pieceCount = pieceCount;
    this.publishedAt = now;
  }

  public UUID titleId() {
    return titleId;
  }

  public byte[] signedManifest() {
    return signedManifest.clone();
  }

  public byte[] merkleRoot() {
    return merkleRoot.clone();
  }

  /** Opened only by {@code SecretsAtRest}, for a buyer whose licence lets them download. */
  public Sealed sealedContentKey() {
    return new Sealed(contentKeyMasterKey, contentKeySealed);
  }

  /** A manifest signed again under a new signing key (a rotation); the content and its key are unchanged. */
  void resign(byte[] signedManifest) {
    this.signedManifest = signedManifest.clone();
  }

  public long contentSize() {
    return contentSize;
  }

  /** SHA-256 (hex) of the media this content was made from, when the publisher said. */
  public java.util.Optional<String> sourceDigest() {
    return java.util.Optional.ofNullable(sourceDigest);
  }

  /** The carriers the publisher wants caching this title, if they said; otherwise the store's default applies. */
  public java.util.OptionalInt replicasTarget() {
    return replicasTarget == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(replicasTarget);
  }

  void wantReplicas(int target) {
    this.replicasTarget = target;
  }

  public int pieceCount() {
    return pieceCount;
  }
}
