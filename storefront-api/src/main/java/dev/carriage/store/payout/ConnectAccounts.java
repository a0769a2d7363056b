package dev.carriage.store.payout;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Payees' Stripe Connect accounts as Stripe last described them. Onboarding goes through Stripe's
 * own flow; a payout to an account waits until Stripe says it can receive transfers (learned from
 * {@code account.updated} events, or by asking before a payout run). Stripe is never called while
 * a database transaction is open.
 */
@ApplicationScoped
public class ConnectAccounts {

  private static final Logger LOG = Logger.getLogger(ConnectAccounts.class);

  private final EntityManager entityManager;
  private final ConnectGateway gateway;
  private final Clock clock;

  public ConnectAccounts(EntityManager entityManager, ConnectGateway gateway, Clock clock) {
    this.entityManager = entityManager;
    this.gateway = gateway;
    this.clock = clock;
  }

  /** A connected account, and where its owner finishes onboarding when it is not ready yet. */
  public record Onboarding(String accountId, boolean transfersActive, boolean detailsSubmitted, String onboardingUrl) {}

  /**
   * The caller's Express account (made on first use) and a fresh link into Stripe's onboarding;
   * the caller then names the account as the payout method of their nodes, sites or titles.
   */
  public Onboarding onboard(UUID accountId, String email, String returnUrl) {
    Optional<ConnectGateway.AccountState> known = QuarkusTransaction.requiringNew().call(() -> owned(accountId));
    ConnectGateway.AccountState state = known.orElseGet(() -> {
      ConnectGateway.AccountState created = gateway.createAccount(email, accountId.toString());
      // Two onboardings at once may both create an account: the first stored is the caller's, the other is never used.
      return QuarkusTransaction.requiringNew().call(() -> {
        save(created, accountId);
        return owned(accountId).orElseThrow();
      });
    });
    String url = gateway.onboardingLink(state.accountId(), returnUrl, returnUrl);
    return new Onboarding(state.accountId(), state.transfersActive(), state.detailsSubmitted(), url);
  }

  /** The caller's account, asked of Stripe afresh (they come back here from onboarding). */
  public Optional<Onboarding> mine(UUID accountId) {
    return QuarkusTransaction.requiringNew().call(() -> owned(accountId)).map(stored -> {
      ConnectGateway.AccountState now = gateway.retrieve(stored.accountId());
      QuarkusTransaction.requiringNew().run(() -> save(now, accountId));
      return new Onboarding(now.accountId(), now.transfersActive(), now.detailsSubmitted(), null);
    });
  }

  /** The caller's account as Stripe last described it, without asking Stripe (for pages). */
  @jakarta.transaction.Transactional(jakarta.transaction.Transactional.TxType.SUPPORTS)
  public Optional<ConnectGateway.AccountState> stored(UUID accountId) {
    return owned(accountId);
  }

  /** Whether a payout may go to this account now; runs in the caller's transaction. */
  public boolean canReceive(String connectAccountId) {
    List<?> rows = entityManager.createNativeQuery("select transfers_active from connect_account where id = ?1")
        .setParameter(1, connectAccountId).getResultList();
    return !rows.isEmpty() && Boolean.TRUE.equals(rows.get(0));
  }

  /**
   * Before a payout run: asks Stripe about each account a payee names that is not known to be
   * ready (a pasted {@code acct_} id, or one still onboarding), at most {@code max}.
   */
  public void refreshNamed(int max) {
    @SuppressWarnings("unchecked")
    List<String> ids = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
            "select id from (select connect_account_id as id from grid_node union select connect_account_id from affiliate_site"
                + " union select connect_account_id from publisher_terms) named where id is not null"
                + " and not exists (select 1 from connect_account c where c.id = named.id and c.transfers_active) order by id limit ?1")
        .setParameter(1, max).getResultList());
    for (String id : ids) {
      try {
        ConnectGateway.AccountState state = gateway.retrieve(id);
        QuarkusTransaction.requiringNew().run(() -> save(state, null));
      } catch (ConnectGateway.ConnectUnavailable unavailable) {
        LOG.warnf("Connect account %s could not be checked; its payouts wait: %s", id, unavailable.getMessage());
      }
    }
  }

  /** Stripe's {@code account.updated}: runs in the webhook's transaction. */
  public void updated(ConnectGateway.AccountState state) {
    save(state, null);
  }

  private Optional<ConnectGateway.AccountState> owned(UUID accountId) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows = entityManager.createNativeQuery(
            "select id, transfers_active, details_submitted from connect_account where owner_account_id = ?1")
        .setParameter(1, accountId).getResultList();
    return rows.stream().findFirst().map(row -> new ConnectGateway.AccountState((String) row[0], (Boolean) row[1], (Boolean) row[2]));
  }

  private void save(ConnectGateway.AccountState state, UUID owner) {
    entityManager.createNativeQuery("insert into connect_account (id, owner_account_id, transfers_active, details_submitted, checked_at)"
            + " values (?1, ?2, ?3, ?4, ?5) on conflict (id) do update set transfers_active = excluded.transfers_active,"
            + " details_submitted = excluded.details_submitted, checked_at = excluded.checked_at")
        .setParameter(1, state.accountId()).setParameter(2, owner).setParameter(3, state.transfersActive())
        .setParameter(4, state.detailsSubmitted()).setParameter(5, clock.instant())
        .executeUpdate();
  }
}
