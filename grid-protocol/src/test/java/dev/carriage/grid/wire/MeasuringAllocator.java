package dev.carriage.grid.wire;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import java.util.concurrent.atomic.AtomicInteger;

/** Records the largest buffer a pipeline asks for: what hostile input can make a peer allocate. */
public final class MeasuringAllocator extends AbstractByteBufAllocator {

  private final AtomicInteger largest = new AtomicInteger();

  public MeasuringAllocator() {
    super(false);
  }

  /** The largest initial capacity asked for so far. */
  public int largest() {
    return largest.get();
  }

  @Override
  protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
    largest.accumulateAndGet(initialCapacity, Math::max);
    return new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
  }

  @Override
  protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
    return newHeapBuffer(initialCapacity, maxCapacity);
  }

  @Override
  public boolean isDirectBufferPooled() {
    return false;
  }
}
