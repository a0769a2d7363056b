package dev.carriage.store.launch;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.carriage.store.database.EmbeddedDatabase;
import dev.carriage.store.support.SeededSales;
import io.restassured.http.ContentType;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Settlement with the real store processes: one replica settling a batch of due sales, then two
 * replicas settling another batch of the same size at once (sharing it by {@code FOR UPDATE SKIP
 * LOCKED}), on one PostgreSQL server, next to {@code pgbench}'s TPS (one client) on that server
 * in the same run. Not a test (its name is outside failsafe's patterns); {@code ops/bench/settlement} runs it.
 */
class SettlementReplicasBenchmark {

  private static final int SALES = Integer.getInteger("bench.sales", 3000);
  private static final int PGBENCH_SECONDS = Integer.getInteger("bench.pgbench-seconds", 15);
  private static final Path LOGS = Path.of("target", "packaged-store-it");

  @TempDir Path home;

  @Test
  void oneReplicaThenTwo_nextToPgbench() throws Exception {
    Files.createDirectories(LOGS);
    try (EmbeddedDatabase database = EmbeddedDatabase.start(home.resolve("server"), true)) {
      Map<String, String> environment = new HashMap<>(Map.of(
          "CARRIAGE_DB_URL", database.jdbcUrl(), "CARRIAGE_DB_USER", database.username(),
          "CARRIAGE_SECRETS_MASTER_KEY", java.util.Base64.getEncoder().encodeToString(new java.security.SecureRandom().generateSeed(32)),
          "CARRIAGE_LEDGER_SETTLE_EVERY", "off", "CARRIAGE_LEDGER_PAYOUT_EVERY", "off", "CARRIAGE_ORDERS_PAYMENT_CALLS_EVERY", "off"));
      environment.put("CARRIAGE_HOME", home.resolve("a").toString());
      try (StoreProcess a = StoreProcess.start(environment, LOGS.resolve("bench-replica-a.log"))) {
        environment.put("CARRIAGE_HOME", home.resolve("b").toString());
        try (StoreProcess b = StoreProcess.start(environment, LOGS.resolve("bench-replica-b.log"));
            Connection sql = DriverManager.getConnection(database.jdbcUrl(), database.username(), "")) {
          String adminA = admin(a, sql);
          String adminB = admin(b, sql);
          settle(a, adminA); // warm both: the first run of each compiles its code paths
          settle(b, adminB);

          SeededSales.seed(sql, SALES);
          long start = System.nanoTime();
          int settledByOne = settle(a, adminA);
          double oneSeconds = (System.nanoTime() - start) / 1e9;
          assertThat(settledByOne).isEqualTo(SALES);

          SeededSales.seed(sql, SALES);
          start = System.nanoTime();
          CompletableFuture<Integer> byA = CompletableFuture.supplyAsync(() -> settle(a, adminA));
          CompletableFuture<Integer> byB = CompletableFuture.supplyAsync(() -> settle(b, adminB));
          int settledByTwo = byA.join() + byB.join();
          double twoSeconds = (System.nanoTime() - start) / 1e9;
          assertThat(settledByTwo).as("each sale settled by one replica or the other, once").isEqualTo(SALES);
          assertThat(count(sql, "select count(*) from sale_record where pool_settled_at is null")).isZero();
          assertThat(count(sql, "select coalesce(sum(amount_minor), 0) from ledger_posting")).as("the book balances").isZero();

          double tps = pgbench(database);
          double one = SALES / oneSeconds;
          double two = SALES / twoSeconds;
          System.out.printf("settlement: sales=%d carriers_per_sale=%d one_replica_sales_per_s=%.1f two_replicas_sales_per_s=%.1f"
                  + " two_replicas_split=%d/%d speedup=%.2f pgbench_tps=%.1f ratio_one=%.3f ratio_two=%.3f%n", SALES,
              SeededSales.CARRIERS_PER_SALE, one, two, byA.join(), byB.join(), two / one, tps, one / tps, two / tps);
        }
      }
    }
  }

  private static int settle(StoreProcess store, String admin) {
    return given().baseUri(store.baseUri()).auth().oauth2(admin).post("/api/admin/settlement/run").then().statusCode(200).extract()
        .path("settled");
  }

  private static String admin(StoreProcess store, Connection sql) throws Exception {
    String email = "bench-admin-" + UUID.randomUUID() + "@bench.local";
    String id = given().baseUri(store.baseUri()).contentType(ContentType.JSON)
        .body(Map.of("email", email, "password", "settles many sales", "displayName", "Bench admin"))
        .post("/api/auth/register").then().statusCode(201).extract().path("id");
    sql.createStatement().execute("insert into account_role (account_id, role) values ('" + id + "', 'ADMIN')");
    return given().baseUri(store.baseUri()).contentType(ContentType.JSON).body(Map.of("email", email, "password", "settles many sales"))
        .post("/api/auth/login").then().statusCode(200).extract().path("token");
  }

  private static long count(Connection sql, String query) throws Exception {
    try (ResultSet rows = sql.createStatement().executeQuery(query)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /** pgbench's default (TPC-B-like) script, one client, on a database of its own on the same server. */
  private static double pgbench(EmbeddedDatabase database) throws Exception {
    try (Connection sql = DriverManager.getConnection(database.jdbcUrl(), database.username(), "")) {
      sql.createStatement().execute("drop database if exists pgbench");
      sql.createStatement().execute("create database pgbench");
    }
    java.net.URI server = java.net.URI.create(database.jdbcUrl().substring("jdbc:".length()));
    List<String> connect = List.of("-h", server.getHost(), "-p", String.valueOf(server.getPort()), "-U", database.username());
    run(concat(List.of("pgbench", "-i", "-q", "-s", "10"), connect, List.of("pgbench")));
    String output = run(concat(List.of("pgbench", "-c", "1", "-j", "1", "-T", String.valueOf(PGBENCH_SECONDS)), connect, List.of("pgbench")));
    Matcher tps = Pattern.compile("tps = ([0-9.]+)").matcher(output);
    if (!tps.find()) {
      throw new IllegalStateException("pgbench printed no tps:\n" + output);
    }
    return Double.parseDouble(tps.group(1));
  }

  @SafeVarargs
  private static List<String> concat(List<String>... parts) {
    return java.util.Arrays.stream(parts).flatMap(List::stream).toList();
  }

  private static String run(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    StringBuilder output = new StringBuilder();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      reader.lines().forEach(line -> output.append(line).append('\n'));
    }
    if (process.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
    }
    return output.toString();
  }
}
