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
 *
 * <p>Loading it costs a cold process about 0.15 s and 0.3 s of CPU (its classes, its library,
 * its first use of each algorithm), so it loads on a thread of its own and the JDK's providers
 * serve until it is in: a process never waits for it. A stream defers it ({@link #deferLoading})
 * until its first second is in, which the JDK's provider decrypts in less CPU than the load takes
 * (the peer-node README has the cold {@code play} measured both ways).
 */
public final class CryptoProvider {

  private static final BackgroundLoad NATIVE = new BackgroundLoad(CryptoProvider::loadNative);

  private CryptoProvider() {}

  private static Optional<Provider> loadNative() {
    try {
      AmazonCorrettoCryptoProvider provider = AmazonCorrettoCryptoProvider.INSTANCE;
      if (provider.getLoadingError() != null) {
        return Optional.empty();
      }
      // Its first use of each algorithm is part of its cost: paid here, not by the first piece.
      Cipher.getInstance("AES/GCM/NoPadding", provider);
      MessageDigest.getInstance("SHA-256", provider).digest(new byte[1]);
      return Optional.of(provider);
    } catch (LinkageError | GeneralSecurityException unavailable) {
      return Optional.empty();
    }
  }

  /** Begins loading the native provider on a thread of its own, unless begun already; until it is in, the JDK's serve. */
  public static void loadInBackground() {
    NATIVE.begin();
  }

  /** The JDK's providers serve until {@link #loadInBackground} is called: a stream's first second is not kept waiting on the load. */
  public static void deferLoading() {
    NATIVE.defer();
  }

  /** The name of the provider a full-speed transfer uses (waiting for its load), for logs and benchmarks. */
  public static String name() {
    return nativeProvider().map(Provider::getName).orElse("JDK");
  }

  static Cipher aesGcm() throws GeneralSecurityException {
    return aesGcm(NATIVE.now());
  }

  /** AES-GCM from {@code provider}, or the JDK's when empty (tests cross-check the two). */
  static Cipher aesGcm(Optional<Provider> provider) throws GeneralSecurityException {
    return provider.isPresent() ? Cipher.getInstance("AES/GCM/NoPadding", provider.get()) : Cipher.getInstance("AES/GCM/NoPadding");
  }

  public static MessageDigest sha256() {
    Optional<Provider> provider = NATIVE.now();
    try {
      return provider.isPresent() ? MessageDigest.getInstance("SHA-256", provider.get()) : MessageDigest.getInstance("SHA-256");
    } catch (GeneralSecurityException impossible) {
      throw new IllegalStateException("every Java runtime has SHA-256", impossible);
    }
  }

  /** The native provider, when it loads; waits for its load. */
  static Optional<Provider> nativeProvider() {
    return NATIVE.await();
  }
}
