package dev.carriage.store.grid;

import dev.carriage.grid.manifest.Manifest;
import dev.carriage.grid.manifest.ManifestCodec;
import dev.carriage.grid.manifest.ManifestException;
import dev.carriage.grid.manifest.ManifestSigner;
import dev.carriage.grid.manifest.SignedManifest;
import dev.carriage.store.StoreConfig;
import dev.carriage.store.auth.SigningKeys;
import dev.carriage.store.catalog.Title;
import dev.carriage.store.problem.ProblemException;
import dev.carriage.store.problem.ProblemType;
import dev.carriage.store.secrets.SecretColumn;
import dev.carriage.store.secrets.Sealed;
import dev.carriage.store.secrets.SecretsAtRest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * The grid's coordinator: enrols nodes, keeps their heartbeats and holdings, registers published
 * content, and answers "who can serve this title" for a download session.
 */
@ApplicationScoped
@Transactional
public class GridService {

  private static final Logger LOG = Logger.getLogger(GridService.class);
  /** How many of the least replicated titles a fill looks at to find one still below its target. */
  private static final int FILL_CANDIDATES = 50;

  private final EntityManager entityManager;
  private final SigningKeys keys;
  private final StoreConfig config;
  private final Clock clock;
  private final SecretsAtRest secrets;

  public GridService(EntityManager entityManager, SigningKeys keys, StoreConfig config, Clock clock, SecretsAtRest secrets) {
    this.secrets = secrets;
    this.entityManager = entityManager;
    this.keys = keys;
    this.config = config;
    this.clock = clock;
  }

  public record Enrolled(UUID nodeId, String name, String region, boolean origin) {}

  public Enrolled enroll(UUID accountId, boolean callerIsAdmin, NodeRequests.Enroll request) {
    if (request.origin() && !callerIsAdmin) {
      throw new ProblemException(ProblemType.FORBIDDEN, "only an admin may enrol the store's origin");
    }
    byte[] publicKey;
    try {
      publicKey = Base64.getDecoder().decode(request.publicKey());
      NodeTokens.ed25519(publicKey);
    } catch (IllegalArgumentException notAKey) {
      throw ProblemException.invalidField("publicKey", "must be an Ed25519 public key, X.509, base64");
    }
    Optional<GridNode> existing = entityManager
        .createQuery("from GridNode n where n.publicKey = :key", GridNode.class)
        .setParameter("key", publicKey)
        .getResultStream()
        .findFirst();
    if (existing.isPresent()) {
      GridNode node = existing.get();
      if (!node.accountId().equals(accountId)) {
        throw new ProblemException(ProblemType.CONFLICT, "this node key is enrolled by another account");
      }
      return new Enrolled(node.id(), node.name(), node.region(), node.origin());
    }
    GridNode node = new GridNode(accountId, publicKey, request.name().strip(), request.region(), request.origin(), clock.instant());
    entityManager.persist(node);
    LOG.infof("Enrolled %s node %s (%s) for account %s", node.origin() ? "origin" : "carrier", node.id(), node.name(), accountId);
    return new Enrolled(node.id(), node.name(), node.region(), node.origin());
  }

