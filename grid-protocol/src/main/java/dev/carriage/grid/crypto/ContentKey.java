package dev.carriage.grid.crypto;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * A title's 256-bit content key. Only the store keeps it, and gives it only to licence
 * holders; carriers store and serve ciphertext they cannot read. {@link #toString} never shows it.
 */
public final class ContentKey {

  public static final int LENGTH = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] bytes;

  private ContentKey(byte[] bytes) {
    this.bytes = bytes;
  }

  /** A fresh random key. Every new or changed content gets a new one, so nonces never repeat under a key. */
  public static ContentKey generate() {
    byte[] bytes = new byte[LENGTH];
    RANDOM.nextBytes(bytes);
    return new ContentKey(bytes);
  }

  public static ContentKey of(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("a content key has " + LENGTH + " bytes, not " + bytes.length);
    }
    return new ContentKey(bytes.clone());
  }

  public static ContentKey fromBase64(String encoded) {
    return of(Base64.getDecoder().decode(encoded));
  }

  public String toBase64() {
    return Base64.getEncoder().encodeToString(bytes);
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  SecretKey secretKey() {
    return new SecretKeySpec(bytes, "AES");
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ContentKey && MessageDigest.isEqual(bytes, ((ContentKey) other).bytes);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "ContentKey[redacted]";
  }
}
