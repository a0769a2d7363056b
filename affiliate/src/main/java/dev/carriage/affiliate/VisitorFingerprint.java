package dev.carriage.affiliate;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tells one visitor from another without keeping who they are. A plain hash of an IPv4
 * address is reversed by hashing all four billion addresses, so the hash is keyed with the
 * store's secret: the raw address is never stored and cannot be recovered from the table.
 */
public final class VisitorFingerprint {

  private static final int SHOWN_BYTES = 16;

  private final byte[] secret;

  public VisitorFingerprint(byte[] secret) {
    if (secret.length < 32) {
      throw new IllegalArgumentException("secret: " + secret.length + " bytes (expected: >= 32)");
    }
    this.secret = secret.clone();
  }

  /** 32 hex characters; the same address and user agent always give the same value. */
  public String of(String address, String userAgent) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      mac.update(String.valueOf(address).getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      byte[] digest = mac.doFinal(String.valueOf(userAgent).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, SHOWN_BYTES);
    } catch (GeneralSecurityException impossible) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", impossible);
    }
  }
}
