package dev.carriage.store.secrets;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM sealing of a small secret under a master key: a fresh 96-bit nonce, then the
 * ciphertext and its 128-bit tag. The context (which column of which row the secret belongs
 * to) is bound as associated data, so a sealed value copied to another row does not open.
 */
final class Envelope {

  static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private Envelope() {}

  static byte[] seal(SecretKey key, byte[] secret, String context) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(secret);
      byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
      System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot seal with AES-GCM", e);
    }
  }

  /** @throws SealedValueRefused the value was not sealed under this key for this context, or was altered */
  static byte[] open(SecretKey key, byte[] sealed, String context) {
    if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new SealedValueRefused("a sealed value for " + context + " is " + sealed.length + " bytes, too short to be one");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
      cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
    } catch (javax.crypto.AEADBadTagException altered) {
      throw new SealedValueRefused("the sealed value for " + context + " does not open under its master key: altered, or moved from another row");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot open AES-GCM", e);
    }
  }

  /** A sealed value that does not open. */
  static final class SealedValueRefused extends RuntimeException {
    SealedValueRefused(String message) {
      super(message);
    }
  }
}
