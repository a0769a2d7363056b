package dev.carriage.store.grid;

import java.time.Duration;

/**
 * How fast a node serves, as the store has verified it: the bytes buyers' signed receipts
 * credited to it, over the time its sessions took (from a session's start to the node's last
 * credited piece in it), over the last {@link #WINDOW}. What a node says of its own speed in a
 * heartbeat is never used: ten sybils claiming 1 TB/s rank as what they have carried. A node
 * with nothing verified yet is on probation at a modest rate, so it is tried, but never
 * preferred to a carrier that has proved itself faster.
 */
public record VerifiedRate(long bytes, double seconds) {

  /** Carriage older than this no longer speaks for a node. */
  public static final Duration WINDOW = Duration.ofDays(7);
  /** What a node is assumed to deliver until it has carried something: 250 kB/s. */
  public static final long PROBATION_BYTES_PER_SECOND = 250_000;
  /** A session that credited everything in an instant still took at least this long. */
  private static final double SESSION_SECONDS_MIN = 1.0;

  public static final VerifiedRate NONE = new VerifiedRate(0, 0);

  /**
   * @param bytes credited to the node in its recent sessions
   * @param seconds those sessions' durations, each at least one second
   */
  public static VerifiedRate of(long bytes, double seconds) {
    return new VerifiedRate(bytes, seconds);
  }

  /** The duration the store counts for one session whose node carried for {@code seconds}. */
  public static double sessionSeconds(double seconds) {
    return Math.max(SESSION_SECONDS_MIN, seconds);
  }

  public long bytesPerSecond() {
    return bytes <= 0 || seconds <= 0 ? PROBATION_BYTES_PER_SECOND : (long) (bytes / seconds);
  }
}