  /**
   * A node the caller names as its own (a download into its cache): it must exist and belong to
   * the caller, or the field is refused, so no one can open sessions for another owner's node.
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public GridNode requireOwnNode(UUID accountId, UUID nodeId) {
    GridNode node = entityManager.find(GridNode.class, nodeId);
    if (node == null || !node.accountId().equals(accountId)) {
      throw ProblemException.invalidField("nodeId", "is not a node enrolled by this account");
    }
    return node;
  }

  /** The node behind a node token, or a 401. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public GridNode authenticate(String nodeToken) {
    return NodeTokens.verify(nodeToken, this::publicKeyOf, clock)
        .map(id -> entityManager.find(GridNode.class, id))
        .orElseThrow(() -> new ProblemException(ProblemType.UNAUTHENTICATED, "the node token is missing, invalid or expired"));
  }

  private java.security.PublicKey publicKeyOf(UUID nodeId) {
    GridNode node = entityManager.find(GridNode.class, nodeId);
    return node == null ? null : NodeTokens.ed25519(node.publicKey());
  }

  /**
   * Records a heartbeat from {@code remoteAddress}: refused whole (400 on {@code host}) when the
   * host is not where it came from; otherwise the node's state is replaced, with the holdings
   * the store believes (see {@link HeartbeatClaims}). Returns the holdings it did not believe.
   */
  public List<HeartbeatClaims.Refused> heartbeat(UUID nodeId, NodeRequests.Heartbeat beat, String remoteAddress) {
    HeartbeatClaims.hostRefusal(beat.host(), remoteAddress).ifPresent(why -> {
      throw ProblemException.invalidField("host", why);
    });
    GridNode node = entityManager.find(GridNode.class, nodeId, LockModeType.PESSIMISTIC_WRITE);
    Instant now = clock.instant();
    node.heartbeat(beat, now);
    List<UUID> claimed = beat.holdings().stream().map(NodeRequests.Holding::titleId).distinct().toList();
    Map<UUID, Integer> pieceCounts = new HashMap<>();
    Set<UUID> handed = new HashSet<>();
    if (!claimed.isEmpty()) {
      entityManager.createQuery("select c.titleId, c.pieceCount from TitleContent c where c.titleId in (:titles)", Object[].class)
          .setParameter("titles", claimed).getResultList()
          .forEach(row -> pieceCounts.put((UUID) row[0], (Integer) row[1]));
      handed.addAll(node.origin() ? claimed : handedToNode(nodeId, claimed));
    }
    entityManager.createNativeQuery("delete from node_holding where node_id = ?1").setParameter(1, nodeId).executeUpdate();
    List<HeartbeatClaims.Refused> refused = new ArrayList<>();
    for (NodeRequests.Holding holding : beat.holdings()) {
      Optional<String> why = HeartbeatClaims.holdingRefusal(holding, pieceCounts.get(holding.titleId()), handed.contains(holding.titleId()));
      if (why.isPresent()) {
        refused.add(new HeartbeatClaims.Refused(holding.titleId(), why.get()));
        continue;
      }
      entityManager
          .createNativeQuery("insert into node_holding (node_id, title_id, pieces_held, complete, updated_at) values (?1, ?2, ?3, ?4, ?5)"
              + " on conflict (node_id, title_id) do update set pieces_held = excluded.pieces_held, complete = excluded.complete")
          .setParameter(1, nodeId)
          .setParameter(2, holding.titleId())
          .setParameter(3, holding.piecesHeld())
          .setParameter(4, holding.complete())
          .setParameter(5, now)
          .executeUpdate();
    }
    if (!refused.isEmpty()) {
      LOG.infof("Node %s claimed %d holdings the store does not believe, first: %s", nodeId, refused.size(), refused.get(0));
    }
    return refused;
  }

  /** Of these titles, those the store gave this node to fetch: a cache fill, or a download session naming it. */
  private List<UUID> handedToNode(UUID nodeId, List<UUID> titles) {
    @SuppressWarnings("unchecked")
    List<UUID> handed = entityManager.createNativeQuery("select title_id from node_fill where node_id = :node and title_id in (:titles)"
            + " union select title_id from download_session where node_id = :node and title_id in (:titles)", UUID.class)
        .setParameter("node", nodeId).setParameter("titles", titles).getResultList();
    return handed;
  }

