package dev.carriage.store.payout;

import dev.carriage.store.account.Account;
import dev.carriage.store.account.Callers;
import dev.carriage.store.problem.ProblemException;
import dev.carriage.store.problem.ProblemType;
import io.quarkus.security.Authenticated;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;

/**
 * Any payee (carrier, fan site, publisher) onboards to Stripe Connect through Stripe's own flow:
 * {@code POST /api/connect/onboarding} answers with the account and a link into Stripe;
 * {@code GET /api/connect} says, asking Stripe, whether it can receive transfers yet.
 */
@Path("/api/connect")
@Authenticated
public class ConnectResource {

  private final ConnectAccounts accounts;
  private final EntityManager entityManager;
  private final SecurityIdentity caller;

  @Context UriInfo uri;

  public ConnectResource(ConnectAccounts accounts, EntityManager entityManager, SecurityIdentity caller) {
    this.accounts = accounts;
    this.entityManager = entityManager;
    this.caller = caller;
  }

  @POST
  @Path("/onboarding")
  public ConnectAccounts.Onboarding onboard() {
    UUID accountId = Callers.accountId(caller);
    Account account = entityManager.find(Account.class, accountId);
    if (account == null) {
      throw new UnauthorizedException();
    }
    try {
      return accounts.onboard(accountId, account.email(), uri.getBaseUri().resolve("/account").toString());
    } catch (ConnectGateway.ConnectUnavailable unavailable) {
      throw new ProblemException(ProblemType.PAYMENT_PROVIDER_FAILED, unavailable.getMessage());
    }
  }

  @GET
  public ConnectAccounts.Onboarding mine() {
    try {
      return accounts.mine(Callers.accountId(caller))
          .orElseThrow(() -> ProblemException.notFound("connect account of", Callers.accountId(caller)));
    } catch (ConnectGateway.ConnectUnavailable unavailable) {
      throw new ProblemException(ProblemType.PAYMENT_PROVIDER_FAILED, unavailable.getMessage());
    }
  }
}
