package dev.carriage.store.secrets;

import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * A 256-bit master key and its id: {@code mk-} and the first 8 bytes of its SHA-256, so the id
 * names the key without revealing it, and two stores given the same key agree on its id.
 */
record MasterKey(String id, SecretKey key) {

  static final int BYTES = 32;

  /** @throws IllegalArgumentException naming the setting, when it is not base64 of 32 bytes */
  static MasterKey parse(String base64, String setting) {
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(base64.trim());
    } catch (IllegalArgumentException notBase64) {
      throw new IllegalArgumentException(setting + " is not base64");
    }
    if (raw.length != BYTES) {
      throw new IllegalArgumentException(setting + " must be " + BYTES + " bytes (base64 of 32 random bytes), not " + raw.length);
    }
    return of(raw);
  }

  static MasterKey of(byte[] raw) {
    byte[] digest;
    try {
      digest = java.security.MessageDigest.getInstance("SHA-256").digest(raw);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
    String id = "mk-" + HexFormat.of().formatHex(digest, 0, 8);
    return new MasterKey(id, new SecretKeySpec(raw, "AES"));
  }
}