  /**
   * Registers new content for a title: checks the manifest, signs it with the store's key and
   * keeps it with its content key. Returns the signed manifest, which the origin stores.
   */
  public byte[] publish(UUID callerId, boolean callerIsAdmin, UUID titleId, NodeRequests.Publish request) {
    requirePublisherOf(titleId, callerId, callerIsAdmin);
    Manifest manifest;
    byte[] contentKey;
    try {
      manifest = ManifestCodec.decode(Base64.getDecoder().decode(request.manifest()));
    } catch (ManifestException | IllegalArgumentException bad) {
      throw ProblemException.invalidField("manifest", bad.getMessage());
    }
    try {
      contentKey = Base64.getDecoder().decode(request.contentKey());
    } catch (IllegalArgumentException bad) {
      throw ProblemException.invalidField("contentKey", "must be base64");
    }
    if (contentKey.length != 32) {
      throw ProblemException.invalidField("contentKey", "must be 32 bytes");
    }
    if (!manifest.titleId().equals(titleId)) {
      throw ProblemException.invalidField("manifest", "is for title " + manifest.titleId() + ", not " + titleId);
    }
    SigningKeys.Active key = keys.active();
    SignedManifest signed = ManifestSigner.sign(manifest, key.privateKey(), key.keyId());
    byte[] encoded = signed.encode();
    TitleContent content = entityManager.find(TitleContent.class, titleId, LockModeType.PESSIMISTIC_WRITE);
    Sealed sealed = secrets.seal(SecretColumn.CONTENT_KEY, titleId, contentKey);
    java.util.Arrays.fill(contentKey, (byte) 0);
    if (content == null) {
      entityManager.persist(new TitleContent(titleId, encoded, manifest.merkleRoot().bytes(), sealed, manifest.contentSizeBytes(),
          manifest.pieceCount(), request.sourceDigest(), clock.instant()));
    } else {
      content.replace(encoded, manifest.merkleRoot().bytes(), sealed, manifest.contentSizeBytes(), manifest.pieceCount(),
          request.sourceDigest(), clock.instant());
    }
    entityManager.find(Title.class, titleId).contentPublished(manifest.contentSizeBytes(), clock.instant());
    LOG.infof("Published content of title %s: %d bytes in %d pieces, root %s", titleId, manifest.contentSizeBytes(),
        manifest.pieceCount(), manifest.merkleRoot());
    return encoded;
  }

  /**
   * Signs every stored manifest not signed by the active key again with it (after a key
   * rotation), so downloads and carriers fetching a manifest get one the new key signed.
   * Safe to repeat: a manifest already signed by the active key is left alone.
   */
  public int resignManifests() {
    SigningKeys.Active key = keys.active();
    int resigned = 0;
    for (TitleContent content : entityManager.createQuery("from TitleContent", TitleContent.class).getResultList()) {
      SignedManifest signed;
      try {
        signed = ManifestCodec.decodeSigned(content.signedManifest());
      } catch (ManifestException unreadable) {
        throw new IllegalStateException("the stored manifest of title " + content.titleId() + " is unreadable", unreadable);
      }
      if (!signed.keyId().equals(key.keyId())) {
        content.resign(ManifestSigner.sign(signed.manifest(), key.privateKey(), key.keyId()).encode());
        resigned++;
      }
    }
    return resigned;
  }

  @Transactional(Transactional.TxType.SUPPORTS)
  public Optional<TitleContent> content(UUID titleId) {
    return Optional.ofNullable(entityManager.find(TitleContent.class, titleId));
  }

  /** A title for a carrier to fetch into its cache, with what it needs to fetch it (never the key). */
  public record Fill(UUID titleId, String ticket, String manifest, List<Source> sources) {}

