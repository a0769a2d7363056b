package dev.carriage.node.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A hostile peer that never shows a ticket: it holds {@code connections} connections to a carrier
 * from one address and opens a new one whenever one is closed, until it is closed itself. Each
 * connection either says nothing (an idle flood) or declares the largest frame the protocol has
 * and sends only part of it (a half-frame flood, which made a carrier without bounds buffer
 * 256 KiB per connection). Loopback only: it floods this machine's own test carriers.
 */
public final class Flood implements AutoCloseable {

  /** What each flooding connection does once connected. */
  public enum Kind { IDLE, HALF_FRAME }

  private static final int HALF_FRAME_SENT = 192 * 1024;
  /** An attacker on the same two cores competes for CPU; a tenth of a second keeps the flood a flood, not a fork bomb. */
  private static final long RECONNECT_DELAY_MS = 100;

  private final EventLoopGroup group = new NioEventLoopGroup(1);
  private final InetSocketAddress carrier;
  private final InetAddress from;
  private final Kind kind;
  private volatile boolean running = true;
  private final AtomicLong attempts = new AtomicLong();
  private final AtomicLong closedByCarrier = new AtomicLong();
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger peakOpen = new AtomicInteger();
  /** Counts down as each of the first {@code connections} attempts is settled (connected or refused). */
  private final java.util.concurrent.CountDownLatch firstRound;

  private Flood(InetSocketAddress carrier, InetAddress from, Kind kind, int connections) {
    this.firstRound = new java.util.concurrent.CountDownLatch(connections);
    if (!carrier.getAddress().isLoopbackAddress() || !from.isLoopbackAddress()) {
      throw new IllegalArgumentException("a flood targets and comes from this machine's loopback addresses only");
    }
    this.carrier = carrier;
    this.from = from;
    this.kind = kind;
  }

  /** Starts {@code connections} flooding connections from {@code from} to the carrier at {@code carrier}. */
  public static Flood start(InetSocketAddress carrier, InetAddress from, Kind kind, int connections) {
    Flood flood = new Flood(carrier, from, kind, connections);
    for (int i = 0; i < connections; i++) {
      flood.connect();
    }
    return flood;
  }

  private void connect() {
    if (!running) {
      return;
    }
    attempts.incrementAndGet();
    new Bootstrap().group(group).channel(NioSocketChannel.class)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel channel) {
            channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
              @Override
              public void channelRead(ChannelHandlerContext context, Object message) {
                ReferenceCountUtil.release(message); // the carrier's challenge: never answered
              }

              @Override
              public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
                context.close();
              }
            });
          }
        })
        .connect(carrier, new InetSocketAddress(from, 0))
        .addListener(connected -> {
          firstRound.countDown();
          if (!connected.isSuccess()) {
            group.schedule(this::connect, RECONNECT_DELAY_MS, TimeUnit.MILLISECONDS);
            return;
          }
          Channel channel = ((io.netty.channel.ChannelFuture) connected).channel();
          peakOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
          if (kind == Kind.HALF_FRAME) {
            ByteBuf partial = Unpooled.buffer(5 + HALF_FRAME_SENT);
            partial.writeInt(1 + 8 + 256 * 1024).writeByte(5).writeZero(HALF_FRAME_SENT);
            channel.writeAndFlush(partial);
          }
          channel.closeFuture().addListener(closed -> {
            open.decrementAndGet();
            if (running) {
              closedByCarrier.incrementAndGet();
              group.schedule(this::connect, RECONNECT_DELAY_MS, TimeUnit.MILLISECONDS);
            }
          });
        });
  }

  /** Waits until every connection of the first round has been tried; false if that takes longer than {@code timeout}. */
  public boolean awaitFirstRound(java.time.Duration timeout) throws InterruptedException {
    return firstRound.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Connections tried so far, including refused ones. */
  public long attempts() {
    return attempts.get();
  }

  /** Connections the carrier closed (refused at the door, cut off, or timed out). */
  public long closedByCarrier() {
    return closedByCarrier.get();
  }

  /** Connections open right now. */
  public int open() {
    return open.get();
  }

  public int peakOpen() {
    return peakOpen.get();
  }

  @Override
  public void close() {
    running = false;
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
