package dev.carriage.store.carrier;

import dev.carriage.store.grid.GridNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What stands behind one line of a carrier's statement: the sale, each download session of it
 * that the node served, the bytes verified to the node in each, and every receipt the store
 * accepted or refused for those sessions (with its reason). Only the caller's own node.
 */
@ApplicationScoped
public class CarriageAudit {

  private static final int SESSIONS_MAX = 200;

  private final EntityManager entityManager;
  private final CarrierEarnings earnings;

  public CarriageAudit(EntityManager entityManager, CarrierEarnings earnings) {
    this.entityManager = entityManager;
    this.earnings = earnings;
  }

  public record Sale(UUID orderId, String title, long pieces, long bytes, List<Session> sessions) {}

  public record Session(UUID sessionId, Instant openedAt, long piecesCredited, long bytesCredited, Receipt receipt,
      List<Refusal> refusals) {}

  public record Receipt(long sequence, int pieces, int pieceCount, long bytes, Instant acceptedAt) {}

  public record Refusal(Long sequence, String reason, String detail, Instant at) {}

  @Transactional(Transactional.TxType.SUPPORTS)
  @SuppressWarnings("unchecked")
  public Sale sale(UUID callerId, UUID nodeId, UUID orderId) {
    GridNode node = earnings.ownNodes(callerId, java.util.Optional.of(nodeId)).get(0);
    List<Object[]> sessions = entityManager.createNativeQuery(
            "select c.session_id, min(s.created_at), count(*), sum(c.bytes), max(t.name)"
                + " from carriage_credit c join download_session s on s.id = c.session_id join title t on t.id = c.title_id"
                + " where c.node_id = ?1 and c.order_id = ?2 group by c.session_id order by min(s.created_at) limit " + SESSIONS_MAX)
        .setParameter(1, node.id()).setParameter(2, orderId).getResultList();
    long pieces = 0;
    long bytes = 0;
    String title = "";
    List<Session> listed = new java.util.ArrayList<>();
    for (Object[] row : sessions) {
      UUID session = (UUID) row[0];
      long credited = ((Number) row[2]).longValue();
      long creditedBytes = ((Number) row[3]).longValue();
      pieces += credited;
      bytes += creditedBytes;
      title = (String) row[4];
      listed.add(new Session(session, toInstant(row[1]), credited, creditedBytes, receipt(session, node.id()), refusals(session, node.id())));
    }
    return new Sale(orderId, title, pieces, bytes, listed);
  }

  private Receipt receipt(UUID session, UUID nodeId) {
    List<Object[]> rows = entityManager.createNativeQuery(
            "select sequence, pieces, piece_count, bytes, accepted_at from carriage_receipt where session_id = ?1 and node_id = ?2")
        .setParameter(1, session).setParameter(2, nodeId).getResultList();
    return rows.stream().findFirst().map(row -> new Receipt(((Number) row[0]).longValue(), ((Number) row[1]).intValue(),
        ((Number) row[2]).intValue(), ((Number) row[3]).longValue(), toInstant(row[4]))).orElse(null);
  }

  private List<Refusal> refusals(UUID session, UUID nodeId) {
    List<Object[]> rows = entityManager.createNativeQuery(
            "select sequence, reason, detail, rejected_at from receipt_rejection where session_id = ?1 and submitted_by = ?2"
                + " order by rejected_at limit 50")
        .setParameter(1, session).setParameter(2, nodeId).getResultList();
    return rows.stream().map(row -> new Refusal(row[0] == null ? null : ((Number) row[0]).longValue(), (String) row[1],
        (String) row[2], toInstant(row[3]))).toList();
  }

  private static Instant toInstant(Object value) {
    return dev.carriage.store.ledger.Journal.instantOf(value);
  }
}
