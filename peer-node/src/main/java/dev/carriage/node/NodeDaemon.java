package dev.carriage.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.carriage.node.identity.NodeIdentity;
import dev.carriage.node.serve.CarrierServer;
import dev.carriage.node.serve.NodeControl;
import dev.carriage.node.storage.PieceStore;
import dev.carriage.node.store.StoreApi;
import dev.carriage.node.store.StoreApiException;
import dev.carriage.node.store.StoreKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
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
    daemon.beat();
    long interval = settings.heartbeatInterval().toMillis();
    daemon.heartbeats.scheduleWithFixedDelay(daemon::beat, interval, interval, TimeUnit.MILLISECONDS);
    LOG.log(System.Logger.Level.INFO, "Node {0} serving {1} titles on {2}:{3}", identity.nodeId().orElseThrow(),
        store.titles().size(), settings.advertisedHost(), String.valueOf(server.port()));
    return daemon;
  }

  /** One heartbeat: quota, then the coordinator, then the status file. Never throws: the next one tries again. */
  void beat() {
    try {
      store.rescan(keys);
      store.enforceQuota(settings.diskQuotaBytes());
      List<StoreApi.Holding> holdings = store.titles().stream()
          .map(title -> new StoreApi.Holding(title.manifest().titleId(), title.heldCount(), title.complete()))
          .toList();
      api.heartbeat(identity.token(), new StoreApi.Heartbeat(settings.advertisedHost(), server.port(), server.refusal().isEmpty(),
          server.stats().activeConnections(), server.stats().sampleRate(), server.stats().bytesServed(), holdings));
      lastHeartbeatError = null;
    } catch (StoreApiException | IllegalStateException | IOException failed) {
      lastHeartbeatError = failed.getMessage();
      LOG.log(System.Logger.Level.WARNING, "Heartbeat failed: {0}", failed.getMessage());
    } catch (RuntimeException unexpected) {
      lastHeartbeatError = String.valueOf(unexpected);
      LOG.log(System.Logger.Level.ERROR, "Heartbeat failed", unexpected);
    }
    writeStatus();
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
    heartbeats.shutdownNow();
    server.close();
    store.close();
  }
}