  /**
   * Cache fill: the title with published content that this carrier does not hold complete and
   * that the fewest healthy carriers hold, if fewer than the replica target. The ticket names the
   * node's own key; a fill is not a sale, so no download session is recorded for it.
   */
  public Optional<Fill> nextFill(GridNode node, List<UUID> skip) {
    if (node.origin()) {
      return Optional.empty();
    }
    List<UUID> skipped = skip.isEmpty() ? List.of(new UUID(0, 0)) : skip;
    Instant healthySince = healthySince();
    // The least replicated first; a title is wanted while it has fewer carriers than its target.
    Optional<TitleContent> wanted = entityManager
        .createQuery("select c, (select count(h) from NodeHolding h, GridNode n where h.titleId = c.titleId and h.nodeId = n.id"
            + " and h.complete = true and n.origin = false and n.lastSeenAt >= :since) as carriers from TitleContent c"
            + " where not exists (select 1 from NodeHolding mine where mine.nodeId = :node and mine.titleId = c.titleId"
            + " and mine.complete = true)"
            + " and c.titleId not in (:skipped)"
            // Only what someone healthy can serve it from: a title with no live source would fail at once.
            + " and exists (select 1 from NodeHolding s, GridNode sn where s.titleId = c.titleId and s.nodeId = sn.id"
            + " and s.complete = true and sn.serving = true and sn.lastSeenAt >= :since and sn.id <> :node)"
            + " order by carriers, c.titleId", Object[].class)
        .setParameter("since", healthySince)
        .setParameter("node", node.id())
        .setParameter("skipped", skipped)
        .setMaxResults(FILL_CANDIDATES)
        .getResultStream()
        .filter(row -> (Long) row[1] < target((TitleContent) row[0]))
        .map(row -> (TitleContent) row[0])
        .findFirst();
    if (wanted.isEmpty()) {
      return Optional.empty();
    }
    TitleContent content = wanted.get();
    Instant now = clock.instant();
    // What the node may claim to hold from now on: the store handed it this title.
    entityManager.createNativeQuery("insert into node_fill (node_id, title_id, issued_at) values (?1, ?2, ?3)"
            + " on conflict (node_id, title_id) do update set issued_at = excluded.issued_at")
        .setParameter(1, node.id()).setParameter(2, content.titleId()).setParameter(3, now).executeUpdate();
    SigningKeys.Active key = keys.active();
    String ticket = dev.carriage.grid.ticket.Tickets.sign(
        new dev.carriage.grid.ticket.Ticket(UUID.randomUUID(), content.titleId(), dev.carriage.grid.manifest.Sha256.of(content.merkleRoot()),
            NodeTokens.ed25519(node.publicKey()), now, now.plus(config.grid().ticketLifetime())),
        key.privateKey(), key.keyId(), config.auth().issuer());
    return Optional.of(new Fill(content.titleId(), ticket, Base64.getEncoder().encodeToString(content.signedManifest()),
        sources(content.titleId(), node.id(), node.region())));
  }

  private int target(TitleContent content) {
    return content.replicasTarget().orElse(config.grid().replicasTarget());
  }

  /** Heard from since then means healthy: now less the heartbeat timeout (see {@link GridNode#healthy}). */
  public Instant healthySince() {
    return clock.instant().minus(config.grid().heartbeatTimeout());
  }

  /** A title's replication: what its publisher asked for and how many healthy carriers hold it. */
  public record Replicas(UUID titleId, int target, long complete, long partial) {}

  @Transactional(Transactional.TxType.SUPPORTS)
  public Replicas replicas(UUID titleId) {
    TitleContent content = content(titleId).orElseThrow(() -> new ProblemException(ProblemType.NO_CONTENT,
        "title " + titleId + " has no content on the grid yet"));
    return replicas(List.of(content)).get(titleId);
  }

  /** A holding {@code h} of node {@code n} that counts as a replica: a carrier (not the origin) heard from since {@code :since}, holding pieces. */
  private static final String HEALTHY_CARRIER_HOLDING = "h.nodeId = n.id and n.origin = false and n.lastSeenAt >= :since and h.piecesHeld > 0";

