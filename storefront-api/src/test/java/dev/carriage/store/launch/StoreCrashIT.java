package dev.carriage.store.launch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged store killed outright (SIGKILL) in the middle of sixteen concurrent purchases,
 * then started again on the same data: once with its database's watchdog doing its job, once
 * with the watchdog killed too, so the PostgreSQL it started is left running. Both times the
 * store starts again, says it recovered, and every paid order is whole: one sale entry, one valid
 * licence, no sale for an unpaid order, and a balanced book. A second store on a directory in
 * use is refused at once, naming the holder.
 */
class StoreCrashIT {

  private static final Path LOGS = Path.of("target", "packaged-store-it");
  private static final int BUYERS = 16;
  private static final String CARD = "4242 4242 4242 4242";

  @TempDir Path home;

  @Test
  void killedDuringConcurrentPurchases_startsAgainOnTheSameData_andEveryPaidOrderIsWhole() throws Exception {
    Files.createDirectories(LOGS);
    Map<String, String> environment = Map.of("CARRIAGE_HOME", home.toString(), "CARRIAGE_DEMO_ENABLED", "true");

    try (StoreProcess first = StoreProcess.start(environment, LOGS.resolve("crash-first.log"))) {
      int refused = StoreProcess.runExpectingRefusal(environment, LOGS.resolve("crash-second-store.log"), Duration.ofSeconds(60));
      assertThat(refused).isNotZero();
      assertThat(Files.readString(LOGS.resolve("crash-second-store.log")))
          .contains("Carriage cannot start: the embedded database in").contains("in use by another store (process " + first.pid());
      purchaseUntilKilled(first, false);
    }

    try (StoreProcess second = StoreProcess.start(environment, LOGS.resolve("crash-restart.log"))) {
      System.out.printf("[crashed store] restart after SIGKILL (watchdog stopped PostgreSQL): ready in %d ms%n", second.startTime().toMillis());
      assertThat(Files.readString(LOGS.resolve("crash-restart.log"))).contains("recovered from an unclean stop");
      assertWhole();
      purchaseUntilKilled(second, true);
    }

    try (StoreProcess third = StoreProcess.start(environment, LOGS.resolve("crash-orphan-restart.log"))) {
      System.out.printf("[crashed store] restart after SIGKILL of store and watchdog (PostgreSQL left running): ready in %d ms%n",
          third.startTime().toMillis());
      String log = Files.readString(LOGS.resolve("crash-orphan-restart.log"));
      assertThat(log).contains("outlived the store that started it").contains("recovered from an unclean stop");
      assertWhole();
    }
    assertThat(postgresOn(home)).as("no PostgreSQL left after a clean stop").isEmpty();
  }

