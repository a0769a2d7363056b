package dev.carriage.store.receipt;

import dev.carriage.grid.crypto.Ed25519Keys;
import dev.carriage.grid.manifest.Manifest;
import dev.carriage.grid.manifest.ManifestCodec;
import dev.carriage.grid.manifest.ManifestException;
import dev.carriage.grid.receipt.Receipt;
import dev.carriage.grid.receipt.SignedReceipt;
import dev.carriage.store.StoreConfig;
import dev.carriage.store.download.DownloadSession;
import dev.carriage.store.grid.GridNode;
import dev.carriage.store.grid.GridService;
import dev.carriage.store.grid.TitleContent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Receipt intake: checks a carrier's receipt against everything the store knows of the
 * session, then credits each piece it names to that carrier, unless the session already
 * credited the piece to someone. A refusal is recorded with its reason and changes no credit.
 */
@ApplicationScoped
@Transactional
public class ReceiptService {

  private static final Logger LOG = Logger.getLogger(ReceiptService.class);

  private final EntityManager entityManager;
  private final GridService grid;
  private final StoreConfig config;
  private final Clock clock;

  public ReceiptService(EntityManager entityManager, GridService grid, StoreConfig config, Clock clock) {
    this.entityManager = entityManager;
    this.grid = grid;
    this.config = config;
    this.clock = clock;
  }

  /** What happened to one receipt. */
  public sealed interface Outcome permits Accepted, Rejected {}

  /** Credited: the pieces and bytes this receipt added, the session's totals for this carrier, and pieces others had. */
  public record Accepted(UUID sessionId, UUID carrierId, long sequence, int piecesCredited, long bytesCredited, int piecesTotal,
      long bytesTotal, int piecesCreditedElsewhere) implements Outcome {}

  public record Rejected(RejectionReason reason, String detail) implements Outcome {}

  public Outcome submit(GridNode submitter, SignedReceipt signed) {
    Receipt receipt = signed.receipt();
    DownloadSession session = entityManager.find(DownloadSession.class, receipt.sessionId());
    if (session == null) {
      return reject(submitter, receipt, RejectionReason.UNKNOWN_SESSION, "no download session has id " + receipt.sessionId());
    }
    if (!receipt.carrierId().equals(submitter.id())) {
      return reject(submitter, receipt, RejectionReason.NOT_THE_NAMED_CARRIER,
          "the receipt names carrier " + receipt.carrierId() + " but node " + submitter.id() + " submitted it");
    }
    // A session from before tickets had an expiry is long past any grace.
    Instant takenUntil = session.expiresAt() == null ? Instant.EPOCH : session.expiresAt().plus(config.grid().receiptGrace());
    if (clock.instant().isAfter(takenUntil)) {
      return reject(submitter, receipt, RejectionReason.SESSION_EXPIRED, "the session's ticket expired at " + session.expiresAt()
          + "; its receipts were taken until " + takenUntil);
    }
    if (!submitter.origin() && submitter.accountId().equals(session.accountId())) {
      return reject(submitter, receipt, RejectionReason.CARRIER_IS_THE_BUYER,
          "node " + submitter.id() + " belongs to the account that opened the session; carrying for yourself earns nothing");
    }
    if (!receipt.titleId().equals(session.titleId())) {
      return reject(submitter, receipt, RejectionReason.WRONG_TITLE,
          "the receipt names title " + receipt.titleId() + "; the session is for " + session.titleId());
    }
    Optional<byte[]> clientKey = session.clientKey();
    if (clientKey.isEmpty() || !signed.verify(Ed25519Keys.decode(clientKey.get()))) {
      return reject(submitter, receipt, RejectionReason.BAD_SIGNATURE, "the signature is not by the key the session's ticket named");
    }
    Optional<Manifest> manifest = manifestOf(session);
    if (manifest.isEmpty()) {
      return reject(submitter, receipt, RejectionReason.STALE_MANIFEST, "the title's content changed after this session opened");
    }
    BitSet pieces = receipt.pieces();
    int pieceCount = manifest.get().pieceCount();
    if (pieces.length() > pieceCount || receipt.pieceCount() != pieceCount) {
      return reject(submitter, receipt, RejectionReason.PIECE_OUTSIDE_MANIFEST, pieces.length() > pieceCount
          ? "piece " + (pieces.length() - 1) + " is not in the manifest, which has " + pieceCount + " pieces"
          : "the receipt counts " + receipt.pieceCount() + " pieces; the manifest has " + pieceCount);
    }
    long expectedBytes = Receipt.storedBytes(manifest.get(), pieces);
    if (receipt.bytes() != expectedBytes) {
      return reject(submitter, receipt, RejectionReason.BYTES_MISMATCH,
          "the receipt claims " + receipt.bytes() + " bytes; its " + pieces.cardinality() + " pieces hold " + expectedBytes);
    }
    List<?> held = entityManager.createNativeQuery("select sequence from carriage_receipt where session_id = ?1 and node_id = ?2 for update")
        .setParameter(1, session.id()).setParameter(2, submitter.id()).getResultList();
    if (!held.isEmpty() && ((Number) held.get(0)).longValue() >= receipt.sequence()) {
      return reject(submitter, receipt, RejectionReason.REPLAYED,
          "sequence " + receipt.sequence() + " is not newer than the accepted " + ((Number) held.get(0)).longValue());
    }
    return accept(submitter, session, manifest.get(), signed);
  }

