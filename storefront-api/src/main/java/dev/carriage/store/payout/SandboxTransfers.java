package dev.carriage.store.payout;

import dev.carriage.ledger.Money;
import java.util.UUID;

/** Local runs without Stripe: transfers "succeed" with an id derived from the payout; no money moves. */
public final class SandboxTransfers implements TransferGateway {

  @Override
  public String send(UUID payoutId, Money amount, String connectAccountId) {
    return "tr_sandbox_" + payoutId.toString().replace("-", "");
  }

  /** The sandbox "sends" every payout it is asked to, so a payout it was asked for has its transfer. */
  @Override
  public java.util.Optional<String> find(UUID payoutId) {
    return java.util.Optional.empty();
  }
}