  /** Sixteen buyers buying the demo titles at once; the store is killed once some sales went through, mid-flight. */
  private void purchaseUntilKilled(StoreProcess store, boolean killTheWatchdogToo) throws Exception {
    List<String> titles = given().baseUri(store.baseUri()).get("/api/titles").then().statusCode(200).extract().jsonPath()
        .getList("items.id", String.class);
    AtomicInteger paid = new AtomicInteger();
    AtomicBoolean killed = new AtomicBoolean();
    CountDownLatch enough = new CountDownLatch(1);
    ExecutorService buyers = Executors.newFixedThreadPool(BUYERS);
    for (int b = 0; b < BUYERS; b++) {
      String email = "crash-" + b + "-" + System.nanoTime() + "@test.carriage.local";
      buyers.submit(() -> {
        try {
          given().baseUri(store.baseUri()).contentType(ContentType.JSON)
              .body(Map.of("email", email, "password", "crash test buyer", "displayName", "Crash buyer")).post("/api/auth/register");
          String token = given().baseUri(store.baseUri()).contentType(ContentType.JSON)
              .body(Map.of("email", email, "password", "crash test buyer")).post("/api/auth/login").then().extract().path("token");
          for (String title : titles) {
            JsonPath order = given().baseUri(store.baseUri()).contentType(ContentType.JSON).header("Authorization", "Bearer " + token)
                .body(Map.of("titleId", title)).post("/api/orders").then().extract().jsonPath();
            given().baseUri(store.baseUri()).contentType(ContentType.JSON).header("Authorization", "Bearer " + token)
                .body(Map.of("cardNumber", CARD)).post("/api/payments/sandbox/" + order.getString("payment.paymentId") + "/confirm");
            if (paid.incrementAndGet() >= 24) {
              enough.countDown();
            }
          }
        } catch (RuntimeException refusedAfterTheKill) {
          if (!killed.get()) {
            throw refusedAfterTheKill;
          }
        }
        return null;
      });
    }
    enough.await(60, TimeUnit.SECONDS);
    killed.set(true);
    if (killTheWatchdogToo) {
      for (ProcessHandle watchdog : ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("")
          .contains("carriage-embedded-postgres-watchdog") && p.info().commandLine().orElse("").contains(home.toString())).toList()) {
        watchdog.destroyForcibly();
      }
    }
    store.kill();
    buyers.shutdown();
    buyers.awaitTermination(60, TimeUnit.SECONDS);
    if (killTheWatchdogToo) {
      assertThat(postgresOn(home)).as("PostgreSQL outlived its store").isNotEmpty();
    } else {
      for (ProcessHandle postgres : postgresOn(home)) {
        postgres.onExit().get(30, TimeUnit.SECONDS);
      }
      assertThat(postgresOn(home)).as("the watchdog stopped PostgreSQL with its store").isEmpty();
    }
  }

  /** What the data says after a crash: checked in the store's own database, while the restarted store runs. */
  private void assertWhole() throws Exception {
    List<String> pid = Files.readAllLines(home.resolve("postgres/data/postmaster.pid"));
    try (Connection db = DriverManager.getConnection("jdbc:postgresql://localhost:" + pid.get(3).strip() + "/postgres", "postgres", "");
        Statement sql = db.createStatement()) {
      long paidOrders = single(sql, "select count(*) from purchase_order where status = 'PAID'");
      assertThat(paidOrders).as("paid orders").isPositive();
      assertThat(single(sql, "select count(*) from purchase_order o where o.status = 'PAID'"
          + " and (select count(*) from ledger_entry e where e.idempotency_key = 'sale:' || o.id) <> 1")).as("paid orders without exactly one sale").isZero();
      assertThat(single(sql, "select count(*) from purchase_order o where o.status = 'PAID' and (select count(*) from licence l"
          + " where l.account_id = o.buyer_id and l.title_id = o.title_id and l.kind = 'PERPETUAL' and l.revoked_at is null) <> 1"))
          .as("paid orders without exactly one valid licence").isZero();
      assertThat(single(sql, "select count(*) from ledger_entry e join purchase_order o on o.id = e.order_id"
          + " where e.idempotency_key like 'sale:%' and o.status in ('CREATED', 'FAILED')")).as("sales of unpaid orders").isZero();
      assertThat(single(sql, "select count(*) from (select currency from ledger_posting group by currency having sum(amount_minor) <> 0) unbalanced"))
          .as("currencies whose book does not balance").isZero();
      System.out.printf("[crashed store] after restart: %d paid orders, each with one sale and one licence; the book balances%n", paidOrders);
    }
  }

  private static long single(Statement sql, String query) throws Exception {
    try (ResultSet row = sql.executeQuery(query)) {
      row.next();
      return row.getLong(1);
    }
  }

  private static List<ProcessHandle> postgresOn(Path home) {
    String data = home.resolve("postgres/data").toString();
    List<ProcessHandle> found = new ArrayList<>();
    ProcessHandle.allProcesses().forEach(process -> {
      String commandLine = process.info().commandLine().orElse("");
      if (commandLine.contains("bin/postgres") && commandLine.contains(data)) {
        found.add(process);
      }
    });
    return found;
  }
}
