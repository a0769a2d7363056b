package dev.carriage.store.auth;

import dev.carriage.store.secrets.Sealed;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One of the store's token-signing key pairs, kept in the database so every replica of the
 * store signs and checks with the same keys. Retired keys stay published until their tokens
 * have expired.
 */
@Entity
@Table(name = "signing_key")
public class SigningKey {

  /** The RFC 7638 thumbprint of the public key, used as the JWT {@code kid}. */
  @Id
  @Column(name = "key_id")
  private String keyId;

  @Column(nullable = false)
  private String algorithm;

  /** PKCS#8 DER, sealed under the store's master key (see {@code secrets/SecretsAtRest}). */
  @Column(name = "private_key_sealed")
  private byte[] privateKeySealed;

  @Column(name = "private_key_master_key")
  private String privateKeyMasterKey;

  /** X.509 SubjectPublicKeyInfo DER. */
  @Column(name = "public_key", nullable = false)
  private byte[] publicKey;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "retired_at")
  private Instant retiredAt;

  @Column(name = "withdrawn_at")
  private Instant withdrawnAt;

  protected SigningKey() {}

  public SigningKey(String keyId, String algorithm, Sealed privateKey, byte[] publicKey, Instant createdAt) {
    this.keyId = keyId;
    this.algorithm = algorithm;
    this.privateKeySealed = privateKey.bytes();
    this.privateKeyMasterKey = privateKey.masterKeyId();
    this.publicKey = publicKey.clone();
    this.createdAt = createdAt;
  }

  public String keyId() {
    return keyId;
  }

  public String algorithm() {
    return algorithm;
  }

  public Sealed sealedPrivateKey() {
    return new Sealed(privateKeyMasterKey, privateKeySealed);
  }

  public byte[] publicKey() {
    return publicKey.clone();
  }

  public Instant retiredAt() {
    return retiredAt;
  }

  public Instant withdrawnAt() {
    return withdrawnAt;
  }

  void retire(Instant now) {
    if (retiredAt == null) {
      retiredAt = now;
    }
  }

  void withdraw(Instant now) {
    retire(now);
    if (withdrawnAt == null) {
      withdrawnAt = now;
    }
  }
}
