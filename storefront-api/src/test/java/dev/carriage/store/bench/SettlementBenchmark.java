package dev.carriage.store.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carriage.store.ledger.SettlementJob;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Settlement throughput: sales settled per second, each carried by 5 carriers and the origin,
 * on the store's embedded PostgreSQL, next to {@code pgbench}'s TPC-B-like TPS (one client, as
 * the settlement job is one worker) against the same server in the same run. The ratio is the
 * figure. Not a test (its name is outside surefire's patterns); {@code ops/bench/settlement} runs it.
 */
@QuarkusTest
class SettlementBenchmark {

  private static final int SALES = Integer.getInteger("bench.sales", 5000);
  private static final int PGBENCH_SECONDS = Integer.getInteger("bench.pgbench-seconds", 20);

  @Inject DataSource dataSource;
  @Inject SettlementJob settlement;
  @ConfigProperty(name = "quarkus.datasource.jdbc.url") String jdbcUrl;
  @ConfigProperty(name = "quarkus.datasource.username") String user;

  @Test
  void settleSalesNextToPgbench() throws Exception {
    seed(SALES);
    long start = System.nanoTime();
    SettlementJob.Run run = settlement.runOnce();
    double seconds = (System.nanoTime() - start) / 1e9;
    assertThat(run.settled()).isEqualTo(SALES);
    double salesPerSecond = SALES / seconds;
    double tps = pgbench();
    System.out.printf("settlement: sales=%d carriers_per_sale=5 seconds=%.2f sales_per_s=%.1f pgbench_tps=%.1f ratio=%.3f%n",
        SALES, seconds, salesPerSecond, tps, salesPerSecond / tps);
  }

  /**
   * Paid sales past their hold, each with its own buyer, licence and session, and 22 credited
   * pieces of 1 MiB: 4 from each of 5 carriers and 2 from the origin, and its sale posted.
   * Seeded in SQL, so the timing covers settlement alone.
   */
  private void seed(int sales) throws SQLException {
    try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
      connection.setAutoCommit(false); // the ledger checks each entry's balance at commit, so entries and postings go in together
      sql.execute("create temporary table bench_ids as select gen_random_uuid() as publisher, gen_random_uuid() as title");
      sql.execute("insert into account (id, email, display_name, password_hash, created_at)"
          + " select publisher, 'bench-' || publisher || '@bench.local', 'Bench', 'x', now() from bench_ids");
      sql.execute("insert into title (id, publisher_id, kind, name, description, price_minor, currency, size_bytes, release_date,"
          + " created_at, updated_at, version) select title, publisher, 'GAME', 'Bench title', '', 1999, 'EUR', 23068672, current_date,"
          + " now(), now(), 0 from bench_ids");
      sql.execute("create temporary table bench_nodes as select gen_random_uuid() as id, n, n = 0 as origin from generate_series(0, 5) n");
      sql.execute("insert into grid_node (id, account_id, public_key, name, region, origin, enrolled_at)"
          + " select id, (select publisher from bench_ids), decode(md5(random()::text) || md5(random()::text), 'hex'), 'bench-' || n,"
          + " 'local', origin, now() from bench_nodes");
      sql.execute("create temporary table bench_sales as select gen_random_uuid() as buyer, gen_random_uuid() as order_id,"
          + " gen_random_uuid() as licence, gen_random_uuid() as session, i from generate_series(1, " + sales + ") i");
      sql.execute("insert into account (id, email, display_name, password_hash, created_at)"
          + " select buyer, 'bench-' || buyer || '@bench.local', 'Bench buyer', 'x', now() from bench_sales");
      sql.execute("insert into purchase_order (id, buyer_id, title_id, amount_minor, currency, status, provider, payment_id, client_secret,"
          + " created_at, paid_at, hold_until, updated_at, version) select order_id, buyer, (select title from bench_ids), 1999, 'EUR', 'PAID',"
          + " 'SANDBOX', 'bench_' || order_id, '', now() - interval '15 days', now() - interval '15 days', now() - interval '1 day', now(), 0"
          + " from bench_sales");
      sql.execute("insert into licence (id, account_id, title_id, kind, order_id, granted_at, updated_at, version)"
          + " select licence, buyer, (select title from bench_ids), 'PERPETUAL', order_id, now() - interval '15 days', now(), 0 from bench_sales");
      sql.execute("insert into download_session (id, account_id, title_id, licence_id, order_id, created_at)"
          + " select session, buyer, (select title from bench_ids), licence, order_id, now() - interval '15 days' from bench_sales");
      sql.execute("insert into carriage_credit (session_id, piece, node_id, origin, licence_id, title_id, bytes, credited_at, order_id)"
          + " select s.session, p, nd.id, nd.origin, s.licence, (select title from bench_ids), 1048592, now() - interval '14 days', s.order_id"
          + " from bench_sales s cross join generate_series(0, 21) p join bench_nodes nd on nd.n = case when p < 20 then 1 + p / 4 else 0 end");
      // Each sale as the store posts it: gross in, the pool (99) set aside, the rest to revenue.
      sql.execute("insert into ledger_account (type, owner, currency) values ('CLEARING', 'sandbox', 'EUR'), ('CARRIER_POOL', '', 'EUR'),"
          + " ('REVENUE', '', 'EUR') on conflict do nothing");
      sql.execute("insert into ledger_entry (idempotency_key, code, memo, order_id, posted_at)"
          + " select 'sale:' || order_id, 'SALE', 'bench sale', order_id, now() - interval '15 days' from bench_sales");
      sql.execute("insert into ledger_posting (entry_id, account_id, amount_minor, currency)"
          + " select e.id, a.id, case a.type when 'CLEARING' then 1999 when 'CARRIER_POOL' then -99 else -1900 end, 'EUR'"
          + " from ledger_entry e join bench_sales s on e.idempotency_key = 'sale:' || s.order_id"
          + " cross join ledger_account a where a.currency = 'EUR' and (a.type, a.owner) in (('CLEARING', 'sandbox'), ('CARRIER_POOL', ''), ('REVENUE', ''))");
      sql.execute("analyze");
      connection.commit();
    }
  }

  /** pgbench's default (TPC-B-like) script, one client, on a database of its own on the same server. */
  private double pgbench() throws Exception {
    try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
      connection.setAutoCommit(true);
      sql.execute("drop database if exists pgbench");
      sql.execute("create database pgbench");
    }
    URI server = URI.create(jdbcUrl.substring("jdbc:".length()));
    List<String> connect = List.of("-h", server.getHost(), "-p", String.valueOf(server.getPort()), "-U", user);
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

  private static String run(List<String> command) throws IOException, InterruptedException {
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
