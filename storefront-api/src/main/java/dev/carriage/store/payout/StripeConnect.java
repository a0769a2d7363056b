package dev.carriage.store.payout;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.Account;
import com.stripe.model.AccountLink;
import com.stripe.param.AccountCreateParams;
import com.stripe.param.AccountLinkCreateParams;

/** Connect accounts through stripe-java: Express accounts with the transfers capability, onboarded by Account Links. */
public final class StripeConnect implements ConnectGateway {

  private final StripeClient client;

  public StripeConnect(StripeClient client) {
    this.client = client;
  }

  @Override
  public AccountState createAccount(String email, String carriageAccountId) {
    AccountCreateParams params = AccountCreateParams.builder()
        .setType(AccountCreateParams.Type.EXPRESS)
        .setEmail(email)
        .setCapabilities(AccountCreateParams.Capabilities.builder()
            .setTransfers(AccountCreateParams.Capabilities.Transfers.builder().setRequested(true).build())
            .build())
        .putMetadata("carriage_account_id", carriageAccountId)
        .build();
    try {
      return stateOf(client.v1().accounts().create(params));
    } catch (StripeException failed) {
      throw new ConnectUnavailable("Stripe could not create the Connect account: " + failed.getMessage(), failed);
    }
  }

  @Override
  public String onboardingLink(String accountId, String returnUrl, String refreshUrl) {
    AccountLinkCreateParams params = AccountLinkCreateParams.builder()
        .setAccount(accountId)
        .setType(AccountLinkCreateParams.Type.ACCOUNT_ONBOARDING)
        .setReturnUrl(returnUrl)
        .setRefreshUrl(refreshUrl)
        .build();
    try {
      AccountLink link = client.v1().accountLinks().create(params);
      return link.getUrl();
    } catch (StripeException failed) {
      throw new ConnectUnavailable("Stripe could not open onboarding for " + accountId + ": " + failed.getMessage(), failed);
    }
  }

  @Override
  public AccountState retrieve(String accountId) {
    try {
      return stateOf(client.v1().accounts().retrieve(accountId));
    } catch (StripeException failed) {
      throw new ConnectUnavailable("Stripe could not describe " + accountId + ": " + failed.getMessage(), failed);
    }
  }

  static AccountState stateOf(Account account) {
    boolean transfers = account.getCapabilities() != null && "active".equals(account.getCapabilities().getTransfers());
    return new AccountState(account.getId(), transfers, Boolean.TRUE.equals(account.getDetailsSubmitted()));
  }
}