  /** Titles on the grid that no healthy carrier holds a piece of: only the origin can serve them. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public long titlesWithoutHealthyCarrier() {
    return entityManager.createQuery("select count(c) from TitleContent c where not exists (select h.titleId from NodeHolding h, GridNode n"
            + " where h.titleId = c.titleId and " + HEALTHY_CARRIER_HOLDING + ")", Long.class)
        .setParameter("since", healthySince()).getSingleResult();
  }

  /** The replication of several titles, in one query: the operator's grid view lists them all. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public java.util.Map<UUID, Replicas> replicas(List<TitleContent> contents) {
    java.util.Map<UUID, long[]> counts = new java.util.HashMap<>();
    contents.forEach(content -> counts.put(content.titleId(), new long[2]));
    if (!contents.isEmpty()) {
      for (Object[] count : entityManager
          .createQuery("select h.titleId, h.complete, count(h) from NodeHolding h, GridNode n where h.titleId in :titles and "
              + HEALTHY_CARRIER_HOLDING + " group by h.titleId, h.complete", Object[].class)
          .setParameter("titles", List.copyOf(counts.keySet()))
          .setParameter("since", healthySince())
          .getResultList()) {
        counts.get((UUID) count[0])[(Boolean) count[1] ? 0 : 1] = (Long) count[2];
      }
    }
    java.util.Map<UUID, Replicas> replicas = new java.util.LinkedHashMap<>();
    contents.forEach(content -> replicas.put(content.titleId(),
        new Replicas(content.titleId(), target(content), counts.get(content.titleId())[0], counts.get(content.titleId())[1])));
    return replicas;
  }

  /** Sets how many carriers should cache the title: its publisher's (or an admin's) call. */
  public Replicas wantReplicas(UUID callerId, boolean callerIsAdmin, UUID titleId, int target) {
    requirePublisherOf(titleId, callerId, callerIsAdmin);
    TitleContent content = entityManager.find(TitleContent.class, titleId, LockModeType.PESSIMISTIC_WRITE);
    if (content == null) {
      throw new ProblemException(ProblemType.NO_CONTENT, "title " + titleId + " has no content on the grid yet");
    }
    content.wantReplicas(target);
    return replicas(titleId);
  }

  /** The title's own publisher (or an admin) decides its content and replication; anyone else is refused. */
  private void requirePublisherOf(UUID titleId, UUID callerId, boolean callerIsAdmin) {
    Title title = entityManager.find(Title.class, titleId);
    if (title == null) {
      throw ProblemException.notFound("title", titleId);
    }
    if (!callerIsAdmin && !title.publisher().id().equals(callerId)) {
      throw new ProblemException(ProblemType.FORBIDDEN, "title " + titleId + " belongs to another publisher");
    }
  }

  /** A node a client may fetch pieces from. */
  public record Source(UUID nodeId, String host, int port, boolean origin, String region, int piecesHeld, boolean complete) {}

