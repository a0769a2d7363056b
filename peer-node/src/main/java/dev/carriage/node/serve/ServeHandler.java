package dev.carriage.node.serve;

import dev.carriage.grid.receipt.Receipt;
import dev.carriage.grid.receipt.SignedReceipt;
import dev.carriage.grid.ticket.HandshakeProof;
import dev.carriage.grid.ticket.InvalidTicketException;
import dev.carriage.grid.ticket.Ticket;
import dev.carriage.grid.wire.Frame;
import dev.carriage.grid.wire.FrameEncoder;
import dev.carriage.grid.wire.RejectReason;
import dev.carriage.grid.wire.WireLimits;
import dev.carriage.node.storage.StoredTitle;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * One client connection to a carrier. The carrier speaks first: a challenge with its node id
 * and a fresh nonce. The client's first frame must be a handshake with a ticket the store signed
 * for a title this node holds, and a proof by the ticket's key over that nonce and this node's
 * id, so the session is bound to this connection and cannot be relayed from or to another node.
 * Before that, any other frame closes the connection. After it the client asks for blocks of
 * held pieces, which go out as a piece header followed by a zero-copy file region. Anything else
 * closes the connection, with the reason sent first when the client deserves to know it.
 *
 * <p>The event loop only moves bytes: checking the ticket (which may fetch the store's keys),
 * the pause switch, finding the title, and checking and keeping receipts (written to disk) run
 * on the node's bounded {@link ServingNode#work() work executor}. While a handshake is being
 * checked the connection reads nothing more; the few frames already decoded wait, in order.
 */
final class ServeHandler extends SimpleChannelInboundHandler<Frame> {

  private static final System.Logger LOG = System.getLogger(ServeHandler.class.getName());
  private static final SecureRandom NONCES = new SecureRandom();

  /** Frames decoded while the handshake is checked, beyond which the client is refused: it should wait for the bitfield. */
  static final int FRAMES_BEFORE_BITFIELD_MAX = 64;

  private final ServingNode server;
  private StoredTitle title;
  private Ticket ticket;
  private boolean checkingHandshake;
  private final java.util.ArrayDeque<Frame> early = new java.util.ArrayDeque<>();
  /** The newest receipt not yet checked and kept; receipts are cumulative, so a newer one replaces it. */
  private final java.util.concurrent.atomic.AtomicReference<SignedReceipt> receiptToKeep = new java.util.concurrent.atomic.AtomicReference<>();
  /** Requests accepted and not yet written, oldest first: a Cancel takes its block out before any byte of it is sent. */
  private final java.util.ArrayDeque<Frame.Request> waiting = new java.util.ArrayDeque<>();
  /**
   * Blocks handed to the channel whose write has not completed. One is enough to keep the socket
   * busy (the kernel holds what it has taken of it, and the next starts as it is done), and each
   * more is a block a Cancel can no longer take back.
   */
  private int writing;
  private static final int BLOCKS_WRITING_MAX = 1;
  private IntConsumer haveAnnouncer;
  private volatile boolean receiptsHeld;
  private final byte[] nonce = new byte[WireLimits.CHALLENGE_NONCE_LENGTH];

  ServeHandler(ServingNode server) {
    this.server = server;
  }

  @Override
  public void channelActive(ChannelHandlerContext context) {
    server.stats().connected();
    NONCES.nextBytes(nonce);
    context.writeAndFlush(new Frame.Challenge(WireLimits.PROTOCOL_VERSION, server.nodeName(), nonce));
    context.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext context) {
    server.stats().disconnected();
    early.forEach(ServeHandler::release);
    early.clear();
    if (haveAnnouncer != null) {
      title.removePieceListener(haveAnnouncer);
    }
    if (receiptsHeld) {
      server.sessionEnded();
    }
    context.fireChannelInactive();
  }

  @Override
  protected void channelRead0(ChannelHandlerContext context, Frame frame) {
    try {
      dispatch(context, frame);
    } finally {
      release(frame); // a piece frame's buffer; one kept for later was retained
    }
  }

  private void dispatch(ChannelHandlerContext context, Frame frame) {
    if (checkingHandshake) {
      if (early.size() >= FRAMES_BEFORE_BITFIELD_MAX) {
        refuse(context, RejectReason.BAD_REQUEST, "more than " + FRAMES_BEFORE_BITFIELD_MAX + " frames before the bitfield");
        return;
      }
      early.add(retain(frame));
      return;
    }
    if (ticket == null && !(frame instanceof Frame.Handshake)) {
      refuse(context, RejectReason.NO_TICKET, "a " + frame.type() + " frame before the handshake; only a handshake is accepted");
      return;
    }
    if (frame instanceof Frame.Handshake) {
      handshake(context, (Frame.Handshake) frame);
    } else if (frame instanceof Frame.Request) {
      request(context, (Frame.Request) frame);
    } else if (frame instanceof Frame.Piece) {
      close(context, "a client sent piece data to a carrier");
    } else if (frame instanceof Frame.Receipt) {
      receipt(context, ((Frame.Receipt) frame).signed());
    } else if (frame instanceof Frame.Cancel cancel) {
      // Endgame duplicates: a block not yet written is dropped, so it costs no upload.
      waiting.removeIf(request -> request.piece() == cancel.piece() && request.offset() == cancel.offset()
          && request.length() == cancel.length());
    } else if (frame instanceof Frame.Reject && ((Frame.Reject) frame).isConnectionWide()) {
      context.close();
    }
    // Have, bitfield and keep-alive need nothing.
  }

  /** A piece frame's buffer outlives this read only when the handler keeps it. */
  private static Frame retain(Frame frame) {
    if (frame instanceof Frame.Piece piece) {
      piece.data().retain();
    }
    return frame;
  }

  private static void release(Frame frame) {
    if (frame instanceof Frame.Piece piece) {
      piece.data().release();
    }
  }

  private void handshake(ChannelHandlerContext context, Frame.Handshake handshake) {
    if (ticket != null) {
      refuse(context, RejectReason.BAD_REQUEST, "a second handshake");
      return;
    }
    if (handshake.protocolVersion() != WireLimits.PROTOCOL_VERSION) {
      refuse(context, RejectReason.PROTOCOL_VERSION, "this node speaks version " + WireLimits.PROTOCOL_VERSION);
      return;
    }
    checkingHandshake = true;
    context.channel().config().setAutoRead(false);
    try {
      server.work().execute(() -> {
        HandshakeCheck outcome = check(handshake);
        context.channel().eventLoop().execute(() -> handshakeChecked(context, outcome));
      });
    } catch (java.util.concurrent.RejectedExecutionException full) {
      handshakeChecked(context, HandshakeCheck.refused(RejectReason.BUSY, "this carrier is too busy to take a new client"));
    }
  }

  /** What checking a handshake found: the ticket and title, or why the client is refused. */
  private record HandshakeCheck(Ticket ticket, StoredTitle title, RejectReason reason, String message) {
    static HandshakeCheck refused(RejectReason reason, String message) {
      return new HandshakeCheck(null, null, reason, message);
    }
  }

  /** On the work executor: everything that may block. */
  private HandshakeCheck check(Frame.Handshake handshake) {
    Ticket checked;
    try {
      checked = server.verifyTicket(handshake.ticket());
    } catch (InvalidTicketException refused) {
      return HandshakeCheck.refused(refused.expired() ? RejectReason.TICKET_EXPIRED : RejectReason.TICKET_INVALID, refused.getMessage());
    } catch (RuntimeException failed) {
      return HandshakeCheck.refused(RejectReason.TICKET_INVALID, "the ticket could not be checked: " + failed.getMessage());
    }
    if (!HandshakeProof.verify(checked.clientKey(), nonce, server.nodeName(), handshake.proof())) {
      return HandshakeCheck.refused(RejectReason.TICKET_INVALID, "the handshake does not prove the ticket's key for this connection to this node");
    }
    Optional<RejectReason> policy = server.refusal();
    if (policy.isPresent()) {
      return HandshakeCheck.refused(policy.get(), "this carrier is not serving now");
    }
    Optional<StoredTitle> held = server.title(checked.titleId(), checked.manifestRoot());
    if (held.isEmpty()) {
      return HandshakeCheck.refused(RejectReason.TITLE_NOT_HELD, "this node does not hold that content");
    }
    held.get().touch();
    return new HandshakeCheck(checked, held.get(), null, null);
  }

  /** Back on the event loop: serve, or refuse; then the frames that came meanwhile, in order. */
  private void handshakeChecked(ChannelHandlerContext context, HandshakeCheck outcome) {
    checkingHandshake = false;
    if (!context.channel().isActive()) {
      return;
    }
    if (outcome.reason() != null) {
      early.forEach(ServeHandler::release);
      early.clear();
      refuse(context, outcome.reason(), outcome.message());
      return;
    }
    ticket = outcome.ticket();
    title = outcome.title();
    PreHandshakeGuard.passed(context);
    context.writeAndFlush(new Frame.Bitfield(title.manifest().pieceCount(), title.held()));
    // Pieces this node verifies later (while it downloads the title itself) are announced.
    haveAnnouncer = piece -> context.channel().eventLoop().execute(() -> {
      if (context.channel().isActive()) {
        context.writeAndFlush(new Frame.Have(piece));
      }
    });
    title.onPieceAdded(haveAnnouncer);
    while (!early.isEmpty() && context.channel().isActive() && !checkingHandshake) {
      Frame frame = early.poll();
      try {
        dispatch(context, frame);
      } finally {
        release(frame);
      }
    }
    context.channel().config().setAutoRead(true);
  }

  private void request(ChannelHandlerContext context, Frame.Request request) {
    if (!server.ticketStillValid(ticket)) {
      refuse(context, RejectReason.TICKET_EXPIRED, "the ticket has expired; ask the store for a new session");
      return;
    }
    Optional<RejectReason> policy = server.lastRefusal();
    if (policy.isPresent()) {
      context.writeAndFlush(Frame.Reject.request(request, policy.get(), "not serving now"));
      return;
    }
    int piece = request.piece();
    if (!title.manifest().hasPiece(piece) || !title.holds(piece)) {
      context.writeAndFlush(Frame.Reject.request(request, RejectReason.PIECE_NOT_HELD, "piece " + piece + " is not held here"));
      return;
    }
    long end = (long) request.offset() + request.length();
    if (end > title.manifest().storedLength(piece)) {
      refuse(context, RejectReason.BAD_REQUEST, "block ends at " + end + ", past piece " + piece);
      return;
    }
    if (waiting.size() + writing >= server.requestsQueuedMax()) {
      context.writeAndFlush(Frame.Reject.request(request, RejectReason.BUSY, "too many requests queued"));
      return;
    }
    waiting.add(request);
    writeWaiting(context);
  }

  /** Hands waiting blocks to the channel while it takes them; each completed write lets the next one go. */
  private void writeWaiting(ChannelHandlerContext context) {
    while (writing < BLOCKS_WRITING_MAX && !waiting.isEmpty() && context.channel().isActive()) {
      Frame.Request request = waiting.poll();
      writing++;
      context.write(FrameEncoder.pieceHeader(context.alloc(), request.piece(), request.offset(), request.length()));
      context.writeAndFlush(title.region(request.piece(), request.offset(), request.length())).addListener(sent -> {
        writing--;
        if (sent.isSuccess()) {
          server.stats().served(title.manifest().titleId(), request.length());
          writeWaiting(context);
        }
      });
    }
  }

  /**
   * Keeps a client's receipt if it is one the store will take: for this session, title and
   * node, its bytes those of its pieces, signed by the ticket's key (checked on the work executor). Anything else is the
   * client's loss, not a reason to stop serving it.
   */
  private void receipt(ChannelHandlerContext context, SignedReceipt signed) {
    Receipt receipt = signed.receipt();
    String fault = null;
    if (!receipt.sessionId().equals(ticket.sessionId()) || !receipt.titleId().equals(ticket.titleId())) {
      fault = "it is for another session or title";
    } else if (!receipt.carrierId().toString().equals(server.nodeName())) {
      fault = "it names carrier " + receipt.carrierId();
    } else if (receipt.pieceCount() != title.manifest().pieceCount()
        || receipt.bytes() != Receipt.storedBytes(title.manifest(), receipt.pieces())) {
      fault = "its pieces or bytes do not match the manifest";
    }
    if (fault != null) {
      LOG.log(System.Logger.Level.INFO, "Ignoring a receipt from {0}: {1}", context.channel().remoteAddress(), fault);
      return;
    }
    // At most one receipt of this connection waits for the work executor: a newer one replaces it.
    if (receiptToKeep.getAndSet(signed) != null) {
      return;
    }
    Ticket session = ticket;
    try {
      server.work().execute(() -> keepReceipt(context, session));
    } catch (java.util.concurrent.RejectedExecutionException full) {
      receiptToKeep.set(null); // the client's next (cumulative) receipt covers this one
    }
  }

  /** On the work executor: the signature check and the write to disk. */
  private void keepReceipt(ChannelHandlerContext context, Ticket session) {
    SignedReceipt signed = receiptToKeep.getAndSet(null);
    if (signed == null) {
      return;
    }
    if (!signed.verify(session.clientKey())) {
      LOG.log(System.Logger.Level.INFO, "Ignoring a receipt from {0}: its signature is not the ticket's key",
          context.channel().remoteAddress());
      return;
    }
    if (server.keepReceipt(signed)) {
      receiptsHeld = true;
      if (!context.channel().isActive()) {
        server.sessionEnded(); // the client left while its last receipt was being kept
      }
    }
  }

  private void refuse(ChannelHandlerContext context, RejectReason reason, String message) {
    LOG.log(System.Logger.Level.DEBUG, "Refusing {0}: {1} ({2})", context.channel().remoteAddress(), reason, message);
    server.stats().refused(reason.name().toLowerCase(java.util.Locale.ROOT));
    context.writeAndFlush(Frame.Reject.connection(reason, message)).addListener(ChannelFutureListener.CLOSE);
  }

  private void close(ChannelHandlerContext context, String reason) {
    LOG.log(System.Logger.Level.INFO, "Closing {0}: {1}", context.channel().remoteAddress(), reason);
    context.close();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext context, Object event) {
    if (event instanceof IdleStateEvent) {
      close(context, "idle");
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
    if (ticket == null) {
      server.stats().refused("malformed_frame"); // a frame that does not decode, before any handshake
    }
    close(context, cause.getMessage() == null ? cause.toString() : cause.getMessage());
  }
}
