package dev.carriage.store.carrier;

import dev.carriage.ledger.Account;
import dev.carriage.ledger.AccountType;
import dev.carriage.ledger.EntryCode;
import dev.carriage.ledger.Money;
import dev.carriage.ledger.SaleEntries;
import dev.carriage.store.grid.GridNode;
import dev.carriage.store.ledger.Journal;
import dev.carriage.store.problem.ProblemException;
import dev.carriage.store.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Date;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/** What a carrier's owner sees of each node: bytes carried and earnings, scoped to their own nodes. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class CarrierEarnings {

  private final EntityManager entityManager;
  private final Journal journal;
  private final Clock clock;

  public CarrierEarnings(EntityManager entityManager, Journal journal, Clock clock) {
    this.entityManager = entityManager;
    this.journal = journal;
    this.clock = clock;
  }

  /** The caller's nodes, or the one asked for, which must be theirs. */
  public List<GridNode> ownNodes(UUID callerId, Optional<UUID> nodeId) {
    if (nodeId.isPresent()) {
      GridNode node = entityManager.find(GridNode.class, nodeId.get());
      if (node == null) {
        throw ProblemException.notFound("node", nodeId.get());
      }
      if (!node.accountId().equals(callerId)) {
        throw new ProblemException(ProblemType.FORBIDDEN, "node " + nodeId.get() + " is not yours");
      }
      return List.of(node);
    }
    return entityManager.createQuery("from GridNode n where n.accountId = :owner order by n.enrolledAt, n.id", GridNode.class)
        .setParameter("owner", callerId).getResultList();
  }

  public EarningsView earnings(UUID callerId, Optional<UUID> nodeId, Instant from, Instant to) {
    if (!from.isBefore(to)) {
      throw ProblemException.invalidField("from", "must be before to");
    }
    List<EarningsView.Node> nodes = new ArrayList<>();
    for (GridNode node : ownNodes(callerId, nodeId)) {
      nodes.add(node(node, from, to));
    }
    return new EarningsView(from, to, nodes);
  }

  /** A title a node holds, by name, as its last heartbeat said. */
  public record Held(UUID titleId, String name, int piecesHeld, boolean complete) {}

  /** The titles the node holds (its own claims, as the coordinator keeps them), by name. */
  public List<Held> held(UUID nodeId) {
    List<Held> held = new ArrayList<>();
    for (Object row : entityManager.createNativeQuery("select h.title_id, t.name, h.pieces_held, h.complete from node_holding h"
            + " join title t on t.id = h.title_id where h.node_id = ?1 and h.pieces_held > 0 order by t.name").setParameter(1, nodeId)
        .setMaxResults(500).getResultList()) {
      Object[] columns = (Object[]) row;
      held.add(new Held((UUID) columns[0], (String) columns[1], ((Number) columns[2]).intValue(), (Boolean) columns[3]));
    }
    return held;
  }

  private EarningsView.Node node(GridNode node, Instant from, Instant to) {
    List<EarningsView.TitleBytes> byTitle = new ArrayList<>();
    long total = 0;
    for (Object row : entityManager.createNativeQuery(
            "select c.title_id, t.name, sum(c.bytes), count(distinct c.session_id) from carriage_credit c join title t on t.id = c.title_id"
                + " where c.node_id = ?1 and c.credited_at >= ?2 and c.credited_at < ?3 group by c.title_id, t.name order by sum(c.bytes) desc, t.name")
        .setParameter(1, node.id()).setParameter(2, from).setParameter(3, to).setMaxResults(500).getResultList()) {
      Object[] columns = (Object[]) row;
      long bytes = ((Number) columns[2]).longValue();
      total += bytes;
      byTitle.add(new EarningsView.TitleBytes((UUID) columns[0], (String) columns[1], bytes, ((Number) columns[3]).longValue()));
    }
    List<EarningsView.DayBytes> byDay = new ArrayList<>();
    for (Object row : entityManager.createNativeQuery(
            "select cast(c.credited_at at time zone 'UTC' as date), sum(c.bytes) from carriage_credit c"
                + " where c.node_id = ?1 and c.credited_at >= ?2 and c.credited_at < ?3 group by 1 order by 1")
        .setParameter(1, node.id()).setParameter(2, from).setParameter(3, to).setMaxResults(1000).getResultList()) {
      Object[] columns = (Object[]) row;
      java.time.LocalDate day = columns[0] instanceof Date date ? date.toLocalDate() : (java.time.LocalDate) columns[0];
      byDay.add(new EarningsView.DayBytes(day, ((Number) columns[1]).longValue()));
    }
    Map<String, long[]> estimates = estimates(node.id());
    Account payable = Account.carrierPayable(node.id());
    TreeSet<String> currencies = new TreeSet<>(estimates.keySet());
    journal.balances(AccountType.CARRIER_PAYABLE, List.of(node.id().toString()))
        .forEach(balance -> currencies.add(balance.balance().currencyCode()));
    List<EarningsView.Money> money = new ArrayList<>();
    List<dev.carriage.store.ledger.Statement> statements = new ArrayList<>();
    for (String code : currencies) {
      java.util.Currency currency = Money.currency(code);
      long paid = journal.moved(payable, currency, List.of("PAYOUT"), 1) + journal.moved(payable, currency, List.of("PAYOUT_REVERSED"), -1);
      long[] estimate = estimates.getOrDefault(code, new long[2]);
      dev.carriage.store.ledger.Statement statement = journal.statement(payable, currency, from, to);
      long settledInPeriod = statement.lines().stream().filter(line -> line.code().equals(EntryCode.POOL_SETTLED.name()))
          .mapToLong(dev.carriage.store.ledger.Statement.Line::amountMinor).sum();
      money.add(new EarningsView.Money(code, estimate[0], estimate[1], journal.balance(payable, currency).minor(), paid,
          CarriageEstimate.per30Days(settledInPeriod + estimate[0] + estimate[1], from, to)));
      statements.add(statement);
    }
    return new EarningsView.Node(node.id(), node.name(), node.origin(), total, byTitle, byDay, money, statements);
  }

  /**
   * This node's estimated share of each unsettled paid sale it carried for, as if the sale's
   * window closed now: [provisional (window open), pending (closed, not yet settled)] per currency.
   */
  private Map<String, long[]> estimates(UUID nodeId) {
    Map<UUID, Object[]> sales = new HashMap<>();
    Map<UUID, Map<UUID, Long>> carriers = new HashMap<>();
    Map<UUID, Long> storeBytes = new HashMap<>();
    // The sales this node carried for and that are not settled yet; then all carriage of each.
    for (Object row : entityManager.createNativeQuery(
            "with mine as (select distinct c.order_id as id from carriage_credit c join purchase_order o on o.id = c.order_id"
                + "   join sale_record r on r.order_id = o.id where c.node_id = ?1 and o.status = 'PAID' and r.pool_settled_at is null)"
                + " select r.order_id, r.pool_minor, r.currency, r.hold_until, c.node_id, c.origin, sum(c.bytes)"
                + " from sale_record r join mine on mine.id = r.order_id join carriage_credit c on c.order_id = r.order_id"
                + " group by r.order_id, r.pool_minor, r.currency, r.hold_until, c.node_id, c.origin")
        .setParameter(1, nodeId).setMaxResults(50_000).getResultList()) {
      Object[] columns = (Object[]) row;
      UUID order = (UUID) columns[0];
      sales.put(order, columns);
      long bytes = ((Number) columns[6]).longValue();
      if ((Boolean) columns[5]) {
        storeBytes.merge(order, bytes, Long::sum);
      } else {
        carriers.computeIfAbsent(order, id -> new TreeMap<>()).merge((UUID) columns[4], bytes, Long::sum);
      }
    }
    Map<String, long[]> byCurrency = new HashMap<>();
    Instant now = clock.instant();
    sales.forEach((order, columns) -> {
      // The pool the sale's record set aside, never today's rate on its gross.
      Money pool = Money.of(((Number) columns[1]).longValue(), ((String) columns[2]).trim());
      long part = SaleEntries.poolParts(pool.minor(), carriers.getOrDefault(order, Map.of()), storeBytes.getOrDefault(order, 0L))
          .getOrDefault(nodeId.toString(), 0L);
      boolean windowOpen = now.isBefore(Journal.instantOf(columns[3]));
      byCurrency.computeIfAbsent(pool.currencyCode(), code -> new long[2])[windowOpen ? 0 : 1] += part;
    });
    return byCurrency;
  }
}
