package dev.carriage.grid.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameCodecTest {

  private static EmbeddedChannel channel() {
    EmbeddedChannel channel = new EmbeddedChannel();
    Wire.addCodec(channel.pipeline());
    return channel;
  }

  private static ByteBuf encoded(Frame frame) {
    EmbeddedChannel out = channel();
    out.writeOutbound(frame);
    ByteBuf all = Unpooled.buffer();
    for (Object part; (part = out.readOutbound()) != null; ) {
      all.writeBytes((ByteBuf) part);
      ((ByteBuf) part).release();
    }
    assertFalse(out.finish());
    return all;
  }

  private static Frame roundTripByteByByte(Frame frame) {
    ByteBuf bytes = encoded(frame);
    EmbeddedChannel in = channel();
    while (bytes.isReadable()) {
      in.writeInbound(bytes.readRetainedSlice(1));
    }
    bytes.release();
    Frame decoded = in.readInbound();
    assertThat((Object) in.readInbound()).isNull();
    assertFalse(in.finish());
    return decoded;
  }

  @Test
  void everyFrameKind_survivesARoundTripFedByteByByte() {
    BitSet held = new BitSet();
    held.set(0);
    held.set(9);
    held.set(10);
    List<Frame> frames = List.of(
        new Frame.Challenge(2, "5f0c4b1e-origin", new byte[WireLimits.CHALLENGE_NONCE_LENGTH]),
        new Frame.Handshake(2, "node-7f3a", "eyJ.ticket.sig", new byte[WireLimits.PROOF_LENGTH]),
        new Frame.Handshake(2, "client", "", filled(WireLimits.PROOF_LENGTH, (byte) 7)),
        new Frame.Bitfield(11, held),
        new Frame.Have(42),
        new Frame.Request(3, 65536, 65536),
        new Frame.Cancel(3, 65536, 65536),
        Frame.Reject.connection(RejectReason.TICKET_EXPIRED, "ticket expired at 2026-11-23T12:00:00Z"),
        Frame.Reject.request(new Frame.Request(1, 0, 10), RejectReason.PIECE_NOT_HELD, "not held"),
        Frame.KeepAlive.INSTANCE);
    for (Frame frame : frames) {
      Frame decoded = roundTripByteByByte(frame);
      if (frame instanceof Frame.Bitfield) {
        assertThat(((Frame.Bitfield) decoded).pieces()).isEqualTo(held);
      } else {
        assertThat(decoded).isEqualTo(frame);
      }
    }
  }

  @Test
  void pieceData_arrivesIntact_asASliceThatMustBeReleased() {
    byte[] data = "sixteen byte blk".getBytes(StandardCharsets.US_ASCII);
    Frame.Piece decoded = (Frame.Piece) roundTripByteByByte(new Frame.Piece(2, 16, Unpooled.wrappedBuffer(data)));

    assertThat(decoded.piece()).isEqualTo(2);
    assertThat(decoded.offset()).isEqualTo(16);
    byte[] received = new byte[decoded.data().readableBytes()];
    decoded.data().readBytes(received);
    assertThat(received).isEqualTo(data);
    assertThat(decoded.data().release()).isTrue();
  }

  @Test
  void pieceHeader_plusSeparateData_isTheSameFrame() {
    ByteBuf data = Unpooled.wrappedBuffer(new byte[] {1, 2, 3});
    ByteBuf wire = Unpooled.wrappedBuffer(FrameEncoder.pieceHeader(ByteBufAllocator.DEFAULT, 5, 0, 3), data);
    EmbeddedChannel in = channel();
    in.writeInbound(wire);
    Frame.Piece piece = in.readInbound();
    assertThat(piece.piece()).isEqualTo(5);
    assertThat(piece.data().readableBytes()).isEqualTo(3);
    piece.data().release();
    assertFalse(in.finish());
  }

  private static void assertRefused(String hex, String reason) {
    EmbeddedChannel in = channel();
    ByteBuf bytes = Unpooled.wrappedBuffer(java.util.HexFormat.of().parseHex(hex));
    assertThatThrownBy(() -> in.writeInbound(bytes)).hasMessageContaining(reason);
    in.finishAndReleaseAll();
  }

  @Test
  void malformedFrames_areRefusedWithTheirReason() {
    assertRefused("0000000163", "unknown frame type 99");
    assertRefused("0000000109", "receipt: 0 bytes");
    assertRefused("00000000", "empty frame");
    assertRefused("0000000203" + "00", "piece: needs 4 bytes");
    assertRefused("0000000603" + "00000000" + "00", "left over");
    assertRefused("0000000504" + "00000000", "offset: needs 4 bytes");
    assertRefused("0000000d04" + "00000000" + "00000000" + "00000000", "length: 0");
    assertRefused("0000000d04" + "00000000" + "00000000" + "00100000", "expected: 1 to " + WireLimits.BLOCK_LENGTH_MAX);
    assertRefused("0000000503" + "ffffffff", "expected: <= 2147483647");
    assertRefused("0000000502" + "00000009", "bitfield: 0 bytes of bits");
    assertRefused("0000000602" + "00000004" + "0f", "spare bit");
    assertRefused("0000000602" + "7fffffff" + "00", "piece count 2147483647");
    assertRefused("0000000501" + "0001" + "41" + "00", "node id: length 65");
    assertRefused("0000000701" + "0001" + "02" + "4142" + "ff", "ticket length: needs 2 bytes");
    assertRefused("0000001007" + "ffffffff" + "00000000" + "00000000" + "63" + "0000", "unknown reason 99");
  }

  @Test
  void declaredLengthOverTheLimit_isRefusedBeforeAnyOfItIsBuffered() {
    EmbeddedChannel in = channel();
    ByteBuf header = Unpooled.buffer().writeInt(WireLimits.FRAME_LENGTH_MAX + 1).writeByte(5);
    assertThatThrownBy(() -> in.writeInbound(header)).isInstanceOf(TooLongFrameException.class)
        .hasMessageContaining(String.valueOf(WireLimits.FRAME_LENGTH_MAX + 5));
    in.finishAndReleaseAll();
  }

  @Test
  void invalidFrames_cannotBeBuiltToBeSent() {
    assertThatThrownBy(() -> new Frame.Request(0, 0, WireLimits.BLOCK_LENGTH_MAX + 1)).hasMessageContaining("length");
    assertThatThrownBy(() -> new Frame.Have(-1)).hasMessageContaining("piece");
    assertThatThrownBy(() -> new Frame.Handshake(2, "has space", "", new byte[WireLimits.PROOF_LENGTH])).hasMessageContaining("node id");
    assertThatThrownBy(() -> new Frame.Handshake(2, "client", "t", new byte[10])).hasMessageContaining("proof");
    assertThatThrownBy(() -> new Frame.Challenge(2, "carrier", new byte[31])).hasMessageContaining("nonce");
    BitSet beyond = new BitSet();
    beyond.set(20);
    assertThatThrownBy(() -> new Frame.Bitfield(8, beyond)).hasMessageContaining("beyond");
  }

  private static byte[] filled(int length, byte value) {
    byte[] bytes = new byte[length];
    java.util.Arrays.fill(bytes, value);
    return bytes;
  }
}
