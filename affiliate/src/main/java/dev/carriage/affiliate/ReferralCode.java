package dev.carriage.affiliate;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The code in a fan site's links ({@code /r/{code}}). It is given once, when the site is
 * registered, and never changes, so links already published keep working.
 */
public record ReferralCode(String value) {

  /** What a code may look like anywhere it is typed in: an order, a link. */
  public static final String PATTERN = "[A-Za-z0-9_-]{1,32}";

  private static final Pattern VALID = Pattern.compile(PATTERN);
  // No 0/o, 1/l/i: a code read aloud or copied from a forum post survives.
  private static final char[] ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789".toCharArray();
  private static final int GENERATED_LENGTH = 10;

  public ReferralCode {
    Objects.requireNonNull(value, "value");
    if (!VALID.matcher(value).matches()) {
      throw new IllegalArgumentException("referral code: must be 1 to 32 letters, digits, '-' or '_'");
    }
  }

  /** About 49 bits of randomness: codes cannot be guessed, and collisions are retried by the caller. */
  public static ReferralCode generate(SecureRandom random) {
    char[] code = new char[GENERATED_LENGTH];
    for (int i = 0; i < code.length; i++) {
      code[i] = ALPHABET[random.nextInt(ALPHABET.length)];
    }
    return new ReferralCode(new String(code));
  }

  public static boolean isWellFormed(String candidate) {
    return candidate != null && VALID.matcher(candidate).matches();
  }

  @Override
  public String toString() {
    return value;
  }
}
