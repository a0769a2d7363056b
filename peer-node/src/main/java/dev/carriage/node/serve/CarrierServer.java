package dev.carriage.node.serve;

import dev.carriage.grid.manifest.Sha256;
import dev.carriage.grid.receipt.SignedReceipt;
import dev.carriage.grid.ticket.InvalidTicketException;
import dev.carriage.grid.ticket.Ticket;
import dev.carriage.grid.ticket.Tickets;
import dev.carriage.grid.wire.RejectReason;
import dev.carriage.grid.wire.Wire;
import dev.carriage.node.NodeSettings;
import dev.carriage.node.net.Transport;
import dev.carriage.node.storage.PieceStore;
import dev.carriage.node.storage.StoredTitle;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.handler.traffic.ChannelTrafficShapingHandler;
import io.netty.handler.traffic.GlobalTrafficShapingHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.PublicKey;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The carrier's listening side. Each connection is admitted within the connection bounds (in
 * total and per remote address); its pipeline, top to bottom: idle timeout, the upload caps (all
 * connections together, then this connection), the pre-handshake guard (one handshake's bytes
 * within the deadline, removed once the handshake is verified), the frame codec, the serve
 * handler.
 */
public final class CarrierServer implements ServingNode, AutoCloseable {

  static final String IDLE = "idle";
  static final String TOTAL_CAP = "total-upload-cap";
  static final String CONNECTION_CAP = "connection-upload-cap";
  static final String SERVE = "serve";
  static final String GUARD = "pre-handshake-guard";
  private static final int IDLE_SECONDS = 120;
  private static final long SHAPING_CHECK_MS = 100;

