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
  /** When this source was first asked for a piece; its rate counts from then. */
  long firstRequestNanos;
  int piecesAccepted;
  /** How many accepted pieces the last receipt to this source covered, and when it went. */
  int piecesReceipted;
  long lastReceiptNanos;

  SourceLink(DownloadSession.Source source) {
    this.source = source;
  }

  /**
   * Bytes per second since it was first asked, or 0 while unknown (for the first half second).
   * Counted from the first request, not the first byte, so a source that sends nothing shows as
   * the stalled source it is instead of staying unknown.
   */
  long rate() {
    if (firstRequestNanos == 0) {
      return 0;
    }
    double seconds = (System.nanoTime() - firstRequestNanos) / 1e9;
    return seconds < RATE_UNKNOWN_SECONDS ? 0 : (long) (bytesReceived / seconds);
  }

  private static final double RATE_UNKNOWN_SECONDS = 0.5;

  String name() {
    return (source.origin() ? "origin " : "carrier ") + source.nodeId();
  }
}
