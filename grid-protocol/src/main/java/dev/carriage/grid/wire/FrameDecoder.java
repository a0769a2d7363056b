package dev.carriage.grid.wire;

import dev.carriage.grid.receipt.ReceiptCodec;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.List;

/**
 * Reads one frame from each length-delimited buffer that {@link Wire#frameSplitter} cuts. Every
 * frame on the wire is {@code <length u32><type u8><payload>}, with length = 1 + payload bytes:
 *
 * <pre>
 * handshake  1: <version u16> <node id length u8> <node id> <ticket length u16> <ticket> <proof, 64 bytes>
 * bitfield   2: <piece count u32> <bits, ceil(count / 8) bytes, piece 0 = high bit of byte 0>
 * have       3: <piece u32>
 * request    4: <piece u32> <offset u32> <length u32>
 * piece      5: <piece u32> <offset u32> <data, 1 to BLOCK_LENGTH_MAX bytes>
 * cancel     6: <piece u32> <offset u32> <length u32>
 * reject     7: <piece i32, -1 = whole connection> <offset u32> <length u32> <reason u8> <message length u16> <message>
 * keep-alive 8: nothing
 * receipt    9: <signed receipt, as ReceiptCodec writes it>
 * challenge 10: <version u16> <node id length u8> <node id> <nonce, 32 bytes>
 * </pre>
 *
 * Every count is checked against the bytes present before anything is read into memory, and
 * leftover bytes are an error, as is an unknown type. A piece frame's data is a slice of the
 * received buffer, not a copy.
 */
public final class FrameDecoder extends MessageToMessageDecoder<ByteBuf> {

  @Override
  protected void decode(ChannelHandlerContext context, ByteBuf frame, List<Object> out) {
    out.add(decode(frame));
  }

  static Frame decode(ByteBuf frame) {
    if (!frame.isReadable()) {
      throw new MalformedFrameException("empty frame (expected: a type byte)");
    }
    int code = frame.readUnsignedByte();
    FrameType type = FrameType.of(code);
    if (type == null) {
      throw new MalformedFrameException("unknown frame type " + code);
    }
    try {
      Frame decoded = switch (type) {
        case HANDSHAKE -> handshake(frame);
        case BITFIELD -> bitfield(frame);
        case HAVE -> new Frame.Have(index(frame));
        case REQUEST -> new Frame.Request(index(frame), unsigned(frame, "offset"), unsigned(frame, "length"));
        case PIECE -> piece(frame);
        case CANCEL -> new Frame.Cancel(index(frame), unsigned(frame, "offset"), unsigned(frame, "length"));
        case REJECT -> reject(frame);
        case KEEP_ALIVE -> Frame.KeepAlive.INSTANCE;
        case RECEIPT -> receipt(frame);
        case CHALLENGE -> challenge(frame);
      };
      if (frame.isReadable()) {
        if (decoded instanceof Frame.Piece) {
          ((Frame.Piece) decoded).data().release();
        }
        throw new MalformedFrameException(type + ": " + frame.readableBytes() + " bytes left over");
      }
      return decoded;
    } catch (IllegalArgumentException invalid) {
      throw new MalformedFrameException(type + ": " + invalid.getMessage());
    }
  }

  private static Frame handshake(ByteBuf frame) {
    int version = need(frame, 2, "version").readUnsignedShort();
    String nodeId = text(frame, need(frame, 1, "node id length").readUnsignedByte(), WireLimits.NODE_ID_LENGTH_MAX, "node id");
    String ticket = text(frame, need(frame, 2, "ticket length").readUnsignedShort(), WireLimits.TICKET_LENGTH_MAX, "ticket");
    byte[] proof = new byte[WireLimits.PROOF_LENGTH];
    need(frame, proof.length, "proof").readBytes(proof);
    return new Frame.Handshake(version, nodeId, ticket, proof);
  }

  private static Frame challenge(ByteBuf frame) {
    int version = need(frame, 2, "version").readUnsignedShort();
    String nodeId = text(frame, need(frame, 1, "node id length").readUnsignedByte(), WireLimits.NODE_ID_LENGTH_MAX, "node id");
    byte[] nonce = new byte[WireLimits.CHALLENGE_NONCE_LENGTH];
    need(frame, nonce.length, "nonce").readBytes(nonce);
    return new Frame.Challenge(version, nodeId, nonce);
  }

