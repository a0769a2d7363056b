package dev.carriage.grid.manifest;

import dev.carriage.grid.crypto.CryptoProvider;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/** A SHA-256 digest: 32 bytes, compared by content, never changed after it is made. */
public final class Sha256 {

  public static final int LENGTH = 32;

  private final byte[] bytes;

  private Sha256(byte[] bytes) {
    this.bytes = bytes;
  }

  public static Sha256 of(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("a SHA-256 digest has " + LENGTH + " bytes, not " + bytes.length);
    }
    return new Sha256(bytes.clone());
  }

  public static Sha256 hash(byte[] data, int offset, int length) {
    MessageDigest digest = newDigest();
    digest.update(data, offset, length);
    return new Sha256(digest.digest());
  }

  public static Sha256 hash(ByteBuffer data) {
    MessageDigest digest = newDigest();
    digest.update(data);
    return new Sha256(digest.digest());
  }

  /** SHA-256 at hardware speed where the native provider loads (see {@link CryptoProvider}). */
  public static MessageDigest newDigest() {
    return CryptoProvider.sha256();
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  /** Feeds this digest into another digest without copying it. */
  public void updateInto(MessageDigest digest) {
    digest.update(bytes);
  }

  public String hex() {
    return HexFormat.of().formatHex(bytes);
  }

  /** Constant-time comparison: a digest check never tells an attacker how much matched. */
  public boolean matches(Sha256 other) {
    return MessageDigest.isEqual(bytes, other.bytes);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Sha256 && Arrays.equals(bytes, ((Sha256) other).bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return hex();
  }
}
