package dev.carriage.node.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carriage.grid.crypto.ContentEncryptor;
import dev.carriage.grid.manifest.ManifestSigner;
import dev.carriage.grid.manifest.Sha256;
import dev.carriage.grid.manifest.SignedManifest;
import dev.carriage.grid.receipt.Receipt;
import dev.carriage.grid.receipt.ReceiptCodec;
import dev.carriage.grid.receipt.SignedReceipt;
import dev.carriage.grid.ticket.HandshakeProof;
import dev.carriage.grid.ticket.InvalidTicketException;
import dev.carriage.grid.ticket.Ticket;
import dev.carriage.grid.wire.Frame;
import dev.carriage.grid.wire.RejectReason;
import dev.carriage.grid.wire.WireLimits;
import dev.carriage.node.storage.PieceStore;
import dev.carriage.node.storage.StoredTitle;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.FileRegion;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The carrier's serving handler on an embedded channel, behind {@link ServingNode}: no server, no
 * sockets, no store. Frames go in as the decoder would hand them over; what comes out is read
 * and released, and every buffer the test made is checked to be released (Netty's leak detector
 * runs in paranoid mode in every module's tests as well). The node's work executor is a queue the
 * test runs by hand, so it can show what the event loop does while a handshake is being checked.
 */
class ServeHandlerTest {

  private static final int PIECE = 16 * 1024;
  private static final int BLOCK = 4 * 1024;
  private static final String NODE_ID = UUID.randomUUID().toString();

  @TempDir Path data;
  private final UUID titleId = UUID.randomUUID();
  private byte[] stored;
  private PieceStore store;
  private StoredTitle title;
  private KeyPair clientKey;
  private Ticket ticket;
  private FakeNode node;
  private EmbeddedChannel channel;
  private HeldSocket socket;
  private final List<ByteBuf> buffersMade = new ArrayList<>();

  /** The node as the handler sees it, with a work queue run by hand. */
  private final class FakeNode implements ServingNode {
    final Queue<Runnable> work = new ArrayDeque<>();
    final List<SignedReceipt> kept = new ArrayList<>();
    final ServeStats stats = new ServeStats();
    Optional<RejectReason> refusal = Optional.empty();
    boolean workFull;
    int sessionsEnded;

    @Override public String nodeName() { return NODE_ID; }
    @Override public ServeStats stats() { return stats; }
    @Override public Ticket verifyTicket(String encoded) throws InvalidTicketException {
      if (!encoded.equals("ticket-" + ticket.sessionId())) {
        throw new InvalidTicketException("not a ticket this store signed", false);
      }
      return ticket;
    }
    @Override public boolean ticketStillValid(Ticket checked) { return true; }
    @Override public Optional<RejectReason> refusal() { return refusal; }
    @Override public Optional<RejectReason> lastRefusal() { return refusal; }
    @Override public Optional<StoredTitle> title(UUID id, Sha256 root) {
      return id.equals(titleId) && root.matches(title.manifest().merkleRoot()) ? Optional.of(title) : Optional.empty();
    }
    @Override public int requestsQueuedMax() { return 8; }
    @Override public boolean keepReceipt(SignedReceipt receipt) { return kept.add(receipt); }
    @Override public void sessionEnded() { sessionsEnded++; }
    @Override public Executor work() {
      return task -> {
        if (workFull) {
          throw new RejectedExecutionException("full");
        }
        work.add(task);
      };
    }

    void runWork() {
      for (Runnable task = work.poll(); task != null; task = work.poll()) {
        task.run();
      }
      channel.runPendingTasks();
    }
  }

  /** A socket that takes writes but completes none until told to: what a slow client's connection looks like. */
  private static final class HeldSocket extends ChannelOutboundHandlerAdapter {
    boolean holding;
    final Queue<Object[]> held = new ArrayDeque<>();

    @Override
    public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) {
      if (holding) {
        held.add(new Object[] {message, promise});
      } else {
        context.write(message, promise);
      }
    }

    void letGo(EmbeddedChannel channel) {
      holding = false;
      ChannelHandlerContext context = channel.pipeline().context(this);
      while (!held.isEmpty()) {
        Object[] write = held.poll();
        context.write(write[0], (ChannelPromise) write[1]);
      }
      context.flush();
      channel.runPendingTasks();
    }
  }

  @BeforeEach
  void holdOneTitle() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair storeKey = generator.generateKeyPair();
    byte[] media = new byte[4 * PIECE + 1000];
    new java.util.Random(3).nextBytes(media);
    Path mediaFile = Files.write(data.resolve("media.bin"), media);
    Path storedFile = data.resolve("stored.bin");
    ContentEncryptor.Encrypted encrypted = ContentEncryptor.encrypt(titleId, mediaFile, storedFile, PIECE, bytes -> { });
    SignedManifest signed = ManifestSigner.sign(encrypted.manifest(), storeKey.getPrivate(), "k1");
    stored = Files.readAllBytes(storedFile);
    store = PieceStore.open(data.resolve("node"), Map.of("k1", storeKey.getPublic())::get);
    store.adopt(encrypted.manifest(), signed.encode(), storedFile);
    title = store.get(titleId).orElseThrow();
    clientKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    ticket = new Ticket(UUID.randomUUID(), titleId, title.manifest().merkleRoot(), clientKey.getPublic(), Instant.now(),
        Instant.now().plusSeconds(600));
    node = new FakeNode();
    socket = new HeldSocket();
    channel = new EmbeddedChannel(socket, new ServeHandler(node));
  }

  @AfterEach
  void everyBufferReleased() throws Exception {
    channel.finishAndReleaseAll();
    store.close();
    for (ByteBuf buffer : buffersMade) {
      assertThat(buffer.refCnt()).as("a buffer handed to the handler").isZero();
    }
  }

  private Frame.Challenge challenge() {
    Object first = channel.readOutbound();
    assertThat(first).as("the carrier speaks first").isInstanceOf(Frame.Challenge.class);
    return (Frame.Challenge) first;
  }

  private Frame.Handshake handshake(Frame.Challenge challenge) {
    return new Frame.Handshake(WireLimits.PROTOCOL_VERSION, "client", "ticket-" + ticket.sessionId(),
        HandshakeProof.sign(clientKey.getPrivate(), challenge.nonce(), challenge.nodeId()));
  }

  /** Reads everything written: frames as they are, piece blocks as {piece, offset, bytes}. */
  private List<Object> written() throws Exception {
    List<Object> out = new ArrayList<>();
    for (Object message = channel.readOutbound(); message != null; message = channel.readOutbound()) {
      if (message instanceof ByteBuf header) {
        header.readInt();
        header.readByte();
        int piece = header.readInt();
        int offset = header.readInt();
        header.release();
        FileRegion region = channel.readOutbound();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (WritableByteChannel sink = Channels.newChannel(bytes)) {
          while (region.transferred() < region.count()) {
            region.transferTo(sink, region.transferred());
          }
        }
        region.release();
        out.add(new Block(piece, offset, bytes.toByteArray()));
      } else {
        out.add(message);
      }
    }
    return out;
  }

  private record Block(int piece, int offset, byte[] bytes) {}

  private byte[] storedBlock(int piece, int offset, int length) {
    long start = title.manifest().storedOffset(piece) + offset;
    return Arrays.copyOfRange(stored, (int) start, (int) start + length);
  }

  private static List<Integer> pieces(List<Object> written) {
    return written.stream().filter(Block.class::isInstance).map(block -> ((Block) block).piece()).toList();
  }

  @Test
  void aCheckedHandshake_getsTheBitfield_thenTheStoredBytesOfEachBlockAsked() throws Exception {
    channel.writeInbound(handshake(challenge()));
    assertThat(channel.<Object>readOutbound()).as("nothing until the work executor has checked the ticket").isNull();
    node.runWork();
    Frame.Bitfield bitfield = channel.readOutbound();
    assertThat(bitfield.pieces().cardinality()).isEqualTo(title.manifest().pieceCount());

    channel.writeInbound(new Frame.Request(1, BLOCK, BLOCK), new Frame.Request(4, 0, title.manifest().storedLength(4)));
    List<Object> written = written();
    assertThat(written).hasSize(2);
    Block first = (Block) written.get(0);
    assertThat(first.bytes()).isEqualTo(storedBlock(1, BLOCK, BLOCK));
    Block last = (Block) written.get(1);
    assertThat(last.bytes()).isEqualTo(storedBlock(4, 0, title.manifest().storedLength(4)));
    assertThat(node.stats().bytesServed(titleId)).isEqualTo(BLOCK + title.manifest().storedLength(4));
  }

  @Test
  void framesThatCameWhileTheHandshakeWasChecked_areServedInOrderAfterTheBitfield() throws Exception {
    channel.writeInbound(handshake(challenge()), new Frame.Request(2, 0, BLOCK), new Frame.Request(0, 0, BLOCK));
    assertThat(channel.config().isAutoRead()).as("no more reads while the ticket is checked").isFalse();
    assertThat(channel.<Object>readOutbound()).isNull();
    node.runWork();
    List<Object> written = written();
    assertThat(written.get(0)).isInstanceOf(Frame.Bitfield.class);
    assertThat(pieces(written)).containsExactly(2, 0);
    assertThat(channel.config().isAutoRead()).isTrue();
  }

  @Test
  void tooManyFramesWhileTheHandshakeIsChecked_areRefused_andTheirBuffersReleased() throws Exception {
    channel.writeInbound(handshake(challenge()));
    for (int frame = 0; frame < ServeHandler.FRAMES_BEFORE_BITFIELD_MAX; frame++) {
      channel.writeInbound(new Frame.Request(0, 0, BLOCK));
    }
    ByteBuf smuggled = track(Unpooled.buffer(8).writeLong(7));
    channel.writeInbound(new Frame.Piece(0, 0, smuggled));
    Frame.Reject reject = channel.readOutbound();
    assertThat(reject.reason()).isEqualTo(RejectReason.BAD_REQUEST);
    assertThat(reject.message()).contains("frames before the bitfield");
    channel.runPendingTasks();
    assertThat(channel.isActive()).isFalse();
    node.runWork();
    assertThat(written()).as("nothing served after the refusal").isEmpty();
  }

  @Test
  void aRequestBeforeTheHandshake_isRefused_andAPieceFromAClientIsReleased() throws Exception {
    challenge();
    ByteBuf data = track(Unpooled.buffer(4).writeInt(1));
    channel.writeInbound(new Frame.Piece(0, 0, data));
    Frame.Reject reject = channel.readOutbound();
    assertThat(reject.reason()).isEqualTo(RejectReason.NO_TICKET);
    channel.runPendingTasks();
    assertThat(channel.isActive()).isFalse();
    assertThat(node.stats().refusedByReason()).containsEntry("no_ticket", 1L);
  }

  @Test
  void aForgedTicket_aPausedNode_andAFullWorkQueue_areEachRefusedWithTheirReason() throws Exception {
    Frame.Challenge challenge = challenge();
    channel.writeInbound(new Frame.Handshake(WireLimits.PROTOCOL_VERSION, "client", "forged",
        HandshakeProof.sign(clientKey.getPrivate(), challenge.nonce(), challenge.nodeId())));
    node.runWork();
    assertThat(((Frame.Reject) channel.readOutbound()).reason()).isEqualTo(RejectReason.TICKET_INVALID);

    channel.finishAndReleaseAll();
    node.refusal = Optional.of(RejectReason.PAUSED);
    channel = new EmbeddedChannel(new ServeHandler(node));
    channel.writeInbound(handshake(challenge()));
    node.runWork();
    assertThat(((Frame.Reject) channel.readOutbound()).reason()).isEqualTo(RejectReason.PAUSED);
    channel.finishAndReleaseAll();

    node.refusal = Optional.empty();
    node.workFull = true;
    channel = new EmbeddedChannel(new ServeHandler(node));
    channel.writeInbound(handshake(challenge()));
    assertThat(((Frame.Reject) channel.readOutbound()).reason()).isEqualTo(RejectReason.BUSY);
  }

  @Test
  void aCancelledRequest_isNotSent_whileOnesAlreadyHandedToTheSocketAre() throws Exception {
    channel.writeInbound(handshake(challenge()));
    node.runWork();
    assertThat(channel.<Object>readOutbound()).isInstanceOf(Frame.Bitfield.class);
    socket.holding = true;
    for (int piece = 0; piece < 4; piece++) {
      channel.writeInbound(new Frame.Request(piece, 0, BLOCK));
    }
    channel.writeInbound(new Frame.Request(0, BLOCK, BLOCK));
    channel.writeInbound(new Frame.Cancel(0, 0, BLOCK), new Frame.Cancel(3, 0, BLOCK), new Frame.Cancel(0, BLOCK, BLOCK));
    socket.letGo(channel);
    List<Object> written = written();
    // One block is handed to the socket at a time, so 0 was on its way; the cancelled ones waited and were dropped.
    assertThat(pieces(written)).containsExactly(0, 1, 2);
    assertThat(node.stats().bytesServed(titleId)).isEqualTo(3L * BLOCK);
  }

  @Test
  void receipts_areCheckedAndKeptOnTheWorkExecutor_theNewestOnlyWhenSeveralWait() throws Exception {
    channel.writeInbound(handshake(challenge()));
    node.runWork();
    BitSet pieces = new BitSet();
    pieces.set(0);
    SignedReceipt first = ReceiptCodec.sign(Receipt.of(ticket.sessionId(), UUID.fromString(NODE_ID), 1, title.manifest(), pieces),
        clientKey.getPrivate());
    pieces.set(1);
    SignedReceipt second = ReceiptCodec.sign(Receipt.of(ticket.sessionId(), UUID.fromString(NODE_ID), 2, title.manifest(), pieces),
        clientKey.getPrivate());
    channel.writeInbound(new Frame.Receipt(first), new Frame.Receipt(second));
    assertThat(node.kept).as("nothing written to disk on the event loop").isEmpty();
    assertThat(node.work).as("one job for the connection's waiting receipt").hasSize(1);
    node.runWork();
    assertThat(node.kept).containsExactly(second);

    KeyPair stranger = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    pieces.set(2);
    SignedReceipt forged = ReceiptCodec.sign(Receipt.of(ticket.sessionId(), UUID.fromString(NODE_ID), 3, title.manifest(), pieces),
        stranger.getPrivate());
    channel.writeInbound(new Frame.Receipt(forged));
    node.runWork();
    assertThat(node.kept).as("a receipt not signed by the ticket's key is not kept").containsExactly(second);

    channel.close();
    assertThat(node.sessionsEnded).as("the client that handed over receipts left").isEqualTo(1);
  }

  private ByteBuf track(ByteBuf buffer) {
    buffersMade.add(buffer);
    return buffer;
  }

  @Test
  void theBuildRunsTheseTestsWithParanoidLeakDetection() {
    assertThat(io.netty.util.ResourceLeakDetector.getLevel()).isEqualTo(io.netty.util.ResourceLeakDetector.Level.PARANOID);
  }
}
