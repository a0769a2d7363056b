package dev.carriage.store.account;

import dev.carriage.store.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * The operator grants roles: admin is never chosen at sign-up, and a buyer may later become a
 * carrier, a fan-site owner or a publisher. The new role takes effect at the account's next sign-in.
 */
@ApplicationScoped
@Transactional
public class RoleGrants {

  private static final Logger LOG = Logger.getLogger(RoleGrants.class);

  private final EntityManager entityManager;

  public RoleGrants(EntityManager entityManager) {
    this.entityManager = entityManager;
  }

  /** {@code POST /api/admin/accounts/roles}: an account by email, and a role by its wire name. */
  public record Grant(String email, String role) {}

  public AccountView grant(Grant request) {
    Role role = Arrays.stream(Role.values()).filter(r -> r.wireName().equals(String.valueOf(request.role()).strip().toLowerCase(Locale.ROOT)))
        .findFirst()
        .orElseThrow(() -> ProblemException.invalidField("role", "one of " + Arrays.stream(Role.values()).map(Role::wireName).toList()));
    String email = String.valueOf(request.email()).strip().toLowerCase(Locale.ROOT);
    List<Account> found = entityManager.createQuery("from Account a where a.email = :email", Account.class)
        .setParameter("email", email).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
    if (found.isEmpty()) {
      throw ProblemException.invalidField("email", "no account has the email " + email);
    }
    Account account = found.get(0);
    if (account.grant(role)) {
      LOG.infof("Granted %s to account %s", role, account.id());
    }
    return AccountView.of(account);
  }
}
