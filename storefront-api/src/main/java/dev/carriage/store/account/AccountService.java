package dev.carriage.store.account;

import dev.carriage.store.auth.TokenService;
import dev.carriage.store.problem.Problem;
import dev.carriage.store.problem.ProblemException;
import dev.carriage.store.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hibernate.exception.ConstraintViolationException;

/** Sign-up, sign-in and account look-ups. */
@ApplicationScoped
@Transactional
public class AccountService {

  private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(AccountService.class);

  private final EntityManager entityManager;
  private final PasswordHasher passwords;
  private final TokenService tokens;
  private final LoginThrottle throttle;
  private final Clock clock;

  public AccountService(EntityManager entityManager, PasswordHasher passwords, TokenService tokens, LoginThrottle throttle, Clock clock) {
    this.entityManager = entityManager;
    this.passwords = passwords;
    this.tokens = tokens;
    this.throttle = throttle;
    this.clock = clock;
  }

  public Account register(AccountRequests.Register request) {
    String email = normalize(request.email());
    Set<Role> roles = EnumSet.of(Role.BUYER);
    if (request.roles() != null) {
      for (Role role : request.roles()) {
        if (!role.isSelfService()) {
          throw ProblemException.invalidField("roles", role + " is granted by an administrator, not chosen at sign-up");
        }
        roles.add(role);
      }
    }
    if (findByEmail(email).isPresent()) {
      throw emailTaken();
    }
    Account account =
        new Account(email, request.displayName().strip(), passwords.hash(request.password()), roles, clock.instant());
    try {
      entityManager.persist(account);
      entityManager.flush();
    } catch (ConstraintViolationException raced) {
      // Another sign-up with the same email committed between our check and our insert.
      throw emailTaken();
    }
    LOG.infof("Registered account %s with roles %s", account.id(), roles);
    return account;
  }

  /**
   * A token for the right email and password. Both kinds of miss get the same answer in about
   * the same time, so the store does not tell which emails have accounts.
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  /** Signs in from {@code address}: throttled first (see {@link LoginThrottle}), then the password is checked. */
  public TokenService.IssuedToken login(AccountRequests.Login request, String address) {
    String email = normalize(request.email());
    Optional<java.time.Duration> wait = throttle.wait(email, address);
    if (wait.isPresent()) {
      throw new ProblemException.RetryLater("too many failed sign-ins for this account or from this address", wait.get());
    }
    Optional<Account> account = findByEmail(email);
    if (account.isEmpty()) {
      passwords.spendCheckTime(request.password());
      throttle.failed(email, address);
      throw invalidCredentials();
    }
    if (!passwords.matches(request.password(), account.get().passwordHash())) {
      throttle.failed(email, address);
      throw invalidCredentials();
    }
    throttle.succeeded(email);
    return tokens.issue(account.get().id(), account.get().email(), account.get().roles());
  }

  /**
   * Changes the account's password after checking the current one (through the same throttle
   * as sign-in, so a stolen session cannot guess it at leisure).
   */
  public void changePassword(UUID accountId, String current, String replacement, String address) {
    Account account = find(accountId).orElseThrow(io.quarkus.security.UnauthorizedException::new);
    Optional<java.time.Duration> wait = throttle.wait(account.email(), address);
    if (wait.isPresent()) {
      throw new ProblemException.RetryLater("too many failed password checks for this account or from this address", wait.get());
    }
    if (current == null || !passwords.matches(current, account.passwordHash())) {
      throttle.failed(account.email(), address);
      throw ProblemException.invalidField("currentPassword", "is not this account's password");
    }
    AccountRequests.requireNewPassword("newPassword", replacement);
    entityManager.createQuery("update Account a set a.passwordHash = :hash where a.id = :id")
        .setParameter("hash", passwords.hash(replacement)).setParameter("id", accountId).executeUpdate();
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public Optional<Account> find(UUID id) {
    return Optional.ofNullable(entityManager.find(Account.class, id));
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public Optional<Account> findByEmail(String email) {
    return entityManager
        .createQuery("from Account where email = :email", Account.class)
        .setParameter("email", normalize(email))
        .getResultStream()
        .findFirst();
  }

  private static String normalize(String email) {
    return email.strip().toLowerCase(Locale.ROOT);
  }

  private static ProblemException emailTaken() {
    return new ProblemException(
        ProblemType.CONFLICT,
        "an account with this email already exists",
        List.of(new Problem.FieldError("email", "is already registered")));
  }

  private static ProblemException invalidCredentials() {
    return new ProblemException(ProblemType.INVALID_CREDENTIALS, "the email or the password is wrong");
  }
}
