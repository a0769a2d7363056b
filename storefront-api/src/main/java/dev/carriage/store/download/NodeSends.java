package dev.carriage.store.download;

import dev.carriage.store.grid.GridNode;
import dev.carriage.store.grid.GridService;
import dev.carriage.store.grid.TitleContent;
import dev.carriage.store.licence.LicenceService;
import dev.carriage.store.problem.ProblemException;
import dev.carriage.store.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * "Send to my node", as Steam starts an install from its web page: a buyer asks one of their own
 * enrolled nodes to download a title they hold; the node learns of it at its next heartbeat, opens
 * the download with its node token (for its owner, who must still hold the title), and reports
 * its progress, which the buyer's library shows. What a node reports is a claim: the state only
 * moves forward, and the bytes never pass the title's size.
 */
@ApplicationScoped
@Transactional
public class NodeSends {

  static final int PENDING_MAX = 10;
  static final int DETAIL_LENGTH_MAX = 300;

  private final EntityManager entityManager;
  private final LicenceService licences;
  private final GridService grid;
  private final DownloadService downloads;
  private final Clock clock;

  public NodeSends(EntityManager entityManager, LicenceService licences, GridService grid, DownloadService downloads, Clock clock) {
    this.entityManager = entityManager;
    this.licences = licences;
    this.grid = grid;
    this.downloads = downloads;
    this.clock = clock;
  }

  public enum State {
    REQUESTED, STARTED, DONE, FAILED;

    boolean active() {
      return this == REQUESTED || this == STARTED;
    }

    /** Forward only: requested, then started, then done or failed; a node may also fail a send it never started. */
    boolean mayBecome(State next) {
      return switch (this) {
        case REQUESTED -> next == STARTED || next == FAILED;
        case STARTED -> next == STARTED || next == DONE || next == FAILED;
        case DONE, FAILED -> false;
      };
    }
  }

  public record SendView(UUID id, UUID nodeId, String nodeName, UUID titleId, String state, long bytesDone, long bytesTotal, String detail,
      Instant requestedAt, Instant updatedAt) {

    public boolean active() {
      return state.equals("requested") || state.equals("started");
    }

    /** 0 to 100, rounded down. */
    public long percent() {
      return bytesTotal == 0 ? 0 : bytesDone * 100 / bytesTotal;
    }
  }

  /** A node's work as its heartbeat answer lists it. */
  public record Pending(UUID sendId, UUID titleId) {}

  /** Asks the caller's own node to fetch a title the caller holds; an active send of it to that node is answered again. */
  public SendView request(UUID accountId, UUID titleId, UUID nodeId) {
    licences.requireValid(accountId, titleId);
    GridNode node = grid.requireOwnNode(accountId, nodeId);
    if (node.origin()) {
      throw ProblemException.invalidField("nodeId", "the origin serves every title already; send to one of your own carrier nodes");
    }
    TitleContent content = grid.content(titleId)
        .orElseThrow(() -> new ProblemException(ProblemType.NO_CONTENT, "title " + titleId + " has no content on the grid yet"));
    Optional<SendView> active = active(nodeId, titleId);
    if (active.isPresent()) {
      return active.get();
    }
    UUID id = UUID.randomUUID();
    Instant now = clock.instant();
    entityManager.createNativeQuery("insert into node_send (id, account_id, node_id, title_id, state, bytes_total, requested_at, updated_at)"
            + " values (?1, ?2, ?3, ?4, 'REQUESTED', ?5, ?6, ?6)")
        .setParameter(1, id).setParameter(2, accountId).setParameter(3, nodeId).setParameter(4, titleId)
        .setParameter(5, content.contentSize()).setParameter(6, now).executeUpdate();
    return find(id).orElseThrow();
  }

  /** The caller's sends, newest first. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public List<SendView> ofAccount(UUID accountId, int max) {
    return views("where s.account_id = ?1 order by s.requested_at desc, s.id", accountId, max);
  }

  /** One of the caller's sends; another account's is a 404. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public SendView one(UUID accountId, UUID sendId) {
    return find(sendId).filter(send -> ownerOf(sendId).equals(accountId)).orElseThrow(() -> ProblemException.notFound("send", sendId));
  }

  /** What the node should be fetching: its heartbeat answer. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public List<Pending> pending(UUID nodeId) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows = entityManager.createNativeQuery("select id, title_id from node_send where node_id = ?1 and state in ('REQUESTED', 'STARTED')"
            + " order by requested_at limit ?2").setParameter(1, nodeId).setParameter(2, PENDING_MAX).getResultList();
    return rows.stream().map(row -> new Pending((UUID) row[0], (UUID) row[1])).toList();
  }

  /** The node opens the send's download session, for its owner, who must still hold the title. */
  public DownloadView open(GridNode node, UUID sendId, String clientKey, String region) {
    Object[] send = activeRow(node, sendId);
    UUID account = (UUID) send[0];
    UUID title = (UUID) send[1];
    DownloadView session = downloads.open(account, new DownloadRequest(title, clientKey, node.id(), region));
    move(sendId, State.STARTED, 0, null);
    return session;
  }

