package dev.carriage.grid.wire;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/** Puts the protocol's codec into a pipeline, in the order and under the names every side uses. */
public final class Wire {

  public static final String FRAME_SPLITTER = "frame-splitter";
  public static final String FRAME_DECODER = "frame-decoder";
  public static final String FRAME_ENCODER = "frame-encoder";

  private Wire() {}

  public static void addCodec(ChannelPipeline pipeline) {
    pipeline.addLast(FRAME_SPLITTER, frameSplitter());
    pipeline.addLast(FRAME_DECODER, new FrameDecoder());
    pipeline.addLast(FRAME_ENCODER, FrameEncoder.INSTANCE);
  }

  /**
   * Cuts the stream at each length prefix. A declared length over {@link
   * WireLimits#FRAME_LENGTH_MAX} fails at once ({@code failFast}), before any of it is buffered.
   */
  public static LengthFieldBasedFrameDecoder frameSplitter() {
    return new LengthFieldBasedFrameDecoder(
        WireLimits.FRAME_LENGTH_MAX + WireLimits.LENGTH_FIELD_LENGTH, 0, WireLimits.LENGTH_FIELD_LENGTH, 0,
        WireLimits.LENGTH_FIELD_LENGTH, true);
  }
}
