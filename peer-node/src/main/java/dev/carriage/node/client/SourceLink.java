package dev.carriage.node.client;

import dev.carriage.node.store.DownloadSession;
import io.netty.channel.Channel;
import java.util.HashMap;
import java.util.Map;

/**
 * One connection to one source, as the download's connection layer sees it: the handshake's
 * progress, the pieces being assembled from it, its measured rate and its receipts. What to
 * ask it for is the {@link PieceScheduler}'s business. Guarded by the download's lock.
 */
final class SourceLink {

  final DownloadSession.Source source;
  Channel channel;
  /** The source has sent its challenge (naming the node the store said it was) and been answered. */
  boolean challenged;
  /** Its bitfield came: the scheduler knows it. */
  boolean ready;
  boolean closed;
  /** Pieces being fetched from this source, each assembled whole from its blocks. */
  final Map<Integer, PieceAssembly> assemblies = new HashMap<>();
  long bytesReceived;
  /** When this source was first asked for a piece, and when its first byte came. */
  long firstRequestNanos;
  long firstByteNanos;
  int piecesAccepted;
  /** How many accepted pieces the last receipt to this source covered, and when it went. */
  int piecesReceipted;
  long lastReceiptNanos;

  SourceLink(DownloadSession.Source source) {
    this.source = source;
  }

  /**
   * Bytes per second since it was first asked, once half a second has passed since then;
   * {@link PieceScheduler#RATE_UNKNOWN} before that, and while its first byte may still be queued
   * behind other clients' blocks on a slow line; 0 once nothing has come for
   * {@link #STALLED_AFTER_NANOS}: a stalled source shows as one instead of staying unknown. Not
   * counted from its first byte: then one piece whole a tenth of a second after that byte measured
   * 2.6 MB/s, in a crowd whose carriers sent each viewer some 0.2 MB/s, and the download queued 10
   * pieces (13 s) with it, behind which every window piece asked later ran late.
   */
  long rate() {
    long now = System.nanoTime();
    if (firstRequestNanos == 0 || now - firstRequestNanos < RATE_UNKNOWN_NANOS) {
      return PieceScheduler.RATE_UNKNOWN;
    }
    if (firstByteNanos == 0) {
      return now - firstRequestNanos < STALLED_AFTER_NANOS ? PieceScheduler.RATE_UNKNOWN : 0;
    }
    double seconds = (now - firstRequestNanos) / 1e9;
    return (long) (bytesReceived / seconds);
  }

  /**
   * A source that stalled and has nothing left in flight (its copies were raced and won
   * elsewhere) is tried afresh this long after it was first asked: TCP's retransmission backoff
   * on a congested line ends, a carrier's queue drains. Until then the scheduler asks it nothing.
   */
  void retryWhenIdle(long nowNanos) {
    if (firstByteNanos == 0 && firstRequestNanos != 0 && assemblies.isEmpty() && nowNanos - firstRequestNanos >= RETRY_STALLED_AFTER_NANOS) {
      firstRequestNanos = 0; // unmeasured again: asked as a new source, and stalled again if it sends nothing
    }
  }

  private static final long STALLED_AFTER_NANOS = 5_000_000_000L;
  private static final long RETRY_STALLED_AFTER_NANOS = 15_000_000_000L;
  private static final long RATE_UNKNOWN_NANOS = 500_000_000L;

  String name() {
    return (source.origin() ? "origin " : "carrier ") + source.nodeId();
  }
}