  /**
   * The node's report: a state forward from the current one, and its progress as {@code done} of
   * {@code of} bytes in its own count, scaled to the title's size here (the node counts stored
   * pieces, the store the content), so no claim can pass the title's size.
   */
  public SendView report(GridNode node, UUID sendId, String state, long done, long of, String detail) {
    Object[] send = activeRow(node, sendId);
    State next;
    try {
      next = State.valueOf(String.valueOf(state).toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException unknown) {
      throw ProblemException.invalidField("state", "one of started, done, failed");
    }
    State now = State.valueOf((String) send[2]);
    long total = ((Number) send[3]).longValue();
    if (!now.mayBecome(next)) {
      throw new ProblemException(ProblemType.CONFLICT, "send " + sendId + " is " + now.name().toLowerCase(Locale.ROOT) + "; it cannot become "
          + next.name().toLowerCase(Locale.ROOT));
    }
    if (of <= 0 || done < 0 || done > of) {
      throw ProblemException.invalidField("bytesDone", "must be 0 to bytesOf, and bytesOf positive");
    }
    if (next == State.DONE && done != of) {
      throw ProblemException.invalidField("bytesDone", "a finished send holds the whole title");
    }
    long scaled = next == State.DONE ? total : Math.multiplyHigh(done, total) == 0 ? done * total / of
        : java.math.BigInteger.valueOf(done).multiply(java.math.BigInteger.valueOf(total)).divide(java.math.BigInteger.valueOf(of)).longValueExact();
    move(sendId, next, scaled, detail == null ? null : detail.length() > DETAIL_LENGTH_MAX ? detail.substring(0, DETAIL_LENGTH_MAX) : detail);
    return find(sendId).orElseThrow();
  }

  private Object[] activeRow(GridNode node, UUID sendId) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows = entityManager.createNativeQuery("select account_id, title_id, state, bytes_total from node_send"
            + " where id = ?1 and node_id = ?2 for update").setParameter(1, sendId).setParameter(2, node.id()).getResultList();
    if (rows.isEmpty()) {
      throw ProblemException.notFound("send", sendId);
    }
    if (!State.valueOf((String) rows.get(0)[2]).active()) {
      throw new ProblemException(ProblemType.CONFLICT, "send " + sendId + " has ended");
    }
    return rows.get(0);
  }

  private void move(UUID sendId, State state, long bytesDone, String detail) {
    entityManager.createNativeQuery("update node_send set state = ?2, bytes_done = greatest(bytes_done, ?3), detail = coalesce(?4, detail),"
            + " updated_at = ?5 where id = ?1")
        .setParameter(1, sendId).setParameter(2, state.name()).setParameter(3, bytesDone).setParameter(4, detail)
        .setParameter(5, clock.instant()).executeUpdate();
  }

  private Optional<SendView> active(UUID nodeId, UUID titleId) {
    List<SendView> found = views("where s.node_id = ?1 and s.title_id = ?2 and s.state in ('REQUESTED', 'STARTED')", nodeId, 1, titleId);
    return found.stream().findFirst();
  }

  private Optional<SendView> find(UUID sendId) {
    return views("where s.id = ?1", sendId, 1).stream().findFirst();
  }

  private UUID ownerOf(UUID sendId) {
    return (UUID) entityManager.createNativeQuery("select account_id from node_send where id = ?1").setParameter(1, sendId).getSingleResult();
  }

  private List<SendView> views(String where, Object first, int max, Object... more) {
    var query = entityManager.createNativeQuery("select s.id, s.node_id, n.name, s.title_id, s.state, s.bytes_done, s.bytes_total, s.detail,"
        + " s.requested_at, s.updated_at from node_send s join grid_node n on n.id = s.node_id " + where + " limit " + max)
        .setParameter(1, first);
    for (int i = 0; i < more.length; i++) {
      query.setParameter(i + 2, more[i]);
    }
    @SuppressWarnings("unchecked")
    List<Object[]> rows = query.getResultList();
    return rows.stream().map(row -> new SendView((UUID) row[0], (UUID) row[1], (String) row[2], (UUID) row[3],
        ((String) row[4]).toLowerCase(Locale.ROOT), ((Number) row[5]).longValue(), ((Number) row[6]).longValue(), (String) row[7],
        dev.carriage.store.ledger.Journal.instantOf(row[8]), dev.carriage.store.ledger.Journal.instantOf(row[9]))).toList();
  }
}
