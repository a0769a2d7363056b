package dev.carriage.node.client;

import dev.carriage.grid.wire.Frame;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * One piece arriving from one source block by block, in the order it was asked for: it takes
 * only the blocks it asked for, each once, and is whole when every byte has come. Since a
 * piece comes whole from a single source, a bad hash names that source.
 */
final class PieceAssembly {

  /** What became of a block a source sent. */
  enum Outcome { UNASKED, PARTIAL, WHOLE }

  final int piece;
  private final byte[] data;
  private final int blockLength;
  private final BitSet blocksReceived = new BitSet();
  private int bytesReceived;

  /** Assembles the piece in {@code data}, exactly its length (a buffer {@link PieceBuffers} kept, say). */
  PieceAssembly(int piece, byte[] data, int blockLength) {
    this.piece = piece;
    this.data = data;
    this.blockLength = blockLength;
  }

  /** The requests that fetch this piece, one per block. */
  List<Frame.Request> requests() {
    List<Frame.Request> requests = new ArrayList<>();
    for (int offset = 0; offset < data.length; offset += blockLength) {
      requests.add(new Frame.Request(piece, offset, Math.min(blockLength, data.length - offset)));
    }
    return requests;
  }

  /** The cancels for the blocks that have not come yet. */
  List<Frame.Cancel> cancels() {
    List<Frame.Cancel> cancels = new ArrayList<>();
    for (int offset = 0; offset < data.length; offset += blockLength) {
      if (!blocksReceived.get(offset / blockLength)) {
        cancels.add(new Frame.Cancel(piece, offset, Math.min(blockLength, data.length - offset)));
      }
    }
    return cancels;
  }

  /** Copies a block in, unless it is not one of this piece's blocks of its exact length, or came before. */
  Outcome accept(int offset, ByteBuf block) {
    int length = block.readableBytes();
    int expected = offset >= 0 && offset < data.length ? Math.min(blockLength, data.length - offset) : -1;
    if (offset % blockLength != 0 || length != expected || blocksReceived.get(offset / blockLength)) {
      return Outcome.UNASKED;
    }
    block.getBytes(block.readerIndex(), data, offset, length);
    blocksReceived.set(offset / blockLength);
    bytesReceived += length;
    return bytesReceived == data.length ? Outcome.WHOLE : Outcome.PARTIAL;
  }

  /** The whole piece's stored bytes; only once {@link Outcome#WHOLE}. */
  byte[] data() {
    return data;
  }
}
