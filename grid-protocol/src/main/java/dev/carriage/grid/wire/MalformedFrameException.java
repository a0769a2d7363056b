package dev.carriage.grid.wire;

import io.netty.handler.codec.CorruptedFrameException;

/** A frame that breaks the protocol; the connection that sent it is closed. */
public final class MalformedFrameException extends CorruptedFrameException {

  public MalformedFrameException(String message) {
    super(message);
  }
}
