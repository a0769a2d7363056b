package dev.carriage.grid.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.List;

/**
 * Writes frames in the layout {@link FrameDecoder} describes. Stateless, so one instance serves
 * every channel. A piece frame is written as its header followed by the data buffer itself, so
 * the data is never copied; carriers skip even that and follow {@link #pieceHeader} with a file
 * region.
 */
@ChannelHandler.Sharable
public final class FrameEncoder extends MessageToMessageEncoder<Frame> {

  public static final FrameEncoder INSTANCE = new FrameEncoder();

  private FrameEncoder() {}

  @Override
  protected void encode(ChannelHandlerContext context, Frame frame, List<Object> out) {
    if (frame instanceof Frame.Piece) {
      Frame.Piece piece = (Frame.Piece) frame;
      out.add(pieceHeader(context.alloc(), piece.piece(), piece.offset(), piece.data().readableBytes()));
      out.add(piece.data().retain());
      return;
    }
    out.add(encode(context.alloc(), frame));
  }

  /** The length, type and fields of a piece frame whose {@code length} data bytes follow separately. */
  public static ByteBuf pieceHeader(ByteBufAllocator allocator, int piece, int offset, int length) {
    ByteBuf header = allocator.buffer(4 + 1 + 8);
    header.writeInt(1 + 8 + length).writeByte(FrameType.PIECE.code()).writeInt(piece).writeInt(offset);
    return header;
  }

  public static ByteBuf encode(ByteBufAllocator allocator, Frame frame) {
    ByteBuf out = allocator.buffer();
    out.writeInt(0).writeByte(frame.type().code());
    switch (frame.type()) {
      case HANDSHAKE -> {
        Frame.Handshake handshake = (Frame.Handshake) frame;
        byte[] nodeId = handshake.nodeId().getBytes(StandardCharsets.UTF_8);
        byte[] ticket = handshake.ticket().getBytes(StandardCharsets.UTF_8);
        out.writeShort(handshake.protocolVersion()).writeByte(nodeId.length).writeBytes(nodeId);
        out.writeShort(ticket.length).writeBytes(ticket).writeBytes(handshake.proof());
      }
      case CHALLENGE -> {
        Frame.Challenge challenge = (Frame.Challenge) frame;
        byte[] nodeId = challenge.nodeId().getBytes(StandardCharsets.UTF_8);
        out.writeShort(challenge.protocolVersion()).writeByte(nodeId.length).writeBytes(nodeId).writeBytes(challenge.nonce());
      }
      case BITFIELD -> {
        Frame.Bitfield bitfield = (Frame.Bitfield) frame;
        BitSet pieces = bitfield.pieces();
        out.writeInt(bitfield.pieceCount());
        for (int i = 0; i < (bitfield.pieceCount() + 7) / 8; i++) {
          int value = 0;
          for (int bit = 0; bit < 8; bit++) {
            if (pieces.get(i * 8 + bit)) {
              value |= 0x80 >>> bit;
            }
          }
          out.writeByte(value);
        }
      }
      case HAVE -> out.writeInt(((Frame.Have) frame).piece());
      case REQUEST -> {
        Frame.Request request = (Frame.Request) frame;
        out.writeInt(request.piece()).writeInt(request.offset()).writeInt(request.length());
      }
      case CANCEL -> {
        Frame.Cancel cancel = (Frame.Cancel) frame;
        out.writeInt(cancel.piece()).writeInt(cancel.offset()).writeInt(cancel.length());
      }
      case REJECT -> {
        Frame.Reject reject = (Frame.Reject) frame;
        byte[] message = reject.message().getBytes(StandardCharsets.UTF_8);
        out.writeInt(reject.piece()).writeInt(reject.offset()).writeInt(reject.length()).writeByte(reject.reason().code());
        out.writeShort(message.length).writeBytes(message);
      }
      case KEEP_ALIVE -> { }
      case RECEIPT -> out.writeBytes(((Frame.Receipt) frame).signed().encode());
      case PIECE -> {
        Frame.Piece piece = (Frame.Piece) frame;
        out.writeInt(piece.piece()).writeInt(piece.offset()).writeBytes(piece.data(), piece.data().readerIndex(), piece.data().readableBytes());
      }
    }
    out.setInt(0, out.readableBytes() - WireLimits.LENGTH_FIELD_LENGTH);
    return out;
  }
}