  private Outcome accept(GridNode submitter, DownloadSession session, Manifest manifest, SignedReceipt signed) {
    Receipt receipt = signed.receipt();
    Instant now = clock.instant();
    entityManager.createNativeQuery("insert into carriage_receipt (session_id, node_id, sequence, piece_count, pieces, bytes, signed, accepted_at)"
            + " values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) on conflict (session_id, node_id) do update set sequence = excluded.sequence,"
            + " piece_count = excluded.piece_count, pieces = excluded.pieces, bytes = excluded.bytes, signed = excluded.signed,"
            + " accepted_at = excluded.accepted_at"
            // Two first receipts racing: the newer one stays, whichever commits last.
            + " where carriage_receipt.sequence < excluded.sequence")
        .setParameter(1, session.id()).setParameter(2, submitter.id()).setParameter(3, receipt.sequence())
        .setParameter(4, receipt.pieceCount()).setParameter(5, receipt.pieces().cardinality()).setParameter(6, receipt.bytes())
        .setParameter(7, signed.encode()).setParameter(8, now)
        .executeUpdate();
    StringJoiner indices = new StringJoiner(",");
    StringJoiner sizes = new StringJoiner(",");
    BitSet pieces = receipt.pieces();
    for (int piece = pieces.nextSetBit(0); piece >= 0; piece = pieces.nextSetBit(piece + 1)) {
      indices.add(Integer.toString(piece));
      sizes.add(Integer.toString(manifest.storedLength(piece)));
    }
    List<?> credited = pieces.isEmpty() ? List.of() : entityManager.createNativeQuery(
            "insert into carriage_credit (session_id, piece, node_id, origin, licence_id, title_id, bytes, credited_at, order_id)"
                + " select ?1, t.piece, ?2, ?3, ?4, ?5, t.bytes, ?6, (select s.order_id from download_session s where s.id = ?1)"
                + " from unnest(string_to_array(?7, ',')::int[], string_to_array(?8, ',')::int[]) as t(piece, bytes)"
                // Either key may refuse a piece: once per session, and once per sale across all its sessions.
                + " on conflict do nothing returning bytes")
        .setParameter(1, session.id()).setParameter(2, submitter.id()).setParameter(3, submitter.origin())
        .setParameter(4, session.licenceId()).setParameter(5, session.titleId()).setParameter(6, now)
        .setParameter(7, indices.toString()).setParameter(8, sizes.toString())
        .getResultList();
    long bytesCredited = credited.stream().mapToLong(bytes -> ((Number) bytes).longValue()).sum();
    Object[] totals = (Object[]) entityManager.createNativeQuery(
            "select count(*), coalesce(sum(bytes), 0) from carriage_credit where session_id = ?1 and node_id = ?2")
        .setParameter(1, session.id()).setParameter(2, submitter.id()).getSingleResult();
    int mine = countOfMineAmong(session.id(), submitter.id(), indices.toString());
    int elsewhere = pieces.cardinality() - mine;
    if (elsewhere > 0) {
      record(submitter, receipt, RejectionReason.PIECES_CREDITED_ELSEWHERE,
          elsewhere + " of the receipt's " + pieces.cardinality() + " pieces were already credited in this session or to its sale");
    }
    Accepted accepted = new Accepted(session.id(), submitter.id(), receipt.sequence(), credited.size(), bytesCredited,
        ((Number) totals[0]).intValue(), ((Number) totals[1]).longValue(), elsewhere);
    LOG.debugf("Receipt accepted: %s", accepted);
    return accepted;
  }

