package dev.carriage.store.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carriage.store.database.EmbeddedDatabase;
import dev.carriage.store.support.FakeStripe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two store processes on one PostgreSQL, with settlement and payouts due every second on both:
 * sales paid by webhooks delivered to either replica are each settled once, and their publisher's
 * royalties reach Stripe Connect once, counted at the fake Stripe by distinct payout.
 */
class TwoReplicasIT {

  private static final Path LOGS = Path.of("target", "packaged-store-it");
  private static final int SALES = 8;
  private static final long PRICE = 2000;

  @TempDir Path home;

  @Test
  void twoReplicas_settleEachSaleOnce_andSendEachPayoutOnce() throws Exception {
    Files.createDirectories(LOGS);
    FakeStripe stripe = new FakeStripe();
    stripe.start();
    try (EmbeddedDatabase database = EmbeddedDatabase.start(home.resolve("server"), false)) {
      Map<String, String> environment = Replicas.environment(database, stripe);
      environment.put("CARRIAGE_LEDGER_PAYOUT_EVERY", "1s");
      environment.put("CARRIAGE_HOME", home.resolve("a").toString());
      try (StoreProcess a = StoreProcess.start(environment, LOGS.resolve("replica-a.log"))) {
        environment.put("CARRIAGE_HOME", home.resolve("b").toString());
        try (StoreProcess b = StoreProcess.start(environment, LOGS.resolve("replica-b.log"));
            Connection payoutChanges = Replicas.listen(database, "payouts", "payout", "insert or update", "")) {
          String publisher = Replicas.register(a, "publisher", "publisher");
          Replicas.paidByConnect(b, publisher, "acct_twoReplicas");
          List<String> orders = new ArrayList<>();
          for (int i = 0; i < SALES; i++) {
            // The webhook lands on the other replica than the one that took the order.
            orders.add(i % 2 == 0 ? Replicas.sale(a, b, publisher, i, PRICE) : Replicas.sale(b, a, publisher, i, PRICE));
          }

          // Both replicas' jobs run every second; wait, on PostgreSQL's notifications, until every sale's royalty is paid out.
          long royalties = SALES * (PRICE * 7000 / 10_000);
          Replicas.awaitPaidOut(database, payoutChanges, royalties, Duration.ofSeconds(90));

          try (Connection sql = Replicas.connect(database)) {
            for (String order : orders) {
              assertThat(Replicas.count(sql, "select count(*) from ledger_entry where order_id = '" + order + "' and code = 'POOL_SETTLED'"))
                  .as("pool of " + order).isEqualTo(1);
              assertThat(Replicas.count(sql, "select count(*) from ledger_entry where order_id = '" + order + "' and code = 'ROYALTY_PAYABLE'"))
                  .as("royalty of " + order).isEqualTo(1);
            }
            assertThat(Replicas.count(sql, "select count(*) from payout where state <> 'SENT'")).isZero();
            long payouts = Replicas.count(sql, "select count(*) from payout");
            List<FakeStripe.Call> transfers = stripe.calls("/v1/transfers");
            assertThat(transfers.stream().map(FakeStripe.Call::idempotencyKey).distinct().count()).as("one transfer per payout").isEqualTo(payouts);
            Map<String, Long> byPayout = new HashMap<>();
            transfers.forEach(call -> byPayout.put(call.idempotencyKey(), Long.parseLong(call.form().get("amount"))));
            assertThat(byPayout.values().stream().mapToLong(Long::longValue).sum()).as("every royalty once").isEqualTo(royalties);
            assertThat(Replicas.count(sql, "select coalesce(sum(amount_minor), 0) from ledger_posting")).as("the book balances").isZero();
          }
          System.out.printf("[two replicas] %d sales settled once each, %d payouts sent once each (%d transfer calls)%n", SALES,
              stripe.calls("/v1/transfers").stream().map(FakeStripe.Call::idempotencyKey).distinct().count(),
              stripe.calls("/v1/transfers").size());
        }
      }
    } finally {
      stripe.stop();
    }
  }
}
