package dev.carriage.node.client;

import dev.carriage.grid.crypto.ContentKey;
import dev.carriage.grid.crypto.CryptoProvider;
import dev.carriage.grid.manifest.Manifest;
import dev.carriage.grid.receipt.Receipt;
import dev.carriage.grid.receipt.ReceiptCodec;
import dev.carriage.grid.ticket.HandshakeProof;
import dev.carriage.grid.wire.Frame;
import dev.carriage.grid.wire.WireLimits;
import dev.carriage.grid.wire.Wire;
import dev.carriage.node.net.Transport;
import dev.carriage.node.storage.PieceSink;
import dev.carriage.node.storage.StoredTitle;
import dev.carriage.node.store.DownloadSession;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Fetches one title from several sources at once and writes the decrypted file.
 *
 * <p>This class is the connection layer: it speaks the wire protocol to each source
 * ({@link SourceLink}) and acts on what the {@link PieceScheduler} decides (which whole piece to
 * ask whom for, rarest first, pipelined about a second deep, duplicated in the endgame). Each
 * piece is put together from its blocks by a {@link PieceAssembly}, then hashed and written by a
 * worker thread, never on an event loop. Since a piece comes whole from one source, a bad hash
 * names that source, which is banned at once and its pieces go to others; a source that
 * vanishes hands its pieces back. Verified pieces go straight to their {@link PieceSink}: a
 * carrying node's piece store (which serves them meanwhile), or a buyer's plain file, each
 * piece decrypted and written once. Either way an interrupted download resumes where it stopped.
 */
public final class Download {

  private static final System.Logger LOG = System.getLogger(Download.class.getName());
  private static final int BLOCK_LENGTH = 128 * 1024;
  /** How far ahead each source is kept busy: about this much of its own rate, within bounds. */
  private static final double PIPELINE_SECONDS = 1.0;
  private static final long PIPELINE_BYTES_MIN = 2L * BLOCK_LENGTH;
  /** Kept under what a carrier queues per connection (64 blocks), so a fast client is never refused as busy. */
  private static final long PIPELINE_BYTES_MAX = 32L * BLOCK_LENGTH;
  /**
   * At most this many whole pieces wait for a verifier; past it no new piece is requested until
   * one is verified, so a download's memory stays bounded when the CPU is slower than the network.
   */
  private static final int VERIFYING_MAX = 8;
  /** Bytes asked for and not yet received, from all sources together: what the pieces being assembled may hold. */
  private static final long IN_FLIGHT_BYTES_MAX = 16L << 20;
  private static final Duration STALL_LIMIT = Duration.ofSeconds(60);
  /** How often the store is asked for the session's sources again, and how many connections a download may open in all. */
  private static final Duration SOURCES_REFRESH_EVERY = Duration.ofSeconds(5);
  private static final int LINKS_MAX = 16;
  /** While streaming, how far ahead of the playhead pieces get deadlines, and how often late ones are looked for. */
  private static final double STREAM_WINDOW_SECONDS = 8;
  private static final int STREAM_WINDOW_PIECES_MIN = 2;
  private static final long STREAM_CHECK_MILLIS = 100;
  /** The rate a player is presumed to read at when none was given: 1 MB/s, enough for most video. */
  public static final long STREAM_RATE_DEFAULT = 1_000_000;
  /** Receipts to one source go out at most this often; the last one always goes out at the end. */
  private static final long RECEIPT_INTERVAL_NANOS = Duration.ofMillis(200).toNanos();

  /** What happened: for the caller, the tests, and (per source) what the receipts claimed. */
  public record Result(Path output, long contentBytes, int piecesAlreadyHeld, int piecesFetched, Map<UUID, BitSet> piecesBySource,
      Set<UUID> banned, Duration took) {}