  private int countOfMineAmong(UUID sessionId, UUID nodeId, String indices) {
    if (indices.isEmpty()) {
      return 0;
    }
    return ((Number) entityManager.createNativeQuery(
            "select count(*) from carriage_credit where session_id = ?1 and node_id = ?2 and piece = any(string_to_array(?3, ',')::int[])")
        .setParameter(1, sessionId).setParameter(2, nodeId).setParameter(3, indices).getSingleResult()).intValue();
  }

  /** The manifest the session's ticket was for, if the title still has that content. */
  private Optional<Manifest> manifestOf(DownloadSession session) {
    Optional<TitleContent> content = grid.content(session.titleId());
    if (content.isEmpty() || session.manifestRoot().isEmpty() || !Arrays.equals(content.get().merkleRoot(), session.manifestRoot().get())) {
      return Optional.empty();
    }
    try {
      return Optional.of(ManifestCodec.decodeSigned(content.get().signedManifest()).manifest());
    } catch (ManifestException unreadable) {
      throw new IllegalStateException("the stored manifest of title " + session.titleId() + " does not decode", unreadable);
    }
  }

  /** A receipt whose bytes could not even be read. */
  public Rejected malformed(GridNode submitter, String why) {
    persistRejection(submitter, null, null, null, RejectionReason.MALFORMED, why);
    return new Rejected(RejectionReason.MALFORMED, why);
  }

  private Rejected reject(GridNode submitter, Receipt receipt, RejectionReason reason, String detail) {
    record(submitter, receipt, reason, detail);
    LOG.infof("Receipt from node %s refused (%s): %s", submitter.id(), reason, detail);
    return new Rejected(reason, detail);
  }

  private void record(GridNode submitter, Receipt receipt, RejectionReason reason, String detail) {
    persistRejection(submitter, receipt.sessionId(), receipt.carrierId(), receipt.sequence(), reason, detail);
  }

  private void persistRejection(GridNode submitter, UUID sessionId, UUID carrierId, Long sequence, RejectionReason reason, String detail) {
    entityManager.createNativeQuery("insert into receipt_rejection (submitted_by, session_id, carrier_id, sequence, reason, detail, rejected_at)"
            + " values (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
        .setParameter(1, submitter.id()).setParameter(2, sessionId).setParameter(3, carrierId).setParameter(4, sequence)
        .setParameter(5, reason.name()).setParameter(6, detail.length() > 500 ? detail.substring(0, 500) : detail)
        .setParameter(7, clock.instant())
        .executeUpdate();
  }

  /** A node's latest refusals, newest first, for its owner to see why receipts did not count. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public List<RejectionView> rejections(UUID nodeId, int max) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows = entityManager.createNativeQuery(
            "select session_id, sequence, reason, detail, rejected_at from receipt_rejection where submitted_by = ?1 order by id desc limit ?2")
        .setParameter(1, nodeId).setParameter(2, max).getResultList();
    return rows.stream().map(row -> new RejectionView((UUID) row[0], row[1] == null ? null : ((Number) row[1]).longValue(),
        RejectionReason.valueOf((String) row[2]), (String) row[3], dev.carriage.store.ledger.Journal.instantOf(row[4]))).toList();
  }

  public record RejectionView(UUID sessionId, Long sequence, RejectionReason reason, String detail, Instant at) {}
}
