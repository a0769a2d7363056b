package dev.carriage.store.payout;

import java.util.UUID;

/**
 * The sandbox's Connect: accounts are made ready at once and onboarding goes straight back to
 * the store, so a local run can try Stripe Connect payouts without Stripe.
 */
public final class SandboxConnect implements ConnectGateway {

  @Override
  public AccountState createAccount(String email, String carriageAccountId) {
    return new AccountState("acct_sandbox" + UUID.randomUUID().toString().replace("-", "").substring(0, 16), true, true);
  }

  @Override
  public String onboardingLink(String accountId, String returnUrl, String refreshUrl) {
    return returnUrl;
  }

  @Override
  public AccountState retrieve(String accountId) {
    return new AccountState(accountId, true, true);
  }
}
