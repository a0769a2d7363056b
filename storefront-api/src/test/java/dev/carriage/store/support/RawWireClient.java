package dev.carriage.store.support;

import dev.carriage.grid.wire.Frame;
import dev.carriage.grid.wire.Wire;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A bare protocol client for tests: sends the frames it is given, keeps every frame it gets back. */
public final class RawWireClient implements AutoCloseable {

  private final EventLoopGroup group = new NioEventLoopGroup(1);
  private final List<Frame> received = new CopyOnWriteArrayList<>();
  private final CountDownLatch closed = new CountDownLatch(1);
  private final CountDownLatch pieceArrived = new CountDownLatch(1);
  private final java.util.Map<Integer, CountDownLatch> pieceFrames = new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.concurrent.CompletableFuture<Frame.Challenge> challenge = new java.util.concurrent.CompletableFuture<>();
  private final Channel channel;

  public RawWireClient(String host, int port) throws InterruptedException {
    channel = new Bootstrap()
        .group(group)
        .channel(NioSocketChannel.class)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel channel) {
            Wire.addCodec(channel.pipeline());
            channel.pipeline().addLast(new SimpleChannelInboundHandler<Frame>() {
              @Override
              protected void channelRead0(ChannelHandlerContext context, Frame frame) {
                received.add(frame);
                if (frame instanceof Frame.Challenge) {
                  challenge.complete((Frame.Challenge) frame);
                }
                if (frame instanceof Frame.Piece) {
                  ((Frame.Piece) frame).data().release();
                  pieceArrived.countDown();
                  latchOf(((Frame.Piece) frame).piece()).countDown();
                }
              }

              @Override
              public void channelInactive(ChannelHandlerContext context) {
                closed.countDown();
              }
            });
          }
        })
        .connect(host, port)
        .sync()
        .channel();
  }

  /** The carrier's challenge, which it sends first on every connection. */
  public Frame.Challenge challenge() {
    try {
      return challenge.get(5, TimeUnit.SECONDS);
    } catch (Exception none) {
      throw new AssertionError("no challenge from the carrier: " + received, none);
    }
  }

  /** A handshake answering this connection's challenge: the ticket, and a proof by its key over the carrier's nonce and id. */
  public Frame.Handshake handshake(String ticket, java.security.PrivateKey ticketKey) {
    Frame.Challenge asked = challenge();
    return handshake(ticket, ticketKey, asked.nonce(), asked.nodeId());
  }

  /** A handshake with a proof over whatever nonce and node id it is given: for relays and replays. */
  public static Frame.Handshake handshake(String ticket, java.security.PrivateKey ticketKey, byte[] nonce, String nodeId) {
    return new Frame.Handshake(dev.carriage.grid.wire.WireLimits.PROTOCOL_VERSION, "test-client", ticket,
        dev.carriage.grid.ticket.HandshakeProof.sign(ticketKey, nonce, nodeId));
  }

  public RawWireClient send(Frame... frames) {
    for (Frame frame : frames) {
      channel.write(frame);
    }
    channel.flush();
    return this;
  }

  /** Writes bytes straight to the socket, past the encoder: for frames no encoder would make. */
  public RawWireClient sendRaw(byte[] bytes) {
    channel.pipeline().firstContext().writeAndFlush(io.netty.buffer.Unpooled.wrappedBuffer(bytes));
    return this;
  }

  /** Waits until the other side closes the connection; false if it is still open after the timeout. */
  public boolean awaitClose(long seconds) throws InterruptedException {
    return closed.await(seconds, TimeUnit.SECONDS);
  }

  /** Waits for the first piece frame; false if none came within the timeout. */
  public boolean awaitPiece(long seconds) throws InterruptedException {
    return pieceArrived.await(seconds, TimeUnit.SECONDS);
  }

  /** Waits for a piece frame of this piece; false if none came within the timeout. */
  public boolean awaitPieceOf(int piece, long seconds) throws InterruptedException {
    return latchOf(piece).await(seconds, TimeUnit.SECONDS);
  }

  private CountDownLatch latchOf(int piece) {
    return pieceFrames.computeIfAbsent(piece, ignored -> new CountDownLatch(1));
  }

  /** The pieces of every piece frame received so far, in arrival order. */
  public List<Integer> piecesReceived() {
    return received.stream().filter(frame -> frame instanceof Frame.Piece).map(frame -> ((Frame.Piece) frame).piece()).toList();
  }

  public List<Frame> received() {
    return List.copyOf(received);
  }

  public boolean receivedAnyPiece() {
    return received.stream().anyMatch(frame -> frame instanceof Frame.Piece);
  }

  @Override
  public void close() {
    channel.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }
}
