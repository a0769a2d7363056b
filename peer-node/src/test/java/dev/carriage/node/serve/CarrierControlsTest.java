package dev.carriage.node.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carriage.grid.crypto.ContentEncryptor;
import dev.carriage.grid.manifest.ManifestSigner;
import dev.carriage.grid.manifest.SignedManifest;
import dev.carriage.grid.ticket.Ticket;
import dev.carriage.grid.ticket.Tickets;
import dev.carriage.grid.wire.Frame;
import dev.carriage.grid.wire.RejectReason;
import dev.carriage.grid.wire.Wire;
import dev.carriage.grid.wire.WireLimits;
import dev.carriage.node.NodeSettings;
import dev.carriage.node.storage.PieceStore;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's controls on a real carrier server: pause and resume, serving hours, the disk quota. */
class CarrierControlsTest {

  @TempDir Path data;
  private final UUID titleId = UUID.randomUUID();
  private KeyPair storeKey;
  private PieceStore store;
  private SignedManifest signed;
  private final NioEventLoopGroup clients = new NioEventLoopGroup(1);

  @BeforeEach
  void holdOneTitle() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    storeKey = generator.generateKeyPair();
    Path media = Files.write(data.resolve("media.bin"), new byte[70_000]);
    Path stored = data.resolve("stored.bin");
    ContentEncryptor.Encrypted encrypted = ContentEncryptor.encrypt(titleId, media, stored, 16 * 1024, bytes -> { });
    signed = ManifestSigner.sign(encrypted.manifest(), storeKey.getPrivate(), "k1");
    store = PieceStore.open(data.resolve("node"), Map.of("k1", storeKey.getPublic())::get);
    store.adopt(encrypted.manifest(), signed.encode(), stored);
  }

  @AfterEach
  void stop() throws Exception {
    store.close();
    clients.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  private static final String NODE_ID = UUID.randomUUID().toString();

  private CarrierServer server(ServingHours hours, Clock clock) throws Exception {
    NodeSettings settings = NodeSettings.builder(data.resolve("node"), URI.create("http://127.0.0.1:1")).servingHours(hours).build();
    CarrierServer server = new CarrierServer(settings, store, Map.of("k1", storeKey.getPublic())::get, "carriage", NODE_ID, clock);
    server.start();
    return server;
  }

  private List<Frame> exchange(CarrierServer server) throws Exception {
    List<Frame> received = new CopyOnWriteArrayList<>();
    java.util.concurrent.CompletableFuture<Frame.Challenge> challenged = new java.util.concurrent.CompletableFuture<>();
    Channel channel = new Bootstrap().group(clients).channel(NioSocketChannel.class)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel channel) {
            Wire.addCodec(channel.pipeline());
            channel.pipeline().addLast(new SimpleChannelInboundHandler<Frame>() {
              @Override
              protected void channelRead0(ChannelHandlerContext context, Frame frame) {
                if (frame instanceof Frame.Piece) {
                  ((Frame.Piece) frame).data().release();
                }
                received.add(frame);
                if (frame instanceof Frame.Challenge) {
                  challenged.complete((Frame.Challenge) frame);
                }
              }
            });
          }
        })
        .connect("127.0.0.1", server.port()).sync().channel();
    java.security.KeyPair clientKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Ticket ticket = new Ticket(UUID.randomUUID(), titleId, signed.manifest().merkleRoot(), clientKey.getPublic(), Instant.now(),
        Instant.now().plusSeconds(600));
    Frame.Challenge challenge = challenged.get(5, TimeUnit.SECONDS);
    channel.write(new Frame.Handshake(WireLimits.PROTOCOL_VERSION, "client", Tickets.sign(ticket, storeKey.getPrivate(), "k1", "carriage"),
        dev.carriage.grid.ticket.HandshakeProof.sign(clientKey.getPrivate(), challenge.nonce(), challenge.nodeId())));
    channel.writeAndFlush(new Frame.Request(0, 0, 1024));
    channel.closeFuture().await(2, TimeUnit.SECONDS);
    channel.close().sync();
    return received;
  }

  private static boolean gotPiece(List<Frame> frames) {
    return frames.stream().anyMatch(frame -> frame instanceof Frame.Piece);
  }

  private static boolean rejectedFor(List<Frame> frames, RejectReason reason) {
    return frames.stream().anyMatch(frame -> frame instanceof Frame.Reject && ((Frame.Reject) frame).reason() == reason);
  }

  @Test
  void pausedNode_servesNothing_untilResumed() throws Exception {
    try (CarrierServer server = server(ServingHours.ALWAYS, Clock.systemUTC())) {
      new NodeControl(data.resolve("node")).pause();
      List<Frame> paused = exchange(server);
      assertThat(rejectedFor(paused, RejectReason.PAUSED)).isTrue();
      assertThat(gotPiece(paused)).isFalse();

      new NodeControl(data.resolve("node")).resume();
      assertThat(gotPiece(exchange(server))).isTrue();
    }
  }

  @Test
  void outsideServingHours_servesNothing() throws Exception {
    Clock noon = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);
    try (CarrierServer nightsOnly = server(ServingHours.parse("22:00-07:00", ZoneOffset.UTC), noon)) {
      List<Frame> frames = exchange(nightsOnly);
      assertThat(rejectedFor(frames, RejectReason.OUTSIDE_SERVING_HOURS)).isTrue();
      assertThat(gotPiece(frames)).isFalse();
    }
    try (CarrierServer middayToo = server(ServingHours.parse("11:00-13:00", ZoneOffset.UTC), noon)) {
      assertThat(gotPiece(exchange(middayToo))).isTrue();
    }
  }

  @Test
  void diskQuota_evictsTheLeastRecentlyUsedTitle_butNeverAPinnedOne() throws Exception {
    long held = store.heldBytes();
    assertThat(store.enforceQuota(held)).isEmpty();
    store.pin(titleId);
    assertThat(store.enforceQuota(held - 1)).isEmpty();
    store.unpin(titleId);
    assertThat(store.enforceQuota(held - 1)).containsExactly(titleId);
    assertThat(store.get(titleId)).isEmpty();
    assertThat(store.heldBytes()).isZero();
  }
}