  private final NodeSettings settings;
  private final PieceStore store;
  private final Function<String, PublicKey> storeKeys;
  private final String issuer;
  private final NodeControl control;
  private final String nodeName;
  private final Clock clock;
  private final ServeStats stats = new ServeStats();
  private final ReceiptOutbox receipts;
  private volatile Runnable sessionEndListener = () -> { };
  private final EventLoopGroup bossGroup = Transport.group(1);
  private final EventLoopGroup workerGroup = Transport.group(2);
  private final GlobalTrafficShapingHandler totalCap;
  private final ConnectionLimits limits;
  private Channel listener;
  /**
   * Ticket checks, the pause switch, title look-ups and receipt writes: off the event loops, on
   * a couple of threads with a bounded queue, so a flood of handshakes waits or is refused as busy.
   */
  private final java.util.concurrent.ThreadPoolExecutor work = new java.util.concurrent.ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS,
      new java.util.concurrent.ArrayBlockingQueue<>(WORK_QUEUED_MAX), runnable -> {
        Thread thread = new Thread(runnable, "carrier-work");
        thread.setDaemon(true);
        return thread;
      });
  private static final int WORK_QUEUED_MAX = 1024;
  /** The refusal as last read (by a handshake, or the once-a-second look), for the request path on the event loops. */
  private volatile Optional<RejectReason> lastRefusal = Optional.empty();

  public CarrierServer(NodeSettings settings, PieceStore store, Function<String, PublicKey> storeKeys, String issuer, String nodeName,
      Clock clock) {
    this.settings = settings;
    this.store = store;
    this.storeKeys = storeKeys;
    this.issuer = issuer;
    this.nodeName = nodeName;
    this.clock = clock;
    this.control = new NodeControl(settings.dataDirectory());
    this.receipts = new ReceiptOutbox(settings.dataDirectory().resolve("receipts"));
    this.totalCap = new GlobalTrafficShapingHandler(workerGroup, settings.uploadCapBytesPerSecond(), 0, SHAPING_CHECK_MS);
    this.limits = new ConnectionLimits(settings.connectionsMax(), settings.connectionsPerAddressMax());
  }

  /** Binds and starts serving; returns the port it listens on. */
  public int start() throws InterruptedException {
    ServerBootstrap bootstrap = Transport.server(bossGroup, workerGroup)
        .option(ChannelOption.SO_BACKLOG, 128)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel channel) {
            InetAddress from = channel.remoteAddress().getAddress();
            if (!limits.admit(from)) {
              channel.close();
              return;
            }
            channel.closeFuture().addListener(closed -> limits.release(from));
            configure(channel);
          }
        });
    listener = bootstrap.bind(settings.listenHost(), settings.listenPort()).sync().channel();
    refusal();
    workerGroup.scheduleAtFixedRate(() -> {
      try {
        work.execute(this::refusal);
      } catch (java.util.concurrent.RejectedExecutionException busy) {
        // The next look, a second later, or the next handshake reads it.
      }
    }, 1, 1, TimeUnit.SECONDS);
    return ((InetSocketAddress) listener.localAddress()).getPort();
  }

  /** The pipeline of one admitted connection; tests put it on an embedded channel to feed it hostile bytes. */
  void configure(Channel channel) {
    channel.pipeline().addLast(IDLE, new IdleStateHandler(IDLE_SECONDS, 0, 0, TimeUnit.SECONDS));
    channel.pipeline().addLast(TOTAL_CAP, totalCap);
    if (settings.connectionUploadCapBytesPerSecond() > 0) {
      channel.pipeline().addLast(CONNECTION_CAP,
          new ChannelTrafficShapingHandler(settings.connectionUploadCapBytesPerSecond(), 0, SHAPING_CHECK_MS));
    }
    channel.pipeline().addLast(GUARD, new PreHandshakeGuard(settings.handshakeDeadline(), stats));
    Wire.addCodec(channel.pipeline());
    channel.pipeline().addLast(SERVE, new ServeHandler(CarrierServer.this));
  }

  /** The most connections held at once since the carrier started. */
  public int connectionsPeak() {
    return limits.peak();
  }

  public int port() {
    return ((InetSocketAddress) listener.localAddress()).getPort();
  }

  /** Changes the total upload cap of a running node (bytes per second, 0 = none). */
  public void setUploadCap(long bytesPerSecond) {
    totalCap.setWriteLimit(bytesPerSecond);
  }

  @Override
  public Ticket verifyTicket(String encoded) throws InvalidTicketException {
    return Tickets.verify(encoded, storeKeys, issuer, clock);
  }

  @Override
  public boolean ticketStillValid(Ticket ticket) {
    return clock.instant().isBefore(ticket.expiresAt().plusSeconds(60));
  }

  /** Why the node will not serve right now, if it will not: the operator paused it, or it is outside its hours. */
  @Override
  public Optional<RejectReason> refusal() {
    Optional<RejectReason> refusal = Optional.empty();
    if (control.paused()) {
      refusal = Optional.of(RejectReason.PAUSED);
    } else if (!settings.servingHours().allows(clock.instant())) {
      refusal = Optional.of(RejectReason.OUTSIDE_SERVING_HOURS);
    }
    lastRefusal = refusal;
    return refusal;
  }

  @Override
  public Optional<RejectReason> lastRefusal() {
    return lastRefusal;
  }

  @Override
  public Optional<StoredTitle> title(UUID titleId, Sha256 manifestRoot) {
    return store.get(titleId).filter(stored -> stored.manifest().merkleRoot().matches(manifestRoot));
  }

  @Override
  public int requestsQueuedMax() {
    return settings.requestsQueuedMax();
  }

  @Override
  public boolean keepReceipt(SignedReceipt receipt) {
    return receipts.offer(receipt);
  }

  @Override
  public java.util.concurrent.Executor work() {
    return work;
  }

  @Override
  public ServeStats stats() {
    return stats;
  }

  /** The clients' receipts for what this node served, waiting to be submitted to the store. */
  public ReceiptOutbox receipts() {
    return receipts;
  }

  /** Called when a client that handed over receipts disconnects: a good moment to submit them. */
  public void onSessionEnd(Runnable listener) {
    sessionEndListener = listener;
  }

  @Override
  public void sessionEnded() {
    sessionEndListener.run();
  }

  @Override
  public String nodeName() {
    return nodeName;
  }

  @Override
  public void close() {
    if (listener != null) {
      listener.close().syncUninterruptibly();
    }
    totalCap.release();
    work.shutdown();
    workerGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    bossGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
