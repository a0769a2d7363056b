package dev.carriage.node.serve;

import dev.carriage.grid.wire.WireLimits;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * What a peer that has not yet proved a ticket may do: send at most one handshake's worth of
 * bytes, within the deadline. It sits in front of the frame codec, so a stranger can never make
 * the carrier buffer a large frame (a declared 256 KiB piece frame is cut off after
 * {@link #BYTES_MAX} bytes) nor hold a slot by staying silent. The serve handler removes it
 * once the handshake is verified; until then, more bytes or the deadline close the connection.
 */
final class PreHandshakeGuard extends ChannelInboundHandlerAdapter {

  /** A length prefix and the largest handshake frame: all an unauthenticated peer can make the carrier hold. */
  static final int BYTES_MAX = WireLimits.LENGTH_FIELD_LENGTH + WireLimits.HANDSHAKE_FRAME_LENGTH_MAX;
  private static final System.Logger LOG = System.getLogger(PreHandshakeGuard.class.getName());

  private final Duration deadline;
  private ScheduledFuture<?> timer;
  private int received;

  private final ServeStats stats;

  PreHandshakeGuard(Duration deadline, ServeStats stats) {
    this.deadline = deadline;
    this.stats = stats;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext context) {
    timer = context.executor().schedule(() -> {
      LOG.log(System.Logger.Level.DEBUG, "Closing {0}: no valid handshake within {1}", context.channel().remoteAddress(), deadline);
      stats.refused("handshake_deadline");
      context.close();
    }, deadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext context) {
    timer.cancel(false);
  }

  @Override
  public void channelRead(ChannelHandlerContext context, Object message) {
    if (message instanceof ByteBuf bytes) {
      received += bytes.readableBytes();
      if (received > BYTES_MAX) {
        ReferenceCountUtil.release(message);
        LOG.log(System.Logger.Level.DEBUG, "Closing {0}: {1} bytes before a handshake", context.channel().remoteAddress(), received);
        stats.refused("handshake_too_long");
        context.close();
        return;
      }
    }
    context.fireChannelRead(message);
  }

  /** The handshake is verified: the connection is a client's now, with the full frame size. */
  static void passed(ChannelHandlerContext anyContext) {
    PreHandshakeGuard guard = anyContext.pipeline().get(PreHandshakeGuard.class);
    if (guard != null) {
      anyContext.pipeline().remove(guard);
    }
  }
}
