package dev.carriage.node.serve;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** What the node has served: connections now, bytes in total and per title, the recent rate. */
public final class ServeStats {

  private final AtomicInteger activeConnections = new AtomicInteger();
  private final AtomicLong bytesServed = new AtomicLong();
  private final Map<UUID, AtomicLong> bytesByTitle = new ConcurrentHashMap<>();
  private long rateSampleBytes;
  private long rateSampleNanos = System.nanoTime();
  private volatile long bytesPerSecond;

  void connected() {
    activeConnections.incrementAndGet();
  }

  void disconnected() {
    activeConnections.decrementAndGet();
  }

  void served(UUID titleId, long bytes) {
    bytesServed.addAndGet(bytes);
    bytesByTitle.computeIfAbsent(titleId, id -> new AtomicLong()).addAndGet(bytes);
  }

  /** Updates the recent upload rate; called once per heartbeat. */
  public synchronized long sampleRate() {
    long now = System.nanoTime();
    long bytes = bytesServed.get();
    double seconds = (now - rateSampleNanos) / 1e9;
    if (seconds > 0.1) {
      bytesPerSecond = (long) ((bytes - rateSampleBytes) / seconds);
      rateSampleBytes = bytes;
      rateSampleNanos = now;
    }
    return bytesPerSecond;
  }

  public int activeConnections() {
    return activeConnections.get();
  }

  public long bytesServed() {
    return bytesServed.get();
  }

  public long bytesServed(UUID titleId) {
    AtomicLong bytes = bytesByTitle.get(titleId);
    return bytes == null ? 0 : bytes.get();
  }

  public Map<UUID, Long> bytesByTitle() {
    Map<UUID, Long> copy = new java.util.TreeMap<>();
    bytesByTitle.forEach((title, bytes) -> copy.put(title, bytes.get()));
    return copy;
  }

  public long bytesPerSecond() {
    return bytesPerSecond;
  }
}