  private static Frame bitfield(ByteBuf frame) {
    int count = unsigned(frame, "piece count");
    if (count < 1 || count > WireLimits.PIECE_COUNT_MAX) {
      throw new MalformedFrameException("bitfield: piece count " + count + " (expected: 1 to " + WireLimits.PIECE_COUNT_MAX + ")");
    }
    int bytes = (count + 7) / 8;
    if (frame.readableBytes() != bytes) {
      throw new MalformedFrameException("bitfield: " + frame.readableBytes() + " bytes of bits (expected: " + bytes + " for " + count + " pieces)");
    }
    BitSet pieces = new BitSet(count);
    for (int i = 0; i < bytes; i++) {
      int value = frame.readUnsignedByte();
      for (int bit = 0; bit < 8; bit++) {
        if ((value & (0x80 >>> bit)) != 0) {
          int piece = i * 8 + bit;
          if (piece >= count) {
            throw new MalformedFrameException("bitfield: spare bit " + piece + " is set beyond " + count + " pieces");
          }
          pieces.set(piece);
        }
      }
    }
    return new Frame.Bitfield(count, pieces);
  }

  private static Frame piece(ByteBuf frame) {
    int index = index(frame);
    int offset = unsigned(frame, "offset");
    int length = frame.readableBytes();
    if (length < 1 || length > WireLimits.BLOCK_LENGTH_MAX) {
      throw new MalformedFrameException("piece: " + length + " data bytes (expected: 1 to " + WireLimits.BLOCK_LENGTH_MAX + ")");
    }
    ByteBuf data = frame.readRetainedSlice(length);
    try {
      return new Frame.Piece(index, offset, data);
    } catch (IllegalArgumentException invalid) {
      data.release();
      throw invalid;
    }
  }

  private static Frame reject(ByteBuf frame) {
    int piece = need(frame, 4, "piece").readInt();
    int offset = unsigned(frame, "offset");
    int length = unsigned(frame, "length");
    int code = need(frame, 1, "reason").readUnsignedByte();
    RejectReason reason = RejectReason.of(code);
    if (reason == null) {
      throw new MalformedFrameException("reject: unknown reason " + code);
    }
    String message = text(frame, need(frame, 2, "message length").readUnsignedShort(), WireLimits.REJECT_MESSAGE_LENGTH_MAX, "message");
    return new Frame.Reject(piece, offset, length, reason, message);
  }

  private static Frame receipt(ByteBuf frame) {
    int length = frame.readableBytes();
    if (length > ReceiptCodec.ENCODED_LENGTH_MAX) {
      throw new MalformedFrameException("receipt: " + length + " bytes (expected: <= " + ReceiptCodec.ENCODED_LENGTH_MAX + ")");
    }
    byte[] encoded = new byte[length];
    frame.readBytes(encoded);
    return new Frame.Receipt(ReceiptCodec.decode(encoded));
  }

  private static int index(ByteBuf frame) {
    int piece = unsigned(frame, "piece");
    if (piece >= WireLimits.PIECE_COUNT_MAX) {
      throw new MalformedFrameException("piece: " + piece + " (expected: < " + WireLimits.PIECE_COUNT_MAX + ")");
    }
    return piece;
  }

  /** A u32 field that must fit a non-negative int; larger values can never be valid here. */
  private static int unsigned(ByteBuf frame, String field) {
    long value = need(frame, 4, field).readUnsignedInt();
    if (value > Integer.MAX_VALUE) {
      throw new MalformedFrameException(field + ": " + value + " (expected: <= " + Integer.MAX_VALUE + ")");
    }
    return (int) value;
  }

  private static String text(ByteBuf frame, int length, int maxLength, String field) {
    if (length > maxLength) {
      throw new MalformedFrameException(field + ": length " + length + " (expected: <= " + maxLength + ")");
    }
    need(frame, length, field);
    String text = frame.readCharSequence(length, StandardCharsets.UTF_8).toString();
    if (text.indexOf('\uFFFD') >= 0 || text.chars().anyMatch(c -> c < 0x20)) {
      throw new MalformedFrameException(field + ": not printable UTF-8");
    }
    return text;
  }

  private static ByteBuf need(ByteBuf frame, int bytes, String field) {
    if (frame.readableBytes() < bytes) {
      throw new MalformedFrameException(field + ": needs " + bytes + " bytes, " + frame.readableBytes() + " left");
    }
    return frame;
  }
}
