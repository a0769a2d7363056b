package dev.carriage.grid.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts each piece on its own with AES-256-GCM, so any piece can be decrypted alone, in any
 * order, from any source. The nonce is the piece index (unique per piece under a key that is
 * unique per content); the title id and index are authenticated data, so a piece moved to
 * another position or title fails to decrypt.
 */
public final class PieceCipher {

  public static final int TAG_LENGTH = 16;
  private static final int NONCE_LENGTH = 12;
  private static final byte[] CONTEXT = "carriage-piece-v1".getBytes(StandardCharsets.US_ASCII);

  private final ContentKey key;
  private final UUID titleId;
  private final Ciphers ciphers;

  /** Where each piece's cipher comes from. */
  private interface Ciphers {
    Cipher next() throws GeneralSecurityException;
  }

  /** Each piece with the provider {@link CryptoProvider} has in use when it comes: the JDK's until the native one is in. */
  public PieceCipher(ContentKey key, UUID titleId) {
    this(key, titleId, (Ciphers) CryptoProvider::aesGcm);
  }

  /** With a given provider (empty: the JDK's), so tests can check each reads what the other wrote. */
  PieceCipher(ContentKey key, UUID titleId, Optional<Provider> provider) {
    this(key, titleId, () -> CryptoProvider.aesGcm(provider));
  }

  private PieceCipher(ContentKey key, UUID titleId, Ciphers ciphers) {
    this.key = key;
    this.titleId = titleId;
    this.ciphers = ciphers;
  }

  /** Encrypts {@code plain} (the whole piece) into {@code stored}, which gains the tag; returns the bytes written. */
  public int encrypt(int index, ByteBuffer plain, ByteBuffer stored) {
    return run(Cipher.ENCRYPT_MODE, index, plain, stored);
  }

  /** Decrypts a stored piece; a piece that was changed in any way throws {@link PieceTamperedException}. */
  public int decrypt(int index, ByteBuffer stored, ByteBuffer plain) throws PieceTamperedException {
    try {
      return run(Cipher.DECRYPT_MODE, index, stored, plain);
    } catch (IllegalStateException failed) {
      if (failed.getCause() instanceof AEADBadTagException) {
        throw new PieceTamperedException("piece " + index + " of title " + titleId + " fails authentication");
      }
      throw failed;
    }
  }

  private int run(int mode, int index, ByteBuffer input, ByteBuffer output) {
    if (index < 0) {
      throw new IllegalArgumentException("piece index: " + index);
    }
    try {
      Cipher cipher = ciphers.next();
      cipher.init(mode, key.secretKey(), new GCMParameterSpec(TAG_LENGTH * 8, nonce(index)));
      cipher.updateAAD(associatedData(index));
      return cipher.doFinal(input, output);
    } catch (GeneralSecurityException failed) {
      throw new IllegalStateException(failed.getMessage(), failed);
    }
  }

  private static byte[] nonce(int index) {
    return ByteBuffer.allocate(NONCE_LENGTH).putInt(0).putLong(index).array();
  }

  private byte[] associatedData(int index) {
    return ByteBuffer.allocate(CONTEXT.length + 16 + 4)
        .put(CONTEXT)
        .putLong(titleId.getMostSignificantBits())
        .putLong(titleId.getLeastSignificantBits())
        .putInt(index)
        .array();
  }

  /** A stored piece that does not decrypt: changed, truncated, or from another title or position. */
  public static final class PieceTamperedException extends Exception {
    public PieceTamperedException(String message) {
      super(message);
    }
  }
}
