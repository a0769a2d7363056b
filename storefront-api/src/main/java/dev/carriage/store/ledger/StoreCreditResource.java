package dev.carriage.store.ledger;

import dev.carriage.ledger.AccountType;
import dev.carriage.store.account.Callers;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.util.List;
import java.util.Map;

/** {@code GET /api/store-credit}: the caller's store credit per currency, spendable with {@code "payWith": "store_credit"}. */
@Path("/api/store-credit")
@Authenticated
public class StoreCreditResource {

  private final Journal journal;
  private final SecurityIdentity caller;

  public StoreCreditResource(Journal journal, SecurityIdentity caller) {
    this.journal = journal;
    this.caller = caller;
  }

  @GET
  public List<Map<String, Object>> balances() {
    return journal.balances(AccountType.STORE_CREDIT, List.of(Callers.accountId(caller).toString())).stream()
        .map(balance -> Map.<String, Object>of("currency", balance.balance().currencyCode(), "amountMinor", balance.balance().minor()))
        .toList();
  }
}
