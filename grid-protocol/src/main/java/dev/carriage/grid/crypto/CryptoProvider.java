package dev.carriage.grid.crypto;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Provider;
import java.util.Optional;
import javax.crypto.Cipher;

/**
 * Where the grid's AES-GCM and SHA-256 come from. A download is a few hundred pieces in a fresh
 * process, too short for the JIT to compile the JDK's GHASH, so the JDK decrypts at tens of MB/s.
 * Amazon Corretto Crypto Provider (AWS-LC, native, maintained, on Maven Central) runs the CPU's
 * AES and carry-less-multiply instructions from the first byte. It loads on Linux x86-64; where
 * its native library does not load (macOS, Windows, other CPUs), the JDK's providers are used.
 * Both produce standard AES-GCM, so either reads what the other wrote.
 */
public final class CryptoProvider {

  private static final Optional<Provider> NATIVE = loadNative();

  private CryptoProvider() {}

  private static Optional<Provider> loadNative() {
    try {
      AmazonCorrettoCryptoProvider provider = AmazonCorrettoCryptoProvider.INSTANCE;
      return provider.getLoadingError() == null ? Optional.of(provider) : Optional.empty();
    } catch (LinkageError unavailable) {
      return Optional.empty();
    }
  }

  /** The name of the provider in use, for logs and benchmarks. */
  public static String name() {
    return NATIVE.map(Provider::getName).orElse("JDK");
  }

  static Cipher aesGcm() throws GeneralSecurityException {
    return aesGcm(NATIVE);
  }

  /** AES-GCM from {@code provider}, or the JDK's when empty (tests cross-check the two). */
  static Cipher aesGcm(Optional<Provider> provider) throws GeneralSecurityException {
    return provider.isPresent() ? Cipher.getInstance("AES/GCM/NoPadding", provider.get()) : Cipher.getInstance("AES/GCM/NoPadding");
  }

  public static MessageDigest sha256() {
    try {
      return NATIVE.isPresent() ? MessageDigest.getInstance("SHA-256", NATIVE.get()) : MessageDigest.getInstance("SHA-256");
    } catch (GeneralSecurityException impossible) {
      throw new IllegalStateException("every Java runtime has SHA-256", impossible);
    }
  }

  /** The native provider, when it loaded. */
  static Optional<Provider> nativeProvider() {
    return NATIVE;
  }
}
