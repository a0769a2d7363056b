package dev.carriage.store.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carriage.store.database.EmbeddedDatabase;
import dev.carriage.store.support.FakeStripe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store replica killed outright (SIGKILL) in the middle of settlement, and another in the
 * middle of a payout run, at the worst moment: while the fake Stripe is answering its first
 * transfer, which Stripe makes but the store never hears of. A replica started after each picks
 * up where the dead one stopped: every sale settled once, every payout made once at Stripe, and
 * the book balanced.
 */
class KilledReplicaIT {

  private static final Path LOGS = Path.of("target", "packaged-store-it");
  private static final int PUBLISHERS = 4;
  private static final int SALES_EACH = 3;
  private static final long PRICE = 2000;
  /** The default royalty share, 70 %, of each sale: what each publisher is paid per sale. */
  private static final long ROYALTY = PRICE * 7000 / 10_000;

  @TempDir Path home;

  @Test
  void killedMidSettlement_andMidPayout_theNextReplicaFinishes_onceEach() throws Exception {
    Files.createDirectories(LOGS);
    FakeStripe stripe = new FakeStripe();
    stripe.start();
    try (EmbeddedDatabase database = EmbeddedDatabase.start(home.resolve("server"), false)) {
      Map<String, String> environment = Replicas.environment(database, stripe);
      environment.put("CARRIAGE_HOME", home.resolve("store").toString());
      environment.put("CARRIAGE_LEDGER_PAYOUT_EVERY", "off");
      List<String> orders = new ArrayList<>();

      // 1. Sales, then settlement killed after its first sale committed (the test's trigger makes each take 300 ms).
      try (StoreProcess first = StoreProcess.start(environment, LOGS.resolve("killed-settlement.log"));
          Connection settled = Replicas.listen(database, "settled", "sale_record", "update", "perform pg_sleep(0.3);")) {
        for (int p = 0; p < PUBLISHERS; p++) {
          String publisher = Replicas.register(first, "publisher " + p, "publisher");
          Replicas.paidByConnect(first, publisher, "acct_killed" + p);
          for (int s = 0; s < SALES_EACH; s++) {
            orders.add(Replicas.sale(first, first, publisher, p * SALES_EACH + s, PRICE));
          }
        }
        Replicas.awaitNotification(settled, Duration.ofSeconds(60));
        first.kill();
      }
      long settledAtKill;
      try (Connection sql = Replicas.connect(database)) {
        settledAtKill = Replicas.count(sql, "select count(*) from sale_record where royalty_payable_at is not null");
      }
      System.out.printf("[killed replica] killed during settlement with %d of %d sales settled%n", settledAtKill, orders.size());
      assertThat(settledAtKill).as("killed in the middle of settlement").isBetween(1L, (long) orders.size() - 1);

      // 2. The next replica settles the rest and pays out; it is killed while Stripe answers its first transfer.
      environment.put("CARRIAGE_LEDGER_PAYOUT_EVERY", "1s");
      CountDownLatch killed = new CountDownLatch(1);
      stripe.whileAnswering(path -> {
        if (path.equals("/v1/transfers") && killed.getCount() > 0) {
          // Whichever store is asking: the one running now, a child of this test.
          ProcessHandle.current().children().filter(child -> child.info().commandLine().orElse("").contains("quarkus-run.jar"))
              .forEach(store -> {
                store.destroyForcibly();
                store.onExit().join();
              });
          killed.countDown();
        }
      });
      try (StoreProcess second = StoreProcess.start(environment, LOGS.resolve("killed-payout.log"))) {
        assertThat(killed.await(90, TimeUnit.SECONDS)).as("a payout run reached Stripe").isTrue();
      } catch (IllegalStateException killedBeforeItSaidReady) {
        // Its jobs start with it: the payout run may reach Stripe, and be killed there, before the store reports ready.
        // The kill lands before the fake counts it: wait for that, not for the store.
        assertThat(killed.await(30, TimeUnit.SECONDS)).as(killedBeforeItSaidReady.getMessage()).isTrue();
      }
      stripe.whileAnswering(null);
      try (Connection sql = Replicas.connect(database)) {
        assertThat(Replicas.count(sql, "select count(*) from payout where state = 'SENDING'")).as("a payout left in the middle").isPositive();
      }

      // 3. A replica started afterwards finishes: the payout Stripe made is recorded, not made again.
      try (StoreProcess third = StoreProcess.start(environment, LOGS.resolve("killed-after.log"));
          Connection payouts = Replicas.listen(database, "payouts", "payout", "insert or update", "")) {
        Replicas.awaitPaidOut(database, payouts, orders.size() * ROYALTY, Duration.ofSeconds(90));
      }

      try (Connection sql = Replicas.connect(database)) {
        for (String order : orders) {
          assertThat(Replicas.count(sql, "select count(*) from ledger_entry where order_id = '" + order + "' and code = 'ROYALTY_PAYABLE'"))
              .as("royalty of " + order + " posted once").isEqualTo(1);
          assertThat(Replicas.count(sql, "select count(*) from ledger_entry where order_id = '" + order + "' and code = 'POOL_SETTLED'"))
              .as("pool of " + order + " settled once").isEqualTo(1);
        }
        assertThat(Replicas.count(sql, "select count(*) from payout where state <> 'SENT'")).isZero();
        long paidAtStripe = 0;
        try (ResultSet rows = sql.createStatement().executeQuery("select id, amount_minor from payout")) {
          while (rows.next()) {
            assertThat(stripe.transfersMade(rows.getString(1))).as("payout " + rows.getString(1) + " made once at Stripe").isEqualTo(1);
            paidAtStripe += rows.getLong(2);
          }
        }
        assertThat(paidAtStripe).as("every royalty paid, once").isEqualTo(orders.size() * ROYALTY);
        assertThat(Replicas.count(sql, "select coalesce(sum(amount_minor), 0) from ledger_posting")).as("the book balances").isZero();
        System.out.printf("[killed replica] after two SIGKILLs: %d sales settled once each, %d payouts made once each at Stripe (%d transfer"
            + " requests)%n", orders.size(), Replicas.count(sql, "select count(*) from payout"), stripe.calls("/v1/transfers").size());
      }
    } finally {
      stripe.stop();
    }
  }
}
