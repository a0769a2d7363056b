package dev.carriage.grid.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Hostile bytes against the decoder, as a carrier meets them: random streams, valid frames with
 * bytes flipped, cut or spliced, lying length fields. Whatever arrives, no exception escapes the
 * pipeline (a malformed frame closes the connection) and no buffer larger than the protocol's
 * bound, or than the bytes that actually arrived, is ever allocated.
 */
class FrameFuzzTest {

  /** The end of a carrier's pipeline: takes frames, closes on any error, as the real handler does. */
  static final class Sink extends ChannelInboundHandlerAdapter {
    final List<Frame> frames = new ArrayList<>();
    Throwable closedFor;

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
      if (message instanceof Frame.Piece) {
        ((Frame.Piece) message).data().release();
      }
      frames.add((Frame) message);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
      closedFor = cause;
      context.close();
    }
  }

  private static void feed(byte[] bytes, int chunk) {
    MeasuringAllocator allocator = new MeasuringAllocator();
    EmbeddedChannel channel = new EmbeddedChannel();
    channel.config().setAllocator(allocator);
    Wire.addCodec(channel.pipeline());
    Sink sink = new Sink();
    channel.pipeline().addLast(sink);
    for (int at = 0; at < bytes.length && channel.isOpen(); at += chunk) {
      ByteBuf part = allocator.buffer(Math.min(chunk, bytes.length - at));
      part.writeBytes(bytes, at, Math.min(chunk, bytes.length - at));
      channel.writeInbound(part);
    }
    channel.checkException();
    channel.finishAndReleaseAll();
    assertThat(allocator.largest())
        .as("largest allocation")
        .isLessThanOrEqualTo(Math.max(bytes.length, 256));
    assertThat(allocator.largest()).isLessThanOrEqualTo(WireLimits.FRAME_LENGTH_MAX + WireLimits.LENGTH_FIELD_LENGTH);
  }

  @Property(tries = 2000)
  void randomBytes_neverEscapeOrOverAllocate(@ForAll @Size(max = 600) byte[] bytes, @ForAll("chunks") int chunk) {
    feed(bytes, chunk);
  }

  @Property(tries = 3000)
  void mutatedValidFrames_neverEscapeOrOverAllocate(
      @ForAll("validStreams") byte[] stream, @ForAll("mutations") List<int[]> mutations, @ForAll("chunks") int chunk) {
    byte[] mutated = stream.clone();
    for (int[] mutation : mutations) {
      int position = Math.floorMod(mutation[0], mutated.length);
      switch (mutation[1]) {
        case 0 -> mutated[position] ^= (byte) (1 << (mutation[2] & 7));
        case 1 -> mutated[position] = (byte) mutation[2];
        case 2 -> mutated = java.util.Arrays.copyOf(mutated, Math.max(1, position));
        default -> mutated[position] = (byte) 0xFF;
      }
    }
    feed(mutated, chunk);
  }

  @Property(tries = 500)
  void validStreams_decodeToExactlyTheirFrames(@ForAll("validFrameLists") List<Frame> frames, @ForAll("chunks") int chunk) {
    ByteBuf all = Unpooled.buffer();
    for (Frame frame : frames) {
      ByteBuf one = FrameEncoder.encode(ByteBufAllocator.DEFAULT, frame);
      all.writeBytes(one);
      one.release();
    }
    EmbeddedChannel channel = new EmbeddedChannel();
    Wire.addCodec(channel.pipeline());
    Sink sink = new Sink();
    channel.pipeline().addLast(sink);
    while (all.isReadable()) {
      channel.writeInbound(all.readRetainedSlice(Math.min(chunk, all.readableBytes())));
    }
    all.release();
    assertThat(sink.closedFor).isNull();
    assertThat(sink.frames).hasSize(frames.size());
    channel.finishAndReleaseAll();
  }

  @Provide
  Arbitrary<Integer> chunks() {
    return Arbitraries.of(1, 2, 3, 7, 64, 4096);
  }

  @Provide
  Arbitrary<List<int[]>> mutations() {
    return Combinators.combine(Arbitraries.integers(), Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 255))
        .as((position, kind, value) -> new int[] {position, kind, value})
        .list().ofMinSize(1).ofMaxSize(4);
  }

  @Provide
  Arbitrary<byte[]> validStreams() {
    return validFrameLists().map(frames -> {
      ByteBuf all = Unpooled.buffer();
      for (Frame frame : frames) {
        ByteBuf one = FrameEncoder.encode(ByteBufAllocator.DEFAULT, frame);
        all.writeBytes(one);
        one.release();
      }
      byte[] bytes = new byte[all.readableBytes()];
      all.readBytes(bytes);
      all.release();
      return bytes;
    });
  }

  @Provide
  Arbitrary<List<Frame>> validFrameLists() {
    Arbitrary<Integer> pieces = Arbitraries.integers().between(0, 5000);
    Arbitrary<Integer> lengths = Arbitraries.integers().between(1, WireLimits.BLOCK_LENGTH_MAX);
    Arbitrary<Frame> frame = Arbitraries.oneOf(
        Combinators.combine(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(64), Arbitraries.strings().ascii().ofMaxLength(200)
            .map(text -> text.replaceAll("[\\x00-\\x1f]", "x")))
            .as((node, ticket) -> (Frame) new Frame.Handshake(2, node, ticket, new byte[WireLimits.PROOF_LENGTH])),
        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(64).map(node -> (Frame) new Frame.Challenge(2, node,
            new byte[WireLimits.CHALLENGE_NONCE_LENGTH])),
        pieces.map(piece -> (Frame) new Frame.Have(piece)),
        Combinators.combine(pieces, Arbitraries.integers().between(0, 1 << 20), lengths)
            .as((piece, offset, length) -> (Frame) new Frame.Request(piece, offset, length)),
        Combinators.combine(pieces, Arbitraries.integers().between(0, 1 << 20), lengths)
            .as((piece, offset, length) -> (Frame) new Frame.Cancel(piece, offset, length)),
        Combinators.combine(pieces, Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(300))
            .as((piece, data) -> (Frame) new Frame.Piece(piece, 0, Unpooled.wrappedBuffer(data))),
        Arbitraries.integers().between(1, 300).map(count -> {
          BitSet bits = new BitSet();
          bits.set(0, count, true);
          return (Frame) new Frame.Bitfield(count, bits);
        }),
        Arbitraries.of(RejectReason.class).map(reason -> (Frame) Frame.Reject.connection(reason, "refused: " + reason)),
        Arbitraries.just(Frame.KeepAlive.INSTANCE));
    return frame.list().ofMinSize(1).ofMaxSize(6);
  }

}
