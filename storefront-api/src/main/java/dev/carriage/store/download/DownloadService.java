package dev.carriage.store.download;

import dev.carriage.grid.crypto.Ed25519Keys;
import dev.carriage.grid.manifest.Sha256;
import dev.carriage.grid.ticket.Ticket;
import dev.carriage.grid.ticket.Tickets;
import dev.carriage.store.StoreConfig;
import dev.carriage.store.metrics.StoreMetrics;
import dev.carriage.store.secrets.SecretColumn;
import dev.carriage.store.secrets.SecretsAtRest;
import dev.carriage.store.auth.SigningKeys;
import dev.carriage.store.grid.GridService;
import dev.carriage.store.grid.TitleContent;
import dev.carriage.store.licence.Licence;
import dev.carriage.store.licence.LicenceService;
import dev.carriage.store.order.Order;
import dev.carriage.store.order.OrderStatus;
import dev.carriage.store.problem.ProblemException;
import dev.carriage.store.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Opens download sessions, only for a licence that is valid right now: a ticket for the
 * title's current content, its manifest, its key and who can serve it.
 */
@ApplicationScoped
@Transactional
public class DownloadService {

  private final EntityManager entityManager;
  private final LicenceService licences;
  private final GridService grid;
  private final SigningKeys keys;
  private final SecretsAtRest secrets;
  private final StoreMetrics metrics;
  private final StoreConfig config;
  private final Clock clock;

  public DownloadService(EntityManager entityManager, LicenceService licences, GridService grid, SigningKeys keys, StoreConfig config,
      Clock clock, SecretsAtRest secrets, StoreMetrics metrics) {
    this.metrics = metrics;
    this.secrets = secrets;
    this.entityManager = entityManager;
    this.licences = licences;
    this.grid = grid;
    this.keys = keys;
    this.config = config;
    this.clock = clock;
  }

  public DownloadView open(UUID accountId, DownloadRequest request) {
    PublicKey clientKey = clientKey(request.clientKey());
    Licence licence = licences.requireValid(accountId, request.titleId());
    if (request.nodeId() != null) {
      grid.requireOwnNode(accountId, request.nodeId());
    }
    TitleContent content = grid.content(request.titleId())
        .orElseThrow(() -> new ProblemException(ProblemType.NO_CONTENT, "title " + request.titleId() + " has no content on the grid yet"));
    Instant now = clock.instant();
    Instant ticketExpiry = now.plus(config.grid().ticketLifetime());
    DownloadSession session = new DownloadSession(accountId, request.titleId(), licence.id(), saleServed(licence, now).orElse(null),
        request.nodeId(), now, ticketExpiry, clientKey.getEncoded(), content.merkleRoot());
    entityManager.persist(session);
    SigningKeys.Active key = keys.active();
    String ticket = Tickets.sign(
        new Ticket(session.id(), request.titleId(), Sha256.of(content.merkleRoot()), clientKey, now, ticketExpiry),
        key.privateKey(), key.keyId(), config.auth().issuer());
    var sources = grid.sources(request.titleId(), request.nodeId(), request.region());
    metrics.peerList(sources.size());
    return new DownloadView(
        session.id(),
        request.titleId(),
        new DownloadView.LicenceSummary(licence.id(), licence.kind(), licence.expiresAt().orElse(null)),
        now,
        ticket,
        ticketExpiry,
        Base64.getEncoder().encodeToString(content.signedManifest()),
        Base64.getEncoder().encodeToString(
            secrets.open(SecretColumn.CONTENT_KEY, content.titleId(), content.sealedContentKey())),
        sources);
  }

  /**
   * The sources of an open session as they are now, for a client to ask again while it downloads:
   * nodes that began serving the title since the session opened (other downloaders seeding as
   * they go, carriers that just filled) are in it, under the same limits as the first list.
   * Only the session's own account may ask, and only until its ticket expires.
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public List<GridService.Source> sources(UUID accountId, UUID sessionId, String region) {
    DownloadSession session = entityManager.find(DownloadSession.class, sessionId);
    if (session == null || !session.accountId().equals(accountId)) {
      throw ProblemException.notFound("download session", sessionId);
    }
    if (!clock.instant().isBefore(session.expiresAt())) {
      throw new ProblemException(ProblemType.CONFLICT, "download session " + sessionId + " has expired; open a new download");
    }
    List<GridService.Source> sources = grid.sources(session.titleId(), session.nodeId().orElse(null), region);
    metrics.peerList(sources.size());
    return sources;
  }

  /** The paid order whose hold is still open when the session starts: the sale its carriage is paid from. */
  private Optional<UUID> saleServed(Licence licence, Instant now) {
    return licence.orderId()
        .map(orderId -> entityManager.find(Order.class, orderId))
        .filter(order -> order.status() == OrderStatus.PAID)
        .filter(order -> order.holdUntil().map(now::isBefore).orElse(false))
        .map(Order::id);
  }

  private static PublicKey clientKey(String encoded) {
    try {
      return Ed25519Keys.decode(Base64.getDecoder().decode(encoded));
    } catch (IllegalArgumentException notAKey) {
      throw ProblemException.invalidField("clientKey", "must be an Ed25519 public key, X.509, base64");
    }
  }
}
