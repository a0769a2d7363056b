package dev.carriage.grid.wire;

import dev.carriage.grid.receipt.SignedReceipt;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.Objects;

/**
 * One message of the grid's wire protocol. Each kind checks its own fields when built, so a
 * frame that exists is one the protocol allows. The byte layout is in {@link FrameDecoder}.
 */
public sealed interface Frame
    permits Frame.Challenge, Frame.Handshake, Frame.Bitfield, Frame.Have, Frame.Request, Frame.Piece, Frame.Cancel, Frame.Reject,
        Frame.KeepAlive, Frame.Receipt {

  FrameType type();

  /**
   * The first frame of every connection, from the carrier: the protocol it speaks, its node id
   * and a fresh random nonce. The client checks the node id is the one the store named for that
   * address, and answers with a {@link Handshake} that proves its ticket's key over both, so a
   * handshake made for one carrier is worth nothing at any other (a relay cannot reuse it).
   */
  record Challenge(int protocolVersion, String nodeId, byte[] nonce) implements Frame {
    public Challenge {
      checkVersion(protocolVersion);
      checkNodeId(nodeId);
      Objects.requireNonNull(nonce, "nonce");
      if (nonce.length != WireLimits.CHALLENGE_NONCE_LENGTH) {
        throw new IllegalArgumentException("nonce: " + nonce.length + " bytes (expected: " + WireLimits.CHALLENGE_NONCE_LENGTH + ")");
      }
      nonce = nonce.clone();
    }

    @Override
    public byte[] nonce() {
      return nonce.clone();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Challenge that && protocolVersion == that.protocolVersion && nodeId.equals(that.nodeId)
          && java.util.Arrays.equals(nonce, that.nonce);
    }

    @Override
    public int hashCode() {
      return Objects.hash(protocolVersion, nodeId, java.util.Arrays.hashCode(nonce));
    }

    @Override
    public String toString() {
      return "Challenge[version=" + protocolVersion + ", nodeId=" + nodeId + "]";
    }

    @Override
    public FrameType type() {
      return FrameType.CHALLENGE;
    }
  }

  /**
   * The client's answer to a challenge: its name, its ticket, and the proof (an Ed25519
   * signature by the ticket's client key over the challenge, see {@code HandshakeProof}).
   */
  record Handshake(int protocolVersion, String nodeId, String ticket, byte[] proof) implements Frame {
    public Handshake {
      checkVersion(protocolVersion);
      checkNodeId(nodeId);
      checkText("ticket", ticket, WireLimits.TICKET_LENGTH_MAX);
      Objects.requireNonNull(proof, "proof");
      if (proof.length != WireLimits.PROOF_LENGTH) {
        throw new IllegalArgumentException("proof: " + proof.length + " bytes (expected: " + WireLimits.PROOF_LENGTH + ")");
      }
      proof = proof.clone();
    }

    @Override
    public byte[] proof() {
      return proof.clone();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Handshake that && protocolVersion == that.protocolVersion && nodeId.equals(that.nodeId)
          && ticket.equals(that.ticket) && java.util.Arrays.equals(proof, that.proof);
    }

    @Override
    public int hashCode() {
      return Objects.hash(protocolVersion, nodeId, ticket, java.util.Arrays.hashCode(proof));
    }

    @Override
    public String toString() {
      return "Handshake[version=" + protocolVersion + ", nodeId=" + nodeId + "]";
    }

    @Override
    public FrameType type() {
      return FrameType.HANDSHAKE;
    }
  }

  /** Which pieces of the session's title the sender holds, verified. */
  record Bitfield(int pieceCount, BitSet pieces) implements Frame {
    public Bitfield {
      if (pieceCount < 1 || pieceCount > WireLimits.PIECE_COUNT_MAX) {
        throw new IllegalArgumentException("piece count: " + pieceCount + " (expected: 1 to " + WireLimits.PIECE_COUNT_MAX + ")");
      }
      if (pieces.length() > pieceCount) {
        throw new IllegalArgumentException("bitfield: piece " + (pieces.length() - 1) + " set beyond " + pieceCount + " pieces");
      }
      pieces = (BitSet) pieces.clone();
    }

    @Override
    public BitSet pieces() {
      return (BitSet) pieces.clone();
    }

    @Override
    public FrameType type() {
      return FrameType.BITFIELD;
    }
  }

  /** The sender has verified one more piece. */
  record Have(int piece) implements Frame {
    public Have {
      checkPiece(piece);
    }

    @Override
    public FrameType type() {
      return FrameType.HAVE;
    }
  }

  record Request(int piece, int offset, int length) implements Frame {
    public Request {
      checkBlock(piece, offset, length);
    }

    @Override
    public FrameType type() {
      return FrameType.REQUEST;
    }
  }

  /** One block of a stored piece. Holds a buffer: whoever receives it releases it. */
  record Piece(int piece, int offset, ByteBuf data) implements Frame {
    public Piece {
      Objects.requireNonNull(data, "data");
      checkBlock(piece, offset, data.readableBytes());
    }

    @Override
    public FrameType type() {
      return FrameType.PIECE;
    }
  }

  record Cancel(int piece, int offset, int length) implements Frame {
    public Cancel {
      checkBlock(piece, offset, length);
    }

    @Override
    public FrameType type() {
      return FrameType.CANCEL;
    }
  }

  /**
   * A refusal: of the whole connection ({@code piece} = -1, then the sender closes) or of one
   * request.
   */
  record Reject(int piece, int offset, int length, RejectReason reason, String message) implements Frame {
    public Reject {
      Objects.requireNonNull(reason, "reason");
      checkText("message", message, WireLimits.REJECT_MESSAGE_LENGTH_MAX);
      if (piece != -1) {
        checkBlock(piece, offset, length);
      } else if (offset != 0 || length != 0) {
        throw new IllegalArgumentException("a connection-wide reject has no offset or length");
      }
    }

    public static Reject connection(RejectReason reason, String message) {
      return new Reject(-1, 0, 0, reason, truncate(message));
    }

    public static Reject request(Request request, RejectReason reason, String message) {
      return new Reject(request.piece(), request.offset(), request.length(), reason, truncate(message));
    }

    private static String truncate(String message) {
      while (message.getBytes(StandardCharsets.UTF_8).length > WireLimits.REJECT_MESSAGE_LENGTH_MAX) {
        message = message.substring(0, message.length() - 1);
      }
      return message;
    }

    public boolean isConnectionWide() {
      return piece == -1;
    }

    @Override
    public FrameType type() {
      return FrameType.REJECT;
    }
  }

  /** Sent when a connection has been quiet; a connection quiet for longer than the idle limit is closed. */
  record KeepAlive() implements Frame {
    public static final KeepAlive INSTANCE = new KeepAlive();

    @Override
    public FrameType type() {
      return FrameType.KEEP_ALIVE;
    }
  }

  /**
   * A client's signed, cumulative receipt for what this carrier gave it; the carrier keeps the
   * newest and submits it to the store.
   */
  record Receipt(SignedReceipt signed) implements Frame {
    public Receipt {
      Objects.requireNonNull(signed, "signed");
    }

    @Override
    public FrameType type() {
      return FrameType.RECEIPT;
    }
  }

  private static void checkVersion(int protocolVersion) {
    if (protocolVersion < 0 || protocolVersion > 0xFFFF) {
      throw new IllegalArgumentException("protocol version: " + protocolVersion + " (expected: 0 to 65535)");
    }
  }

  private static void checkNodeId(String nodeId) {
    checkText("node id", nodeId, WireLimits.NODE_ID_LENGTH_MAX);
    if (nodeId.isEmpty() || !nodeId.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException("node id: 1 to " + WireLimits.NODE_ID_LENGTH_MAX + " printable ASCII characters without spaces");
    }
  }

  private static void checkPiece(int piece) {
    if (piece < 0 || piece >= WireLimits.PIECE_COUNT_MAX) {
      throw new IllegalArgumentException("piece: " + piece + " (expected: 0 to " + (WireLimits.PIECE_COUNT_MAX - 1) + ")");
    }
  }

  private static void checkBlock(int piece, int offset, int length) {
    checkPiece(piece);
    if (offset < 0 || offset >= WireLimits.OFFSET_MAX) {
      throw new IllegalArgumentException("offset: " + offset + " (expected: 0 to " + (WireLimits.OFFSET_MAX - 1) + ")");
    }
    if (length < 1 || length > WireLimits.BLOCK_LENGTH_MAX) {
      throw new IllegalArgumentException("length: " + length + " (expected: 1 to " + WireLimits.BLOCK_LENGTH_MAX + ")");
    }
  }

  private static void checkText(String what, String text, int maxBytes) {
    Objects.requireNonNull(text, what);
    int length = text.getBytes(StandardCharsets.UTF_8).length;
    if (length > maxBytes) {
      throw new IllegalArgumentException(what + ": " + length + " bytes (expected: <= " + maxBytes + ")");
    }
  }
}