  private final DownloadSession session;
  private final Manifest manifest;
  private final ContentKey key;
  /** Where verified pieces go: the piece store (with the plain file written beside it) or, for a buyer who does not carry, the plain file alone. */
  private final PieceSink target;
  private final Path output;
  private final String clientName;
  private final DownloadProgress progress;
  private final Random random = new Random();
  private final EventLoopGroup group = Transport.group(2);
  private final List<SourceLink> links = new ArrayList<>();
  private final Map<UUID, BitSet> acceptedBySource = new HashMap<>();
  private final Set<UUID> banned = new LinkedHashSet<>();
  private final CompletableFuture<Result> result = new CompletableFuture<>();
  /** What to ask whom for; made once the pieces already on disk are known. */
  private PieceScheduler<SourceLink> scheduler;
  /** The arrays pieces are assembled in, reused; as many as can be in flight, waiting for a verifier and queued for decryption. */
  private final PieceBuffers buffers;
  /** Accepted pieces on their way to the plain file, and whether the finish has begun. */
  private int submitting;
  private boolean finishing;
  private int piecesAlreadyHeld;
  private int piecesFetched;
  private long startNanos;
  private long lastProgressNanos;
  private long bytesHeldAtStart;
  private long bytesHeld;
  private io.netty.handler.traffic.GlobalTrafficShapingHandler downloadCap;
  private PlainFileWriter plainFile;
  /** The private half of the key the ticket names: it proves the ticket in each handshake, and signs receipts when asked to. */
  private final PrivateKey ticketKey;
  private boolean signsReceipts;
  private Supplier<List<DownloadSession.Source>> sourcesNow;
  /** Bytes per second a player reads while streaming; 0 while not. */
  private long streamBytesPerSecond;
  /** Whether the native crypto provider was asked to load, once a stream's first second was in. */
  private boolean nativeCryptoAsked;
  /** What players read, made when first asked for. */
  private dev.carriage.node.play.Playable playable;
  private final Map<UUID, Long> receiptSequences = new HashMap<>();

  /**
   * A download into the piece store's {@code target}. With a key and an output the plain file is
   * written beside it as pieces verify; without (a carrier filling its cache, which never has
   * the key) only the ciphertext is kept.
   */
  public Download(DownloadSession session, Manifest manifest, ContentKey key, StoredTitle target, Path output, String clientName,
      PrivateKey ticketKey, DownloadProgress progress) {
    this(session, manifest, key, (PieceSink) target, output, clientName, ticketKey, progress);
    if ((key == null) != (output == null)) {
      throw new IllegalArgumentException("a key and an output go together");
    }
  }

  /** A buyer's download that does not carry: each piece is decrypted and written once, into {@code plain}. */
  public Download(DownloadSession session, PlainFile plain, String clientName, PrivateKey ticketKey, DownloadProgress progress) {
    this(session, plain.manifest(), null, plain, plain.output(), clientName, ticketKey, progress);
  }

  private Download(DownloadSession session, Manifest manifest, ContentKey key, PieceSink target, Path output, String clientName,
      PrivateKey ticketKey, DownloadProgress progress) {
    this.session = session;
    this.manifest = manifest;
    this.key = key;
    this.target = target;
    this.output = output;
    this.clientName = clientName;
    this.ticketKey = java.util.Objects.requireNonNull(ticketKey, "ticketKey");
    this.progress = progress;
    int inFlight = (int) (IN_FLIGHT_BYTES_MAX / manifest.pieceSizeBytes()) + 2;
    this.buffers = new PieceBuffers(manifest.storedLength(0), inFlight + VERIFYING_MAX + PlainFileWriter.QUEUED_PIECES_MAX);
  }

  /** The plain file this download writes its pieces into, when it keeps no ciphertext (a buyer's, a stream's). */
  public java.util.Optional<PlainFile> plainFile() {
    return target instanceof PlainFile plain ? java.util.Optional.of(plain) : java.util.Optional.empty();
  }

  /**
   * The decrypted title as a player reads it while this download runs: each read waits for its
   * piece and moves the playhead there (streaming from then on, at the stream's rate or
   * {@link #STREAM_RATE_DEFAULT}). Empty for a cache fill, which has no key; available once started.
   */
  public synchronized java.util.Optional<dev.carriage.node.play.Playable> playable() {
    dev.carriage.node.play.PlainPieces pieces = target instanceof PlainFile plain ? plain : plainFile;
    if (playable == null && pieces != null) {
      playable = new dev.carriage.node.play.StreamedContent(pieces, this::playFrom); // one, however many readers ask
    }
    return java.util.Optional.ofNullable(playable);
  }

  /** The store's session this download runs in. */
  public UUID sessionId() {
    return session.sessionId();
  }

