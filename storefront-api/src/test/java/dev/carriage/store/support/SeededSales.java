package dev.carriage.store.support;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Paid sales past their hold, seeded in SQL for the settlement benchmarks so their timing covers
 * settlement alone: each with its own buyer, licence and session, 22 credited pieces of 1 MiB
 * (4 from each of 5 carriers, 2 from the origin), its sale record and its sale entry, as the
 * store writes them for a sale of 19.99 with a 5 % pool and no royalty or commission.
 */
public final class SeededSales {

  public static final long PRICE = 1999;
  /** 5 % of the price, rounded down, as the pool's share rule rounds. */
  public static final long POOL = PRICE * 500 / 10_000;
  public static final int CARRIERS_PER_SALE = 5;

  private SeededSales() {}

  public static void seed(Connection connection, int sales) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    try (Statement sql = connection.createStatement()) {
      connection.setAutoCommit(false); // the ledger checks each entry's balance at commit, so entries and postings go in together
      sql.execute("create temporary table bench_ids on commit drop as select gen_random_uuid() as publisher, gen_random_uuid() as title");
      sql.execute("insert into account (id, email, display_name, password_hash, created_at)"
          + " select publisher, 'bench-' || publisher || '@bench.local', 'Bench', 'x', now() from bench_ids");
      sql.execute("insert into title (id, publisher_id, kind, name, description, price_minor, currency, size_bytes, release_date,"
          + " created_at, updated_at, version) select title, publisher, 'GAME', 'Bench title', '', " + PRICE + ", 'EUR', 23068672,"
          + " current_date, now(), now(), 0 from bench_ids");
      sql.execute("create temporary table bench_nodes on commit drop as select gen_random_uuid() as id, n, n = 0 as origin"
          + " from generate_series(0, " + CARRIERS_PER_SALE + ") n");
      sql.execute("insert into grid_node (id, account_id, public_key, name, region, origin, enrolled_at)"
          + " select id, (select publisher from bench_ids), decode(md5(random()::text) || md5(random()::text), 'hex'), 'bench-' || n,"
          + " 'local', origin, now() from bench_nodes");
      sql.execute("create temporary table bench_sales on commit drop as select gen_random_uuid() as buyer, gen_random_uuid() as order_id,"
          + " gen_random_uuid() as licence, gen_random_uuid() as session, i from generate_series(1, " + sales + ") i");
      sql.execute("insert into account (id, email, display_name, password_hash, created_at)"
          + " select buyer, 'bench-' || buyer || '@bench.local', 'Bench buyer', 'x', now() from bench_sales");
      sql.execute("insert into purchase_order (id, buyer_id, title_id, amount_minor, currency, status, provider, payment_id, client_secret,"
          + " created_at, paid_at, hold_until, updated_at, version, pool_bps, publisher_id) select order_id, buyer, (select title from bench_ids),"
          + " " + PRICE + ", 'EUR', 'PAID', 'SANDBOX', 'bench_' || order_id, '', now() - interval '15 days', now() - interval '15 days',"
          + " now() - interval '1 day', now(), 0, 500, (select publisher from bench_ids) from bench_sales");
      sql.execute("insert into sale_record (order_id, title_id, publisher_id, buyer_id, currency, gross_minor, royalty_basis, royalty_minor,"
          + " pool_bps, pool_minor, commission_minor, margin_minor, paid_at, hold_until) select order_id, (select title from bench_ids),"
          + " (select publisher from bench_ids), buyer, 'EUR', " + PRICE + ", 'none', 0, 500, " + POOL + ", 0, " + (PRICE - POOL)
          + ", now() - interval '15 days', now() - interval '1 day' from bench_sales");
      sql.execute("insert into licence (id, account_id, title_id, kind, order_id, granted_at, updated_at, version)"
          + " select licence, buyer, (select title from bench_ids), 'PERPETUAL', order_id, now() - interval '15 days', now(), 0 from bench_sales");
      sql.execute("insert into download_session (id, account_id, title_id, licence_id, order_id, created_at)"
          + " select session, buyer, (select title from bench_ids), licence, order_id, now() - interval '15 days' from bench_sales");
      sql.execute("insert into carriage_credit (session_id, piece, node_id, origin, licence_id, title_id, bytes, credited_at, order_id)"
          + " select s.session, p, nd.id, nd.origin, s.licence, (select title from bench_ids), 1048592, now() - interval '14 days', s.order_id"
          + " from bench_sales s cross join generate_series(0, 21) p join bench_nodes nd on nd.n = case when p < 20 then 1 + p / 4 else 0 end");
      // Each sale as the store posts it: gross in, the pool set aside, the rest to revenue.
      sql.execute("insert into ledger_account (type, owner, currency) values ('CLEARING', 'sandbox', 'EUR'), ('CARRIER_POOL', '', 'EUR'),"
          + " ('REVENUE', '', 'EUR') on conflict do nothing");
      sql.execute("insert into ledger_entry (idempotency_key, code, memo, order_id, posted_at)"
          + " select 'sale:' || order_id, 'SALE', 'bench sale', order_id, now() - interval '15 days' from bench_sales");
      sql.execute("insert into ledger_posting (entry_id, account_id, amount_minor, currency)"
          + " select e.id, a.id, case a.type when 'CLEARING' then " + PRICE + " when 'CARRIER_POOL' then " + -POOL + " else " + -(PRICE - POOL)
          + " end, 'EUR' from ledger_entry e join bench_sales s on e.idempotency_key = 'sale:' || s.order_id"
          + " cross join ledger_account a where a.currency = 'EUR' and (a.type, a.owner) in (('CLEARING', 'sandbox'), ('CARRIER_POOL', ''),"
          + " ('REVENUE', ''))");
      connection.commit();
      sql.execute("analyze");
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }
}
