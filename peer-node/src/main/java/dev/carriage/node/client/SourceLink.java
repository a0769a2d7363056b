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
  long firstByteNanos;
  int piecesAccepted;
  /** How many accepted pieces the last receipt to this source covered, and when it went. */
  int piecesReceipted;
  long lastReceiptNanos;

  SourceLink(DownloadSession.Source source) {
    this.source = source;
  }

  /** Bytes per second so far, or 0 before the first byte. */
  long rate() {
    if (firstByteNanos == 0) {
      return 0;
    }
    double seconds = (System.nanoTime() - firstByteNanos) / 1e9;
    return seconds < 0.05 ? 0 : (long) (bytesReceived / seconds);
  }

  String name() {
    return (source.origin() ? "origin " : "carrier ") + source.nodeId();
  }
}