  /** Caps what this download receives from all its sources together (bytes per second); call before start. */
  public Download limitDownload(long bytesPerSecond) {
    downloadCap = new io.netty.handler.traffic.GlobalTrafficShapingHandler(group, 0, bytesPerSecond, 100);
    return this;
  }

  /**
   * Signs a cumulative receipt for each carrier with the ticket's (ephemeral) key, handed to the
   * carrier as pieces from it are accepted; call before start. A cache fill, which pays no
   * one, signs none.
   */
  public Download signReceipts() {
    this.signsReceipts = true;
    return this;
  }

  /**
   * Asks {@code sourcesNow} (the store) for the session's sources every few seconds while the
   * download runs, and connects to those it has not tried, up to {@link #LINKS_MAX} in all: in a
   * flash crowd the other downloaders start serving after this one's list was made. Call before start.
   */
  public Download refreshSources(Supplier<List<DownloadSession.Source>> sourcesNow) {
    this.sourcesNow = sourcesNow;
    return this;
  }

  /**
   * Streams: the pieces a player reads at {@code bytesPerSecond} come first, from the start of
   * the title until {@link #playFrom} moves the playhead. Call before start.
   */
  public Download stream(long bytesPerSecond) {
    if (bytesPerSecond < 1) {
      throw new IllegalArgumentException("a stream's rate: " + bytesPerSecond + " bytes per second");
    }
    this.streamBytesPerSecond = bytesPerSecond;
    return this;
  }

