package dev.carriage.node.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * The socket transport the node's connections use: Linux's epoll where its native library loads,
 * else Java's NIO. Epoll also lets a carrier bound what waits unsent in the kernel's send buffer
 * ({@code TCP_NOTSENT_LOWAT}): a socket reports itself writable only when less than
 * {@link #UNSENT_BYTES_MAX} is left to send, so the blocks still queued in the carrier, where a
 * Cancel can take them out, are all but the last few. Without it Linux grows the buffer to
 * megabytes on a slow line, and a block cancelled in the endgame is sent anyway, unpaid.
 */
public final class Transport {

  /** About 100 ms at 1 MB/s, and never the limit on a fast line: the bytes in flight are not counted. */
  public static final int UNSENT_BYTES_MAX = 128 * 1024;
  private static final boolean EPOLL = Epoll.isAvailable();

  private Transport() {}

  public static String name() {
    return EPOLL ? "epoll" : "nio";
  }

  public static EventLoopGroup group(int threads) {
    return EPOLL ? new EpollEventLoopGroup(threads) : new NioEventLoopGroup(threads);
  }

  /** A server on this transport, its accepted connections' unsent bytes bounded where the transport can. */
  public static ServerBootstrap server(EventLoopGroup boss, EventLoopGroup workers) {
    ServerBootstrap bootstrap = new ServerBootstrap().group(boss, workers);
    if (EPOLL) {
      return bootstrap.channel(EpollServerSocketChannel.class).childOption(EpollChannelOption.TCP_NOTSENT_LOWAT, (long) UNSENT_BYTES_MAX);
    }
    return bootstrap.channel(NioServerSocketChannel.class);
  }

  public static Bootstrap client(EventLoopGroup group) {
    return new Bootstrap().group(group).channel(EPOLL ? EpollSocketChannel.class : NioSocketChannel.class);
  }
}
