package dev.carriage.node.serve;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many connections a carrier holds, in total and from one remote address. A peer must
 * connect before it can prove anything, so these bounds, with the handshake deadline, are what
 * keeps a flood of strangers from taking every slot from the clients the node is there for.
 * Thread-safe: connections are admitted on the acceptor thread and released on event loops.
 */
final class ConnectionLimits {

  private final int totalMax;
  private final int perAddressMax;
  private final AtomicInteger total = new AtomicInteger();
  private final ConcurrentHashMap<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();

  ConnectionLimits(int totalMax, int perAddressMax) {
    this.totalMax = totalMax;
    this.perAddressMax = perAddressMax;
  }

  /** Takes a slot for a new connection from {@code address}, or answers false when either bound is reached. */
  boolean admit(InetAddress address) {
    if (total.incrementAndGet() > totalMax) {
      total.decrementAndGet();
      return false;
    }
    boolean[] admitted = {false};
    perAddress.compute(address, (from, held) -> {
      int count = held == null ? 0 : held;
      if (count >= perAddressMax) {
        return held;
      }
      admitted[0] = true;
      return count + 1;
    });
    if (!admitted[0]) {
      total.decrementAndGet();
    }
    return admitted[0];
  }

  /** Gives back the slot of a connection from {@code address} that {@link #admit} let in. */
  void release(InetAddress address) {
    perAddress.computeIfPresent(address, (from, held) -> held <= 1 ? null : held - 1);
    total.decrementAndGet();
  }

  int held() {
    return total.get();
  }
}
