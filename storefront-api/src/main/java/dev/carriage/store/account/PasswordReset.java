package dev.carriage.store.account;

import dev.carriage.store.mail.Letter;
import dev.carriage.store.mail.Postman;
import dev.carriage.store.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Password reset by an emailed link. Asking always answers the same, whether or not an account
 * has the address, so the form tells no one who has an account. A link carries 32 random bytes;
 * the store keeps only their SHA-256. It works once, within an hour, and a reset also retires
 * every other link of the account. At most three links per account per hour are sent.
 */
@ApplicationScoped
@Transactional
public class PasswordReset {

  static final Duration LINK_LIFETIME = Duration.ofHours(1);
  static final int LINKS_PER_HOUR_MAX = 3;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final EntityManager entityManager;
  private final AccountService accounts;
  private final PasswordHasher passwords;
  private final Postman postman;
  private final Clock clock;

  public PasswordReset(EntityManager entityManager, AccountService accounts, PasswordHasher passwords, Postman postman, Clock clock) {
    this.entityManager = entityManager;
    this.accounts = accounts;
    this.passwords = passwords;
    this.postman = postman;
    this.clock = clock;
  }

  /**
   * Sends a reset link to the address if an account has it (and it has not had three this hour).
   *
   * @param pageBase where the store's pages are, e.g. {@code https://store.example/}
   */
  public void request(String email, String pageBase) {
    Optional<Account> account = email == null ? Optional.empty() : accounts.findByEmail(email);
    if (account.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    Number recent = (Number) entityManager.createNativeQuery(
            "select count(*) from password_reset where account_id = ?1 and created_at > ?2")
        .setParameter(1, account.get().id()).setParameter(2, now.minus(Duration.ofHours(1))).getSingleResult();
    if (recent.intValue() >= LINKS_PER_HOUR_MAX) {
      return;
    }
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    entityManager.createNativeQuery("insert into password_reset (token_sha256, account_id, created_at, expires_at) values (?1, ?2, ?3, ?4)")
        .setParameter(1, sha256(token)).setParameter(2, account.get().id()).setParameter(3, now).setParameter(4, now.plus(LINK_LIFETIME))
        .executeUpdate();
    String link = pageBase.replaceAll("/$", "") + "/reset-password?token=" + token;
    postman.send(new Letter(account.get().email(), "Reset your Carriage password",
        "Someone (we hope you) asked to reset the password of your Carriage account.\n\n"
            + "Choose a new password here within the hour:\n" + link + "\n\n"
            + "If it was not you, ignore this letter: your password stays as it is.\n"));
  }

  /** Sets a new password with a link's token; 400 naming {@code token} or {@code newPassword} when it cannot. */
  public void complete(String token, String newPassword) {
    if (token == null || token.isBlank() || token.length() > 100) {
      throw ProblemException.invalidField("token", "this reset link is not valid; ask for a new one");
    }
    @SuppressWarnings("unchecked")
    List<Object[]> rows = entityManager.createNativeQuery(
            "select account_id, expires_at, used_at from password_reset where token_sha256 = ?1 for update")
        .setParameter(1, sha256(token.strip())).getResultList();
    Instant now = clock.instant();
    if (rows.isEmpty() || rows.get(0)[2] != null || !now.isBefore(dev.carriage.store.ledger.Journal.instantOf(rows.get(0)[1]))) {
      throw ProblemException.invalidField("token", "this reset link has expired or was used already; ask for a new one");
    }
    AccountRequests.requireNewPassword("newPassword", newPassword);
    UUID accountId = (UUID) rows.get(0)[0];
    entityManager.createQuery("update Account a set a.passwordHash = :hash where a.id = :id")
        .setParameter("hash", passwords.hash(newPassword)).setParameter("id", accountId).executeUpdate();
    entityManager.createNativeQuery("update password_reset set used_at = ?2 where account_id = ?1 and used_at is null")
        .setParameter(1, accountId).setParameter(2, now).executeUpdate();
  }

  static String sha256(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException(impossible);
    }
  }
}