  /**
   * Healthy, serving nodes that hold some of the title, or that fetch it while serving (a
   * downloader seeding as it goes announces each piece it verifies to those connected, as
   * BitTorrent leechers do, so a flash crowd trades among itself): carriers first, chosen at random in
   * proportion to their score (the rate the store verified, over current load, more near the
   * client), so no one carrier is handed every client, and at most
   * {@code sources-per-owner-max} from one account and from one address, so sybils cannot fill a
   * list; then the origin, which is always there.
   */
  @Transactional(Transactional.TxType.SUPPORTS)
  public List<Source> sources(UUID titleId, UUID requestingNode, String clientRegion) {
    Instant healthySince = healthySince();
    List<Object[]> rows = entityManager
        .createQuery("select n, h.piecesHeld, h.complete from GridNode n, NodeHolding h"
            + " where h.nodeId = n.id and h.titleId = :title and (h.piecesHeld > 0 or n.origin = false) and n.serving = true"
            + " and n.lastSeenAt >= :since and n.host is not null", Object[].class)
        .setParameter("title", titleId)
        .setParameter("since", healthySince)
        .getResultList();
    List<UUID> nodeIds = rows.stream().map(row -> ((GridNode) row[0]).id()).toList();
    Map<UUID, VerifiedRate> rates = verifiedRates(nodeIds);
    List<Candidate> carriers = new ArrayList<>();
    List<Source> origins = new ArrayList<>();
    for (Object[] row : rows) {
      GridNode node = (GridNode) row[0];
      if (node.id().equals(requestingNode)) {
        continue;
      }
      Source source = new Source(node.id(), node.host(), node.port(), node.origin(), node.region(), (Integer) row[1], (Boolean) row[2]);
      if (node.origin()) {
        origins.add(source);
      } else {
        double score = score(node, source, clientRegion, rates.getOrDefault(node.id(), VerifiedRate.NONE));
        carriers.add(new Candidate(source, node.accountId(), Math.pow(ThreadLocalRandom.current().nextDouble(), 1.0 / score)));
      }
    }
    List<Source> ranked = new ArrayList<>();
    Map<UUID, Integer> perOwner = new HashMap<>();
    Map<String, Integer> perHost = new HashMap<>();
    int most = config.grid().sourcesPerOwnerMax();
    for (Candidate candidate : carriers.stream().sorted(Comparator.comparingDouble(Candidate::key).reversed()).toList()) {
      if (ranked.size() >= config.grid().sourcesMax()) {
        break;
      }
      String host = candidate.source().host();
      boolean sharedAddress = !isLoopback(host);
      if (perOwner.getOrDefault(candidate.owner(), 0) >= most || sharedAddress && perHost.getOrDefault(host, 0) >= most) {
        continue;
      }
      perOwner.merge(candidate.owner(), 1, Integer::sum);
      if (sharedAddress) {
        perHost.merge(host, 1, Integer::sum);
      }
      ranked.add(candidate.source());
    }
    ranked.addAll(origins);
    return ranked;
  }

  private record Candidate(Source source, UUID owner, double key) {}

  /**
   * What the store verified of each node over {@link VerifiedRate#WINDOW}: the bytes receipts
   * credited to it, and the time from each session's start to its last credited piece there.
   */
  private Map<UUID, VerifiedRate> verifiedRates(List<UUID> nodeIds) {
    Map<UUID, long[]> bytes = new HashMap<>();
    Map<UUID, Double> seconds = new HashMap<>();
    if (nodeIds.isEmpty()) {
      return Map.of();
    }
    @SuppressWarnings("unchecked")
    List<Object[]> sessions = entityManager.createNativeQuery(
            "select c.node_id, c.bytes, extract(epoch from (c.last_credit - s.created_at)) from"
                + " (select node_id, session_id, sum(bytes) as bytes, max(credited_at) as last_credit from carriage_credit"
                + "  where node_id in (:nodes) and credited_at >= :since group by node_id, session_id) c"
                + " join download_session s on s.id = c.session_id")
        .setParameter("nodes", nodeIds).setParameter("since", clock.instant().minus(VerifiedRate.WINDOW))
        .getResultList();
    for (Object[] session : sessions) {
      UUID node = (UUID) session[0];
      bytes.computeIfAbsent(node, id -> new long[1])[0] += ((Number) session[1]).longValue();
      seconds.merge(node, VerifiedRate.sessionSeconds(((Number) session[2]).doubleValue()), Double::sum);
    }
    Map<UUID, VerifiedRate> rates = new HashMap<>();
    bytes.forEach((node, total) -> rates.put(node, VerifiedRate.of(total[0], seconds.get(node))));
    return rates;
  }

  /** Carriers on the store's own machine (a local run): no remote peer can advertise one, since a host must be where its heartbeat came from. */
  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException unresolvable) {
      return false;
    }
  }

  /** Higher is better: the verified rate over load, nearer and fuller preferred. A node's own claims of speed count for nothing. */
  private static double score(GridNode node, Source source, String clientRegion, VerifiedRate verified) {
    double score = (double) verified.bytesPerSecond() / (1 + node.activeConnections());
    if (clientRegion != null && clientRegion.equals(node.region())) {
      score *= 2;
    }
    if (!source.complete()) {
      score /= 2;
    }
    return score / 1_000_000;
  }
}
