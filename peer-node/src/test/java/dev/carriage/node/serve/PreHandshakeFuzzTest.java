package dev.carriage.node.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carriage.grid.wire.MeasuringAllocator;
import dev.carriage.grid.wire.WireLimits;
import dev.carriage.node.NodeSettings;
import dev.carriage.node.storage.PieceStore;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * A stranger's bytes against the carrier's real connection pipeline, before any handshake:
 * random streams, frames declaring 256 KiB and stopping half way, keep-alives, handshakes with
 * garbage tickets, anything in any chunking. Whatever arrives, the carrier never allocates more
 * than the pre-handshake bound for it, and the connection is closed by the handshake deadline.
 */
class PreHandshakeFuzzTest {

  private static final Duration DEADLINE = Duration.ofSeconds(5);
  /**
   * The guard lets at most {@link PreHandshakeGuard#BYTES_MAX} bytes reach the frame splitter; its
   * cumulation buffer rounds that capacity up to the next power of two.
   */
  private static final int ALLOCATION_MAX = Integer.highestOneBit(PreHandshakeGuard.BYTES_MAX - 1) << 1;

  private static Path data;
  private static PieceStore store;
  private static CarrierServer server;

  @BeforeContainer
  static void aCarrier() throws Exception {
    data = Files.createTempDirectory("pre-handshake");
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    PublicKey storeKey = generator.generateKeyPair().getPublic();
    store = PieceStore.open(data.resolve("node"), Map.of("k1", storeKey)::get);
    NodeSettings settings = NodeSettings.builder(data.resolve("node"), URI.create("http://127.0.0.1:1")).handshakeDeadline(DEADLINE).build();
    server = new CarrierServer(settings, store, Map.of("k1", storeKey)::get, "carriage", java.util.UUID.randomUUID().toString(),
        Clock.systemUTC());
  }

  @AfterContainer
  static void stop() throws IOException {
    server.close();
    store.close();
  }

  @Property(tries = 400)
  void anyStreamFromAStranger_holdsAtMostAHandshake_andEndsClosedByTheDeadline(@ForAll("strangersBytes") byte[] bytes,
      @ForAll("chunks") int chunk) throws Exception {
    MeasuringAllocator allocator = new MeasuringAllocator();
    EmbeddedChannel channel = new EmbeddedChannel(false, false);
    channel.config().setAllocator(allocator);
    server.configure(channel);
    channel.register();
    for (int at = 0; at < bytes.length && channel.isOpen(); at += chunk) {
      // The test's own buffers stand for the socket's reads; only the pipeline's allocations are measured.
      channel.writeInbound(Unpooled.wrappedBuffer(bytes, at, Math.min(chunk, bytes.length - at)));
    }
    channel.advanceTimeBy(DEADLINE.toMillis() + 1, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    channel.runPendingTasks();

    assertThat(channel.isOpen()).as("open after the deadline").isFalse();
    assertThat(allocator.largest()).as("largest allocation").isLessThanOrEqualTo(ALLOCATION_MAX);
    channel.finishAndReleaseAll();
  }

  @Provide
  Arbitrary<Integer> chunks() {
    return Arbitraries.oneOf(Arbitraries.integers().between(1, 16), Arbitraries.integers().between(17, 70_000));
  }

  @Provide
  Arbitrary<byte[]> strangersBytes() {
    return Arbitraries.oneOf(
        Arbitraries.bytes().array(byte[].class).ofMaxSize(600),
        Arbitraries.bytes().array(byte[].class).ofMinSize(4_000).ofMaxSize(300_000),
        // Half a piece frame: a length prefix for the largest frame, then part of it.
        Arbitraries.integers().between(0, WireLimits.FRAME_LENGTH_MAX).map(sent -> frameHeader(WireLimits.FRAME_LENGTH_MAX, 5, sent)),
        // Keep-alives, as many as anyone likes: only a handshake is taken before the handshake.
        Arbitraries.integers().between(1, 5_000).map(count -> repeat(frameHeader(1, 8, 0), count)),
        // Handshake-shaped frames whose ticket and proof are garbage, of any declared length.
        Arbitraries.integers().between(1, WireLimits.HANDSHAKE_FRAME_LENGTH_MAX + 10).map(length -> frameHeader(length, 1, length - 1)));
  }

  /** A frame's length prefix and type byte, then {@code body} zero bytes of what it declared. */
  private static byte[] frameHeader(int declaredLength, int type, int body) {
    ByteBuffer out = ByteBuffer.allocate(5 + body);
    out.putInt(declaredLength).put((byte) type);
    return out.array();
  }

  private static byte[] repeat(byte[] unit, int count) {
    ByteBuffer out = ByteBuffer.allocate(unit.length * count);
    for (int i = 0; i < count; i++) {
      out.put(unit);
    }
    return out.array();
  }
}
