package dev.carriage.store.payout;

import dev.carriage.ledger.Money;
import java.util.UUID;

/** Local runs without Stripe: transfers "succeed" with an id derived from the payout; no money moves. */
public final class SandboxTransfers implements TransferGateway {

  @Override
  public String send(UUID payoutId, Money amount, String connectAccountId) {
    return "tr_sandbox_" + payoutId.toString().replace("-", "");
  }
}
