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
  private final AtomicLong blocksServed = new AtomicLong();
  /** Connections refused before or at their handshake, by reason (a closed guard counts as {@code handshake_guard}). */
  private final Map<String, AtomicLong> refusedByReason = new ConcurrentHashMap<>();
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

  void refused(String reason) {
    refusedByReason.computeIfAbsent(reason, ignored -> new AtomicLong()).incrementAndGet();
  }

  void served(UUID titleId, long bytes) {
    blocksServed.incrementAndGet();
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

  public long blocksServed() {
    return blocksServed.get();
  }

  public Map<String, Long> refusedByReason() {
    Map<String, Long> copy = new java.util.TreeMap<>();
    refusedByReason.forEach((reason, count) -> copy.put(reason, count.get()));
    return copy;
  }

  public long bytesPerSecond() {
    return bytesPerSecond;
  }
}
