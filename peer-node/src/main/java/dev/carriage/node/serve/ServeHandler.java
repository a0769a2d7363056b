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
 */
final class ServeHandler extends SimpleChannelInboundHandler<Frame> {

  private static final System.Logger LOG = System.getLogger(ServeHandler.class.getName());
  private static final SecureRandom NONCES = new SecureRandom();

  private final CarrierServer server;
  private StoredTitle title;
  private Ticket ticket;
  /** Requests accepted and not yet written, oldest first: a Cancel takes its block out before any byte of it is sent. */
  private final java.util.ArrayDeque<Frame.Request> waiting = new java.util.ArrayDeque<>();
  /** Blocks handed to the channel whose write has not completed; a few keep the socket busy without committing the whole queue. */
  private int writing;
  private static final int BLOCKS_WRITING_MAX = 2;
  private IntConsumer haveAnnouncer;
  private boolean receiptsHeld;
  private final byte[] nonce = new byte[WireLimits.CHALLENGE_NONCE_LENGTH];

  ServeHandler(CarrierServer server) {
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
    if (ticket == null && !(frame instanceof Frame.Handshake)) {
      if (frame instanceof Frame.Piece) {
        ((Frame.Piece) frame).data().release();
      }
      refuse(context, RejectReason.NO_TICKET, "a " + frame.type() + " frame before the handshake; only a handshake is accepted");
      return;
    }
    if (frame instanceof Frame.Handshake) {
      handshake(context, (Frame.Handshake) frame);
    } else if (frame instanceof Frame.Request) {
      request(context, (Frame.Request) frame);
    } else if (frame instanceof Frame.Piece) {
      ((Frame.Piece) frame).data().release();
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

  private void handshake(ChannelHandlerContext context, Frame.Handshake handshake) {
    if (ticket != null) {
      refuse(context, RejectReason.BAD_REQUEST, "a second handshake");
      return;
    }
    if (handshake.protocolVersion() != WireLimits.PROTOCOL_VERSION) {
      refuse(context, RejectReason.PROTOCOL_VERSION, "this node speaks version " + WireLimits.PROTOCOL_VERSION);
      return;
    }
    Ticket checked;
    try {
      checked = server.verifyTicket(handshake.ticket());
    } catch (InvalidTicketException refused) {
      refuse(context, refused.expired() ? RejectReason.TICKET_EXPIRED : RejectReason.TICKET_INVALID, refused.getMessage());
      return;
    }
    if (!HandshakeProof.verify(checked.clientKey(), nonce, server.nodeName(), handshake.proof())) {
      refuse(context, RejectReason.TICKET_INVALID, "the handshake does not prove the ticket's key for this connection to this node");
      return;
    }
    Optional<RejectReason> policy = server.refusal();
    if (policy.isPresent()) {
      refuse(context, policy.get(), "this carrier is not serving now");
      return;
    }
    Optional<StoredTitle> held = server.store().get(checked.titleId())
        .filter(stored -> stored.manifest().merkleRoot().matches(checked.manifestRoot()));
    if (held.isEmpty()) {
      refuse(context, RejectReason.TITLE_NOT_HELD, "this node does not hold that content");
      return;
    }
    ticket = checked;
    title = held.get();
    title.touch();
    PreHandshakeGuard.passed(context);
    context.writeAndFlush(new Frame.Bitfield(title.manifest().pieceCount(), title.held()));
    // Pieces this node verifies later (while it downloads the title itself) are announced.
    haveAnnouncer = piece -> context.channel().eventLoop().execute(() -> {
      if (context.channel().isActive()) {
        context.writeAndFlush(new Frame.Have(piece));
      }
    });
    title.onPieceAdded(haveAnnouncer);
  }

  private void request(ChannelHandlerContext context, Frame.Request request) {
    if (!server.ticketStillValid(ticket)) {
      refuse(context, RejectReason.TICKET_EXPIRED, "the ticket has expired; ask the store for a new session");
      return;
    }
    Optional<RejectReason> policy = server.refusal();
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
    if (waiting.size() + writing >= server.settings().requestsQueuedMax()) {
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
   * node, signed by the ticket's key, its bytes those of its pieces. Anything else is the
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
    } else if (!signed.verify(ticket.clientKey())) {
      fault = "its signature is not the ticket's key";
    }
    if (fault != null) {
      LOG.log(System.Logger.Level.INFO, "Ignoring a receipt from {0}: {1}", context.channel().remoteAddress(), fault);
      return;
    }
    if (server.receipts().offer(signed)) {
      receiptsHeld = true;
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