  /**
   * A player reads from {@code contentOffset} now (a start, a seek, or reading on): the pieces
   * from there are due one after another at the stream's rate, on the playing clock
   * ({@link PieceScheduler.StreamWindow#readFrom}): the first at once after a start or a seek.
   */
  public synchronized void playFrom(long contentOffset) {
    if (streamBytesPerSecond == 0 && scheduler != null && !result.isDone()) {
      streamBytesPerSecond = STREAM_RATE_DEFAULT; // a player began reading a download started without streaming
      group.scheduleAtFixedRate(this::refill, STREAM_CHECK_MILLIS, STREAM_CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }
    if (streamBytesPerSecond == 0 || scheduler == null || contentOffset < 0 || contentOffset >= manifest.contentSizeBytes()) {
      return;
    }
    int piece = (int) (contentOffset / manifest.pieceSizeBytes());
    long nanosPerPiece = Math.max(1, (long) (manifest.pieceSizeBytes() * 1e9 / streamBytesPerSecond));
    int pieces = Math.max(STREAM_WINDOW_PIECES_MIN, (int) Math.ceil(STREAM_WINDOW_SECONDS * 1e9 / nanosPerPiece));
    long now = System.nanoTime();
    PieceScheduler.StreamWindow window = scheduler.window().filter(open -> open.nanosPerPiece() == nanosPerPiece)
        .map(open -> open.readFrom(piece, now)).orElseGet(() -> new PieceScheduler.StreamWindow(piece, pieces, now, nanosPerPiece));
    scheduler.stream(window).forEach(this::cancel);
    fill();
  }

  /** Starts fetching; the future completes when the decrypted file is written, or fails. */
  public CompletableFuture<Result> start() {
    startNanos = System.nanoTime();
    lastProgressNanos = startNanos;
    int dropped = target.reverify();
    if (dropped > 0) {
      progress.message(dropped + " pieces on disk did not verify and will be fetched again");
    }
    int[] lengths = new int[manifest.pieceCount()];
    for (int piece = 0; piece < lengths.length; piece++) {
      lengths[piece] = manifest.storedLength(piece);
    }
    synchronized (this) {
      scheduler = new PieceScheduler<>(lengths, target.held(), VERIFYING_MAX, IN_FLIGHT_BYTES_MAX, random);
      piecesAlreadyHeld = scheduler.heldCount();
      bytesHeldAtStart = target.heldBytes();
      bytesHeld = bytesHeldAtStart;
    }
    if (streamBytesPerSecond > 0) {
      playFrom(0);
    }
    if (key != null) {
      try {
        PlainFileWriter writer = new PlainFileWriter(output, manifest, key);
        synchronized (this) {
          plainFile = writer; // a player may ask for it (playable) from another thread
        }
      } catch (IOException unwritable) {
        result.completeExceptionally(unwritable);
        return result;
      }
    }
    if (piecesAlreadyHeld > 0) {
      progress.message("Resuming: " + piecesAlreadyHeld + " of " + manifest.pieceCount() + " pieces already verified");
    }
    if (scheduler.complete()) {
      finishSoon();
      return result;
    }
    for (DownloadSession.Source source : session.sources()) {
      connect(source);
    }
    if (session.sources().isEmpty()) {
      fail("the store named no source for this title");
    }
    group.scheduleAtFixedRate(this::watch, 1, 1, TimeUnit.SECONDS);
    if (streamBytesPerSecond > 0) {
      // Deadlines pass with time, not with events: a copy running late is looked for this often.
      group.scheduleAtFixedRate(this::refill, STREAM_CHECK_MILLIS, STREAM_CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }
    if (sourcesNow != null) {
      long every = SOURCES_REFRESH_EVERY.toMillis();
      group.scheduleWithFixedDelay(() -> WORKERS.execute(this::connectNewSources), every, every, TimeUnit.MILLISECONDS);
    }
    result.whenComplete((done, failure) -> shutdown());
    return result;
  }

  /** On a worker: the store's answer may take a while, and a failed ask only means no new sources this time. */
  private void connectNewSources() {
    if (result.isDone()) {
      return;
    }
    List<DownloadSession.Source> sources;
    try {
      sources = sourcesNow.get();
    } catch (RuntimeException unreachable) {
      LOG.log(System.Logger.Level.DEBUG, "Could not ask for more sources: {0}", unreachable.getMessage());
      return;
    }
    synchronized (this) {
      Set<UUID> tried = new java.util.HashSet<>();
      links.forEach(link -> tried.add(link.source.nodeId()));
      for (DownloadSession.Source source : sources) {
        if (!result.isDone() && links.size() < LINKS_MAX && !tried.contains(source.nodeId()) && !banned.contains(source.nodeId())) {
          connect(source);
        }
      }
    }
  }

  /** Stops fetching (an interruption); verified pieces stay on disk for the next run. */
  public void cancel() {
    fail("cancelled");
  }

  private void connect(DownloadSession.Source source) {
    SourceLink link = new SourceLink(source);
    synchronized (this) {
      links.add(link);
    }
    Transport.client(group)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel channel) {
            if (downloadCap != null) {
              channel.pipeline().addLast("download-cap", downloadCap);
            }
            Wire.addCodec(channel.pipeline());
            channel.pipeline().addLast("source", new SourceHandler(link));
          }
        })
        .connect(source.host(), source.port())
        .addListener(connected -> {
          if (!connected.isSuccess()) {
            LOG.log(System.Logger.Level.INFO, "Cannot reach {0}: {1}", link.name(), connected.cause().getMessage());
            lost(link);
          }
        });
  }

  /** Reads one source's frames; every decision is made under the download's lock. */
  private final class SourceHandler extends SimpleChannelInboundHandler<Frame> {
    private final SourceLink link;

    SourceHandler(SourceLink link) {
      this.link = link;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
      synchronized (Download.this) {
        link.channel = context.channel();
      }
      // The carrier speaks first, with its challenge; the handshake answers it.
    }

    @Override
    protected void channelRead0(ChannelHandlerContext context, Frame frame) {
      if (frame instanceof Frame.Challenge) {
        onChallenge(link, (Frame.Challenge) frame);
      } else if (frame instanceof Frame.Piece) {
        Frame.Piece piece = (Frame.Piece) frame;
        try {
          onBlock(link, piece);
        } finally {
          piece.data().release();
        }
      } else if (frame instanceof Frame.Bitfield) {
        onBitfield(link, (Frame.Bitfield) frame);
      } else if (frame instanceof Frame.Have) {
        onHave(link, ((Frame.Have) frame).piece());
      } else if (frame instanceof Frame.Reject) {
        onReject(link, (Frame.Reject) frame);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
      lost(link);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
      LOG.log(System.Logger.Level.INFO, "Dropping {0}: {1}", link.name(), cause.getMessage());
      context.close();
    }
  }

  /**
   * Answers a carrier's challenge, but only when the carrier is the node the store named for that
   * address: a relay claiming another node's id is dropped, and since the proof names the node it
   * was made for, a relay passing its own id on gets a proof no other node will take. The proof
   * is signed on a worker, not on the event loop.
   */
  private synchronized void onChallenge(SourceLink link, Frame.Challenge challenge) {
    if (link.challenged) {
      ban(link, "it sent a second challenge");
      return;
    }
    link.challenged = true;
    if (!challenge.nodeId().equals(link.source.nodeId().toString())) {
      ban(link, "it says it is node " + challenge.nodeId() + ", but the store named " + link.source.nodeId() + " at that address");
      return;
    }
    if (challenge.protocolVersion() != WireLimits.PROTOCOL_VERSION) {
      progress.message(link.name() + " speaks protocol " + challenge.protocolVersion() + ", this client " + WireLimits.PROTOCOL_VERSION);
      link.channel.close();
      return;
    }
    Channel channel = link.channel;
    WORKERS.execute(() -> {
      byte[] proof = HandshakeProof.sign(ticketKey, challenge.nonce(), challenge.nodeId());
      channel.writeAndFlush(new Frame.Handshake(WireLimits.PROTOCOL_VERSION, clientName, session.ticket(), proof));
    });
  }

  private synchronized void onBitfield(SourceLink link, Frame.Bitfield bitfield) {
    if (!link.challenged) {
      ban(link, "it sent a bitfield before its challenge");
      return;
    }
    if (bitfield.pieceCount() != manifest.pieceCount()) {
      ban(link, "its bitfield counts " + bitfield.pieceCount() + " pieces, the manifest " + manifest.pieceCount());
      return;
    }
    if (link.ready || link.closed) {
      return;
    }
    link.ready = true;
    scheduler.joined(link, bitfield.pieces(), link.source.origin());
    fill();
  }

  private synchronized void onHave(SourceLink link, int piece) {
    if (link.ready && !link.closed) {
      scheduler.gained(link, piece);
      fill();
    }
  }

  private synchronized void onReject(SourceLink link, Frame.Reject reject) {
    if (reject.isConnectionWide()) {
      progress.message(link.name() + " refused: " + reject.reason() + " (" + reject.message() + ")");
      link.channel.close();
      return;
    }
    // The source turned out not to have it, or is busy: the piece goes back to be asked elsewhere.
    PieceAssembly refused = link.assemblies.remove(reject.piece());
    if (refused != null) {
      buffers.give(refused.data());
      scheduler.refused(link, reject.piece(), reject.reason() == dev.carriage.grid.wire.RejectReason.PIECE_NOT_HELD);
    }
    fill();
  }

  private synchronized void onBlock(SourceLink link, Frame.Piece block) {
    PieceAssembly assembly = link.assemblies.get(block.piece());
    if (assembly == null) {
      return; // a block of a piece cancelled after another copy won it
    }
    int length = block.data().readableBytes();
    PieceAssembly.Outcome outcome = assembly.accept(block.offset(), block.data());
    if (outcome == PieceAssembly.Outcome.UNASKED) {
      ban(link, "it sent a block that was not asked for (piece " + block.piece() + " offset " + block.offset() + ")");
      return;
    }
    link.bytesReceived += length;
    if (link.firstByteNanos == 0) {
      link.firstByteNanos = System.nanoTime();
    }
    scheduler.received(link, block.piece(), length);
    if (outcome == PieceAssembly.Outcome.WHOLE) {
      link.assemblies.remove(block.piece());
      if (scheduler.arrived(link, block.piece())) {
        verify(link, assembly);
      } else {
        buffers.give(assembly.data()); // another copy won
      }
    }
    fill();
  }

  /**
   * Hashes and writes arrived pieces, signs handshake proofs and receipts: everything but moving
   * bytes, off the network threads. As many threads as cores, shared by all downloads of the
   * process; its queue is bounded by the scheduler's verifying limit and each download's sources.
   */
  private static final ExecutorService WORKERS = Executors.newFixedThreadPool(
      Math.max(1, Runtime.getRuntime().availableProcessors()), runnable -> {
        Thread thread = new Thread(runnable, "download-worker");
        thread.setDaemon(true);
        return thread;
      });

  /**
   * A piece came whole: hashed and written by a worker, then {@link #verified} on this download's
   * state, then (outside the download's lock, since it waits while the decrypt queue is full)
   * handed to the plain file, whose writer gives the buffer back once it is decrypted.
   */
  private void verify(SourceLink link, PieceAssembly assembly) {
    WORKERS.execute(() -> {
      boolean matches;
      try {
        matches = target.addPiece(assembly.piece, assembly.data());
      } catch (RuntimeException unwritable) {
        synchronized (Download.this) {
          scheduler.verified(assembly.piece, false);
          fail("piece " + assembly.piece + " could not be stored: " + unwritable.getMessage());
        }
        buffers.give(assembly.data());
        return;
      }
      boolean accepted;
      synchronized (Download.this) {
        accepted = verified(link, assembly, matches);
        submitting += accepted ? 1 : 0;
        fill();
      }
      if (accepted && plainFile != null) {
        plainFile.submit(assembly.piece, assembly.data(), () -> buffers.give(assembly.data()));
      } else {
        buffers.give(assembly.data());
      }
      synchronized (Download.this) {
        submitting -= accepted ? 1 : 0;
        if (scheduler.complete() && submitting == 0 && !finishing) {
          finishing = true; // once every accepted piece is queued for decryption, by whichever worker is last
          finishSoon();
        }
      }
    });
  }

  /** Whether the piece is accepted: it matched, and no other copy was accepted before. */
  private boolean verified(SourceLink link, PieceAssembly assembly, boolean matches) {
    int piece = assembly.piece;
    List<PieceScheduler.Duplicate<SourceLink>> duplicates = scheduler.verified(piece, matches);
    if (!matches) {
      // The piece came whole from this one source, so the bad hash is its doing.
      ban(link, "piece " + piece + " does not match the manifest");
      return false;
    }
    bytesHeld += assembly.data().length;
    piecesFetched++;
    link.piecesAccepted++;
    acceptedBySource.computeIfAbsent(link.source.nodeId(), id -> new BitSet()).set(piece);
    lastProgressNanos = System.nanoTime();
    if (lastProgressNanos - link.lastReceiptNanos >= RECEIPT_INTERVAL_NANOS) {
      sendReceipt(link);
    }
    duplicates.forEach(this::cancel);
    report();
    if (!nativeCryptoAsked && scheduler.holdsFirstSecond()) {
      nativeCryptoAsked = true;
      CryptoProvider.loadInBackground(); // a stream defers it until now (GetCommand); else it is begun already
    }
    return true;
  }

  /** Tells a source to send no more of a piece it was asked for (the scheduler has taken it back), and frees its buffer. */
  private void cancel(PieceScheduler.Duplicate<SourceLink> unwanted) {
    PieceAssembly unfinished = unwanted.source().assemblies.remove(unwanted.piece());
    if (unfinished != null) {
      unfinished.cancels().forEach(unwanted.source().channel::write);
      unwanted.source().channel.flush();
      buffers.give(unfinished.data());
    }
  }

  /** The newest receipt for everything accepted from this source, unless it has it already. */
  private void sendReceipt(SourceLink link) {
    BitSet accepted = acceptedBySource.get(link.source.nodeId());
    if (!signsReceipts || link.channel == null || accepted == null || accepted.cardinality() == link.piecesReceipted) {
      return;
    }
    long sequence = receiptSequences.merge(link.source.nodeId(), 1L, Long::sum);
    Receipt receipt = Receipt.of(session.sessionId(), link.source.nodeId(), sequence, manifest, accepted);
    link.channel.writeAndFlush(new Frame.Receipt(ReceiptCodec.sign(receipt, ticketKey)));
    link.piecesReceipted = accepted.cardinality();
    link.lastReceiptNanos = System.nanoTime();
  }

  /** Keeps every ready source busy up to its pipeline depth: about a second of its own rate, within bounds. */
  private void fill() {
    if (result.isDone()) {
      return;
    }
    // Every rate first: a choice for one source weighs what the others would do.
    long now = System.nanoTime();
    for (SourceLink link : links) {
      if (link.ready && !link.closed) {
        link.retryWhenIdle(now);
        scheduler.rate(link, link.rate());
      }
    }
    for (SourceLink link : links) {
      if (!link.ready || link.closed) {
        continue;
      }
      long rate = link.rate();
      long depth = Math.max(PIPELINE_BYTES_MIN, Math.min(PIPELINE_BYTES_MAX, (long) (Math.max(0, rate) * PIPELINE_SECONDS)));
      List<Integer> pieces = scheduler.assign(link, depth, System.nanoTime());
      for (int piece : pieces) {
        PieceAssembly assembly = new PieceAssembly(piece, buffers.take(manifest.storedLength(piece)), BLOCK_LENGTH);
        link.assemblies.put(piece, assembly);
        assembly.requests().forEach(link.channel::write);
      }
      if (!pieces.isEmpty()) {
        link.channel.flush();
        if (link.firstRequestNanos == 0) {
          link.firstRequestNanos = System.nanoTime();
        }
      }
    }
  }

  private synchronized void refill() {
    fill();
  }

  private void ban(SourceLink link, String why) {
    if (banned.add(link.source.nodeId())) {
      progress.message("Banned " + link.name() + ": " + why);
      LOG.log(System.Logger.Level.WARNING, "Banned {0}: {1}", link.name(), why);
    }
    drop(link);
    if (link.channel != null) {
      link.channel.close();
    }
  }

  private void lost(SourceLink link) {
    synchronized (this) {
      drop(link);
      fill();
      if (!result.isDone() && links.stream().allMatch(other -> other.closed)) {
        fail("every source is gone (" + scheduler.heldCount() + " of " + manifest.pieceCount() + " pieces verified; run again to resume)");
      }
    }
  }

  private void drop(SourceLink link) {
    if (link.closed) {
      return;
    }
    link.closed = true;
    link.assemblies.values().forEach(assembly -> buffers.give(assembly.data()));
    link.assemblies.clear();
    scheduler.left(link);
  }

  private synchronized void watch() {
    report();
    if (!result.isDone() && System.nanoTime() - lastProgressNanos > STALL_LIMIT.toNanos()) {
      fail("no piece arrived for " + STALL_LIMIT.toSeconds() + " s");
    }
  }

  private void report() {
    long heldBytes = bytesHeld;
    double seconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
    long rate = (long) ((heldBytes - bytesHeldAtStart) / seconds);
    int inUse = (int) links.stream().filter(link -> !link.closed && link.ready).count();
    progress.update(heldBytes, manifest.storedSizeBytes(), rate, inUse);
  }

  /**
   * Completes the download on a thread of its own: decrypting what is still missing of the
   * plain file and moving it into place must neither hold a network thread nor a worker.
   */
  private void finishSoon() {
    Thread finisher = new Thread(this::finish, "download-finish");
    finisher.setDaemon(true);
    finisher.start();
  }

  private void finish() {
    try {
      if (plainFile != null) {
        plainFile.complete((StoredTitle) target);
      } else if (target instanceof PlainFile plain) {
        plain.complete();
        if (streamBytesPerSecond == 0) {
          plain.close(); // a stream's player may still be reading; its caller closes it
        }
      }
      Map<UUID, BitSet> bySource;
      synchronized (this) {
        links.stream().filter(link -> !link.closed).forEach(this::sendReceipt);
        bySource = new HashMap<>(acceptedBySource);
      }
      result.complete(new Result(output, manifest.contentSizeBytes(), piecesAlreadyHeld, piecesFetched, bySource,
          Set.copyOf(banned), Duration.ofNanos(System.nanoTime() - startNanos)));
    } catch (IOException failed) {
      result.completeExceptionally(failed);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      result.completeExceptionally(interrupted);
    }
  }

  private void fail(String why) {
    if (result.completeExceptionally(new DownloadFailedException(why))) {
      if (plainFile != null) {
        plainFile.abandon();
      } else if (target instanceof PlainFile plain) {
        plain.close(); // what it holds stays for the next run
      }
    }
  }

  private void shutdown() {
    synchronized (this) {
      for (SourceLink link : links) {
        if (link.channel != null) {
          // Closed once what is queued (the last receipt) has been written.
          link.channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
      }
    }
    if (downloadCap != null) {
      downloadCap.release();
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  /** The download could not finish; what is verified stays on disk. */
  public static final class DownloadFailedException extends RuntimeException {
    public DownloadFailedException(String message) {
      super(message);
    }
  }
}
