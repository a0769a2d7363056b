package dev.carriage.store.payout;

/**
 * Stripe Connect accounts for payees: made through Stripe's own onboarding (an Express account
 * and an Account Link) and asked whether they can receive transfers. The sandbox imitates it.
 */
public interface ConnectGateway {

  /** What Stripe says of one connected account. */
  record AccountState(String accountId, boolean transfersActive, boolean detailsSubmitted) {}

  /** A new Express account for the payee with this email; transfers wait until its onboarding is done. */
  AccountState createAccount(String email, String carriageAccountId);

  /** A one-time link into Stripe's onboarding for the account, coming back to {@code returnUrl}. */
  String onboardingLink(String accountId, String returnUrl, String refreshUrl);

  /** The account as Stripe describes it now. */
  AccountState retrieve(String accountId);

  /** Stripe could not be asked, or refused; nothing was changed. */
  final class ConnectUnavailable extends RuntimeException {
    public ConnectUnavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
