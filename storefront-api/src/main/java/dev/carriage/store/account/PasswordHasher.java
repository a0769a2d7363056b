package dev.carriage.store.account;

import dev.carriage.store.StoreConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes in the PHC string format
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}), the memory-hard hash that makes stolen
 * hashes expensive to guess at. Each hash carries its own cost, so costs can rise over time.
 */
@ApplicationScoped
public class PasswordHasher {

  private static final Pattern PHC =
      Pattern.compile("\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,3}),p=(\\d{1,2})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getDecoder();

  private final SecureRandom random = new SecureRandom();
  private final Cost cost;
  /** Checked against when an email is unknown, so a miss costs as long as a wrong password. */
  private final String decoy;

  @Inject
  public PasswordHasher(StoreConfig config) {
    this(new Cost(config.password().memoryKib(), config.password().iterations(), config.password().parallelism()));
  }

  PasswordHasher(Cost cost) {
    this.cost = cost;
    this.decoy = hash("decoy password, never anyone's");
  }

  /** Argon2id cost parameters; the bounds keep a forged hash from costing the store gigabytes. */
  public record Cost(int memoryKib, int iterations, int parallelism) {
    public Cost {
      if (memoryKib < 1024 || memoryKib > 1_048_576) {
        throw new IllegalArgumentException("memoryKib: " + memoryKib + " (expected 1024..1048576)");
      }
      if (iterations < 1 || iterations > 16) {
        throw new IllegalArgumentException("iterations: " + iterations + " (expected 1..16)");
      }
      if (parallelism < 1 || parallelism > 16) {
        throw new IllegalArgumentException("parallelism: " + parallelism + " (expected 1..16)");
      }
    }
  }

  public String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] hash = derive(password, salt, cost, HASH_BYTES);
    return "$argon2id$v=19$m=%d,t=%d,p=%d$%s$%s"
        .formatted(cost.memoryKib(), cost.iterations(), cost.parallelism(), ENCODER.encodeToString(salt), ENCODER.encodeToString(hash));
  }

  /** True only if {@code password} produced {@code encoded}; a malformed hash never matches. */
  public boolean matches(String password, String encoded) {
    Matcher phc = PHC.matcher(encoded);
    if (!phc.matches()) {
      return false;
    }
    Cost stored;
    try {
      stored = new Cost(Integer.parseInt(phc.group(1)), Integer.parseInt(phc.group(2)), Integer.parseInt(phc.group(3)));
    } catch (IllegalArgumentException outOfBounds) {
      return false;
    }
    byte[] salt = DECODER.decode(phc.group(4));
    byte[] expected = DECODER.decode(phc.group(5));
    if (expected.length < 16 || expected.length > 64) {
      return false;
    }
    byte[] actual = derive(password, salt, stored, expected.length);
    return MessageDigest.isEqual(expected, actual);
  }

  /** Spends the time of one check without a stored hash to check against. */
  public void spendCheckTime(String password) {
    matches(password, decoy);
  }

  private static byte[] derive(String password, byte[] salt, Cost cost, int length) {
    Argon2Parameters parameters =
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(cost.memoryKib())
            .withIterations(cost.iterations())
            .withParallelism(cost.parallelism())
            .withSalt(salt)
            .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(parameters);
    byte[] hash = new byte[length];
    generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), hash);
    return hash;
  }
}
