package dev.carriage.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.carriage.grid.manifest.Manifest;
import dev.carriage.grid.manifest.ManifestException;
import dev.carriage.grid.manifest.ManifestSigner;
import dev.carriage.grid.receipt.SignedReceipt;
import dev.carriage.node.client.Download;
import dev.carriage.node.client.DownloadProgress;
import dev.carriage.node.identity.NodeIdentity;
import dev.carriage.node.serve.CarrierServer;
import dev.carriage.node.serve.NodeControl;
import dev.carriage.node.storage.PieceStore;
import dev.carriage.node.storage.StoredTitle;
import dev.carriage.node.store.DownloadSession;
import dev.carriage.node.store.StoreApi;
import dev.carriage.node.store.StoreApiException;
import dev.carriage.node.store.StoreKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A running node: its identity, its pieces, its listening server and its heartbeat to the
 * coordinator, which also enforces the disk quota and writes {@code status.json} for
 * {@code peer-node status}.
 */
public final class NodeDaemon implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(NodeDaemon.class.getName());
  public static final String STATUS_FILE = "status.json";
  public static final String ISSUER = "carriage";

  private final NodeSettings settings;
  private final NodeIdentity identity;
  private final StoreApi api;
  private final StoreKeys keys;
  private final PieceStore store;
  private final CarrierServer server;
  private final NodeControl control;
  private final ScheduledExecutorService heartbeats;
  private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);
  private volatile String lastHeartbeatError;
  /** Sends ("Send to my node") being fetched now; one at a time, on their own thread, never on the heartbeat's. */
  private final java.util.Set<UUID> sending = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final java.util.concurrent.ExecutorService sendWorker = Executors.newSingleThreadExecutor(runnable -> {
    Thread thread = new Thread(runnable, "sends");
    thread.setDaemon(true);
    return thread;
  });
  private volatile Download sendingNow;
  private volatile UUID sendingTitle;
  /** The owner's player: what this node fetched, or is fetching, on a loopback address with a token (not on an origin). */
  private dev.carriage.node.play.PlayerEndpoint player;
  private dev.carriage.node.play.NodeLibrary library;
  private Download filling;
  /** Titles whose fill failed lately, and until when not to ask for them again. */
  private final java.util.Map<UUID, Instant> fillBackoff = new java.util.LinkedHashMap<>();
  private static final java.time.Duration FILL_BACKOFF = java.time.Duration.ofMinutes(5);
  private static final int FILL_BACKOFF_MAX = 100;
  private final Object receiptLock = new Object();
  private final List<java.util.function.Consumer<UUID>> fillListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<java.util.function.Consumer<UUID>> sentListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

  private NodeDaemon(NodeSettings settings, NodeIdentity identity, StoreApi api, StoreKeys keys, PieceStore store, CarrierServer server) {
    this.settings = settings;
    this.identity = identity;
    this.api = api;
    this.keys = keys;
    this.store = store;
    this.server = server;
    this.control = new NodeControl(settings.dataDirectory());
    this.heartbeats = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "heartbeat-" + settings.name());
      thread.setDaemon(true);
      return thread;
    });
  }

  /**
   * Starts a node. If it has never enrolled, {@code enrolmentToken} supplies a carrier's (or, for
   * the origin, an admin's) login token to enrol its key with.
   */
  public static NodeDaemon start(NodeSettings settings, Supplier<String> enrolmentToken) throws IOException, InterruptedException {
    NodeIdentity identity = NodeIdentity.loadOrCreate(settings.dataDirectory());
    StoreApi api = new StoreApi(settings.storeUrl());
    StoreKeys keys = new StoreKeys(api);
    if (identity.nodeId().isEmpty()) {
      UUID id = api.enroll(enrolmentToken.get(), identity.publicKeyBase64(), settings.name(), settings.region(), settings.origin());
      identity.enrolled(id);
      LOG.log(System.Logger.Level.INFO, "Enrolled as node {0}", id);
    }
    PieceStore store = PieceStore.open(settings.dataDirectory(), keys);
    CarrierServer server = new CarrierServer(settings, store, keys, ISSUER, identity.nodeId().orElseThrow().toString(), Clock.systemUTC());
    server.start();
    NodeDaemon daemon = new NodeDaemon(settings, identity, api, keys, store, server);
    server.onSessionEnd(daemon::submitReceiptsSoon);
    if (!settings.origin()) {
      daemon.startPlayer();
    }
    daemon.beat();
    long interval = settings.heartbeatInterval().toMillis();
    daemon.heartbeats.scheduleWithFixedDelay(daemon::beat, interval, interval, TimeUnit.MILLISECONDS);
    LOG.log(System.Logger.Level.INFO, "Node {0} serving {1} titles on {2}:{3}", identity.nodeId().orElseThrow(),
        store.titles().size(), settings.advertisedHost(), String.valueOf(server.port()));
    return daemon;
  }

  private void startPlayer() throws IOException {
    library = new dev.carriage.node.play.NodeLibrary(settings.dataDirectory().resolve("downloads"), titleId -> {
      Download now = sendingNow;
      return now != null && titleId.equals(sendingTitle) ? now.playable() : java.util.Optional.empty();
    });
    player = dev.carriage.node.play.PlayerEndpoint.start(library, 0);
    LOG.log(System.Logger.Level.INFO, "Playing fetched titles on 127.0.0.1:{0} (the address is in the store's library)",
        String.valueOf(player.port()));
  }

  /** The player's address with its token, when this node has one: what the owner's library page plays from. */
  public java.util.Optional<String> playerUrl() {
    return player == null ? java.util.Optional.empty() : java.util.Optional.of(player.baseUrl());
  }

  /** One heartbeat: quota, then the coordinator, then cache fill, then the status file. Never throws: the next one tries again. */
  synchronized void beat() {
    try {
      store.rescan(keys);
      store.enforceQuota(settings.diskQuotaBytes());
      List<StoreApi.Holding> holdings = store.titles().stream()
          .map(title -> new StoreApi.Holding(title.manifest().titleId(), title.heldCount(), title.complete()))
          .toList();
      List<String> disbelieved = api.heartbeat(identity.token(), new StoreApi.Heartbeat(settings.advertisedHost(), server.port(),
          server.refusal().isEmpty(), server.stats().activeConnections(), server.stats().sampleRate(), server.stats().bytesServed(), holdings,
          control.paused(), settings.servingHours().toString(), settings.uploadCapBytesPerSecond(), settings.connectionUploadCapBytesPerSecond(),
          playerUrl().orElse(null)));
      disbelieved.forEach(why -> LOG.log(System.Logger.Level.WARNING, "The coordinator does not list this node for {0}", why));
      lastHeartbeatError = null;
      submitReceipts();
      fillIfWanted();
      pickUpSends();
    } catch (StoreApiException | IllegalStateException | IOException failed) {
      lastHeartbeatError = failed.getMessage();
      LOG.log(System.Logger.Level.WARNING, "Heartbeat failed: {0}", failed.getMessage());
    } catch (RuntimeException unexpected) {
      lastHeartbeatError = String.valueOf(unexpected);
      LOG.log(System.Logger.Level.ERROR, "Heartbeat failed", unexpected);
    }
    writeStatus();
  }

  /**
   * Cache fill: when this carrier has room and is not already filling, it asks the coordinator
   * for an under-replicated title and fetches its ciphertext from the grid, like any client but
   * without a key. One title at a time; the next heartbeat after it completes asks again.
   */
  private void fillIfWanted() throws IOException {
    boolean full = settings.diskQuotaBytes() > 0 && store.heldBytes() >= settings.diskQuotaBytes();
    if (!settings.fill() || filling != null || full || server.refusal().isPresent()) {
      return;
    }
    fillBackoff.values().removeIf(until -> until.isBefore(Instant.now()));
    Optional<StoreApi.Fill> offered = api.nextFill(identity.token(), List.copyOf(fillBackoff.keySet()));
    if (offered.isEmpty()) {
      return;
    }
    StoreApi.Fill fill = offered.get();
    byte[] signed = Base64.getDecoder().decode(fill.manifest());
    Manifest manifest;
    try {
      manifest = ManifestSigner.verify(signed, keys);
    } catch (ManifestException untrusted) {
      LOG.log(System.Logger.Level.WARNING, "Refusing to cache title {0}: {1}", fill.titleId(), untrusted.getMessage());
      return;
    }
    StoredTitle target = store.create(manifest, signed);
    store.pin(manifest.titleId());
    DownloadSession session = new DownloadSession(UUID.randomUUID(), fill.titleId(), fill.ticket(), null, fill.manifest(), null,
        fill.sources());
    // A fill's ticket names this node's own key, which proves it in each handshake.
    filling = new Download(session, manifest, null, target, null, nodeId().toString(), identity.privateKey(), DownloadProgress.SILENT);
    LOG.log(System.Logger.Level.INFO, "Caching title {0} ({1} pieces) from {2} sources", fill.titleId(),
        String.valueOf(manifest.pieceCount()), String.valueOf(fill.sources().size()));
    // Async: the download completes under its own lock, and this takes the daemon's; never both on one thread.
    filling.start().whenCompleteAsync((done, failure) -> {
      store.unpin(manifest.titleId());
      synchronized (this) {
        filling = null;
        if (failure != null && fillBackoff.size() < FILL_BACKOFF_MAX) {
          fillBackoff.put(fill.titleId(), Instant.now().plus(FILL_BACKOFF));
        }
      }
      if (failure != null) {
        LOG.log(System.Logger.Level.WARNING, "Caching title {0} stopped: {1}", fill.titleId(), failure.getMessage());
      } else {
        fillListeners.forEach(listener -> listener.accept(fill.titleId()));
        // Announce it and ask for the next one now, rather than at the next heartbeat.
        if (!heartbeats.isShutdown()) {
          heartbeats.execute(this::beat);
        }
      }
    });
  }

  /**
   * "Send to my node": the titles the node's owner asked it to fetch, listed at each heartbeat.
   * Each is downloaded into this node's piece store (so it serves them too) and written decrypted
   * under {@code downloads/}, its progress reported to the store about once a second.
   */
  private void pickUpSends() {
    if (settings.origin()) {
      return;
    }
    for (StoreApi.Send send : api.pendingSends(identity.token())) {
      if (sending.add(send.sendId())) {
        sendWorker.execute(() -> fetch(send));
      }
    }
  }

  private void fetch(StoreApi.Send send) {
    try {
      Path output = dev.carriage.node.play.NodeLibrary.fileOf(Files.createDirectories(settings.dataDirectory().resolve("downloads")),
          send.titleId());
      SendProgress progress = new SendProgress(send.sendId());
      Download download = new dev.carriage.node.client.TitleFetcher(api, keys, store)
          .prepareSend(identity.token(), send, output, nodeId(), settings.region(), progress);
      sendingTitle = send.titleId();
      sendingNow = download;
      java.util.concurrent.ScheduledFuture<?> reporter = heartbeats.scheduleAtFixedRate(progress::report, 1, 1, TimeUnit.SECONDS);
      Download.Result result;
      try {
        result = download.start().get();
      } finally {
        reporter.cancel(false);
      }
      api.reportSend(identity.token(), send.sendId(), "done", result.contentBytes(), result.contentBytes(), "saved to " + output);
      LOG.log(System.Logger.Level.INFO, "Fetched title {0} as its owner asked: {1}", send.titleId(), output);
      sentListeners.forEach(listener -> listener.accept(send.sendId()));
    } catch (InterruptedException stopping) {
      Thread.currentThread().interrupt();
    } catch (Exception failed) {
      Throwable cause = failed instanceof java.util.concurrent.ExecutionException && failed.getCause() != null ? failed.getCause() : failed;
      LOG.log(System.Logger.Level.WARNING, "Fetching title {0} failed: {1}", send.titleId(), cause.getMessage());
      try {
        api.reportSend(identity.token(), send.sendId(), "failed", 0, 1, String.valueOf(cause.getMessage()));
      } catch (StoreApiException unreachable) {
        // The send stays active at the store; the next heartbeat lists it again.
      }
    } finally {
      sendingNow = null;
      sending.remove(send.sendId());
    }
  }

  /**
   * A send's latest bytes, recorded where the download calls (it may be a network thread, which
   * must not wait on the store) and reported by the heartbeat thread once a second.
   */
  private final class SendProgress implements DownloadProgress {
    private final UUID sendId;
    private volatile long held;
    private volatile long total;
    private volatile int sources;
    private long reported = -1;

    SendProgress(UUID sendId) {
      this.sendId = sendId;
    }

    @Override
    public void update(long held, long total, long rate, int sources) {
      this.held = held;
      this.total = total;
      this.sources = sources;
    }

    void report() {
      long now = held;
      if (total <= 0 || now >= total || now == reported) {
        return;
      }
      try {
        api.reportSend(identity.token(), sendId, "started", now, total, sources + " sources");
        reported = now;
      } catch (StoreApiException unreachable) {
        // The next second tries again.
      }
    }
  }

  /** What one round of receipt submission did: accepted by the store, refused for good, or to try again. */
  public record ReceiptSubmission(int accepted, int refused, int retrying) {}

  /**
   * Submits every held receipt. One the store refuses (4xx other than an authentication
   * failure) will never be taken, so it is dropped; one that could not be delivered stays for
   * the next heartbeat.
   */
  public ReceiptSubmission submitReceipts() {
    synchronized (receiptLock) {
      int accepted = 0;
      int refused = 0;
      int retrying = 0;
      for (SignedReceipt receipt : server.receipts().pending()) {
        try {
          api.submitReceipt(identity.token(), receipt.encode());
          server.receipts().done(receipt);
          accepted++;
        } catch (StoreApiException failed) {
          if (failed.status() >= 400 && failed.status() < 500 && failed.status() != 401 && failed.status() != 429) {
            LOG.log(System.Logger.Level.WARNING, "The store refused the receipt of session {0}: {1}", receipt.receipt().sessionId(),
                failed.getMessage());
            server.receipts().done(receipt);
            refused++;
          } else {
            retrying++;
          }
        }
      }
      return new ReceiptSubmission(accepted, refused, retrying);
    }
  }

  private void submitReceiptsSoon() {
    if (!heartbeats.isShutdown()) {
      try {
        heartbeats.execute(this::submitReceipts);
      } catch (java.util.concurrent.RejectedExecutionException closing) {
        // The node is stopping; the receipts are on disk for its next start.
      }
    }
  }

  /** Called with each send ("Send to my node") this node has finished, after the store was told. */
  public void onSent(java.util.function.Consumer<UUID> listener) {
    sentListeners.add(listener);
  }

  /** Called with each title this carrier has finished caching. */
  public void onFilled(java.util.function.Consumer<UUID> listener) {
    fillListeners.add(listener);
  }

  /** What {@code peer-node status} shows. */
  public record Status(UUID nodeId, String name, boolean origin, String address, boolean paused, String servingHours,
      boolean servingNow, long uploadCapBytesPerSecond, long connectionUploadCapBytesPerSecond, long diskQuotaBytes,
      long heldBytes, int activeConnections, long uploadBytesPerSecond, long bytesServed, List<TitleStatus> titles,
      String lastHeartbeatError, Instant updatedAt) {}

  public record TitleStatus(UUID titleId, int piecesHeld, int pieceCount, boolean complete, long bytesServed) {}

  public Status status() {
    List<TitleStatus> titles = store.titles().stream()
        .map(title -> new TitleStatus(title.manifest().titleId(), title.heldCount(), title.manifest().pieceCount(), title.complete(),
            server.stats().bytesServed(title.manifest().titleId())))
        .toList();
    return new Status(identity.nodeId().orElse(null), settings.name(), settings.origin(), settings.advertisedHost() + ":" + server.port(),
        control.paused(), settings.servingHours().toString(), server.refusal().isEmpty(), settings.uploadCapBytesPerSecond(),
        settings.connectionUploadCapBytesPerSecond(), settings.diskQuotaBytes(), store.heldBytes(), server.stats().activeConnections(),
        server.stats().bytesPerSecond(), server.stats().bytesServed(), titles, lastHeartbeatError, Instant.now());
  }

  private void writeStatus() {
    try {
      Path temporary = settings.dataDirectory().resolve(STATUS_FILE + ".tmp");
      json.writeValue(temporary.toFile(), status());
      Files.move(temporary, settings.dataDirectory().resolve(STATUS_FILE), StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException failed) {
      LOG.log(System.Logger.Level.WARNING, "Could not write the status file: {0}", failed.getMessage());
    }
  }

  public UUID nodeId() {
    return identity.nodeId().orElseThrow();
  }

  public NodeIdentity identity() {
    return identity;
  }

  public int port() {
    return server.port();
  }

  public PieceStore store() {
    return store;
  }

  public CarrierServer server() {
    return server;
  }

  public StoreKeys keys() {
    return keys;
  }

  public StoreApi api() {
    return api;
  }

  public NodeSettings settings() {
    return settings;
  }

  /** Makes a title's stored pieces known to the coordinator now, rather than at the next heartbeat. */
  public void announce() {
    beat();
  }

  @Override
  public void close() throws IOException {
    if (player != null) {
      player.close();
      library.close();
    }
    heartbeats.shutdownNow();
    sendWorker.shutdownNow();
    Download send = sendingNow;
    if (send != null) {
      send.cancel();
    }
    Download fill;
    synchronized (this) {
      fill = filling;
    }
    // Cancelled outside the daemon's lock: the fill's completion takes that lock (see fillIfWanted).
    if (fill != null) {
      fill.cancel();
    }
    server.close();
    store.close();
  }
}
