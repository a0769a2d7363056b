package dev.carriage.store.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

  /** The production default cost, so the real parameters are exercised at least once. */
  private final PasswordHasher hasher = new PasswordHasher(new PasswordHasher.Cost(19456, 2, 1));

  @Test
  void hash_isArgon2idInPhcFormat_andMatchesOnlyItsPassword() {
    String hash = hasher.hash("correct horse battery");

    assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain("correct horse");
    assertThat(hasher.matches("correct horse battery", hash)).isTrue();
    assertThat(hasher.matches("correct horse batterY", hash)).isFalse();
    assertThat(hasher.matches("", hash)).isFalse();
  }

  @Test
  void hash_isSaltedAnew_eachTime() {
    assertThat(hasher.hash("same password")).isNotEqualTo(hasher.hash("same password"));
  }

  @Test
  void matches_hashMadeWithOtherCost_stillWorks() {
    String cheaperOldHash = new PasswordHasher(new PasswordHasher.Cost(4096, 1, 1)).hash("old password");

    assertThat(hasher.matches("old password", cheaperOldHash)).isTrue();
  }

  @Test
  void matches_malformedOrExtravagantHash_isFalseNotAnError() {
    assertThat(hasher.matches("x", "")).isFalse();
    assertThat(hasher.matches("x", "$2a$10$bcryptlookingthing")).isFalse();
    assertThat(hasher.matches("x", "$argon2id$v=19$m=9999999,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA")).isFalse();
    assertThat(hasher.matches("x", "$argon2id$v=19$m=4096,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaA")).isFalse();
  }
}
