package dev.carriage.node.client;

import dev.carriage.node.store.DownloadSession;
import io.netty.channel.Channel;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/** One connection to one source, as the download sees it. Guarded by the download's lock. */
final class SourceLink {

  final DownloadSession.Source source;
  Channel channel;
  boolean ready;
  /** The source has sent its challenge (naming the node the store said it was) and been answered. */
  boolean challenged;
  boolean closed;
  BitSet has = new BitSet();
  /** Pieces being fetched from this source, each assembled whole from its blocks. */
  final Map<Integer, Assembly> assemblies = new HashMap<>();
  long outstandingBytes;
  long bytesReceived;
  long firstByteNanos;
  int piecesAccepted;
  /** How many accepted pieces the last receipt to this source covered, and when it went. */
  int piecesReceipted;
  long lastReceiptNanos;

  SourceLink(DownloadSession.Source source) {
    this.source = source;
  }

  BitSet assigned() {
    BitSet assigned = new BitSet();
    assemblies.keySet().forEach(assigned::set);
    return assigned;
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

  /** A piece arriving block by block; complete when every byte has come. */
  static final class Assembly {
    final int piece;
    final byte[] data;
    final BitSet blocksReceived = new BitSet();
    final int blockLength;
    int bytesReceived;

    Assembly(int piece, int length, int blockLength) {
      this.piece = piece;
      this.data = new byte[length];
      this.blockLength = blockLength;
    }

    int blocks() {
      return (data.length + blockLength - 1) / blockLength;
    }

    boolean complete() {
      return bytesReceived == data.length;
    }
  }
}
