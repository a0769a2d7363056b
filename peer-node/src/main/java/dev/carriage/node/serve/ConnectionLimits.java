package dev.carriage.node.serve;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * How many connections a carrier holds, in total and from one remote address. A peer must
 * connect before it can prove anything, so these bounds, with the handshake deadline, are what
 * keeps a flood of strangers from taking every slot from the clients the node is there for.
 * Connections are admitted on the acceptor thread and released on event loops; one lock keeps
 * both counts exact at every moment (a connection is counted in both or in neither).
 */
final class ConnectionLimits {

  private final int totalMax;
  private final int perAddressMax;
  private final Map<InetAddress, Integer> perAddress = new HashMap<>();
  private int total;
  private int peak;

  ConnectionLimits(int totalMax, int perAddressMax) {
    this.totalMax = totalMax;
    this.perAddressMax = perAddressMax;
  }

  /** Takes a slot for a new connection from {@code address}, or answers false when either bound is reached. */
  synchronized boolean admit(InetAddress address) {
    int fromAddress = perAddress.getOrDefault(address, 0);
    if (total >= totalMax || fromAddress >= perAddressMax) {
      return false;
    }
    perAddress.put(address, fromAddress + 1);
    total++;
    peak = Math.max(peak, total);
    return true;
  }

  /** Gives back the slot of a connection from {@code address} that {@link #admit} let in. */
  synchronized void release(InetAddress address) {
    perAddress.computeIfPresent(address, (from, held) -> held <= 1 ? null : held - 1);
    total--;
  }

  /** The most connections held at once since the carrier started. */
  synchronized int peak() {
    return peak;
  }
}
