package dev.carriage.store.grid;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

/**
 * What a heartbeat may claim. A heartbeat is the node's word; the store takes only what it can
 * check against what it knows:
 * <ul>
 *   <li>the advertised host must be the address the heartbeat came from (a name must resolve to
 *       it), so one node cannot send every client to another's address, or to a victim's;
 *   <li>each holding must be of a title with content on the grid, within its piece count,
 *       complete only with every piece, and, for a carrier, one the store handed it to fetch (a
 *       cache fill, or a download session naming the node). The origin is published to directly.
 * </ul>
 */
public final class HeartbeatClaims {

  private HeartbeatClaims() {}

  /** A holding the store would not record, and why. */
  public record Refused(UUID titleId, String reason) {}

  /** Why {@code advertised} cannot be where clients reach the node that sent this from {@code remote}; empty when it can. */
  static Optional<String> hostRefusal(String advertised, String remote) {
    InetAddress from;
    try {
      from = InetAddress.getByName(remote);
    } catch (UnknownHostException impossible) {
      return Optional.of("the heartbeat's own address is unknown");
    }
    try {
      if (Arrays.asList(InetAddress.getAllByName(advertised)).contains(from)) {
        return Optional.empty();
      }
    } catch (UnknownHostException unresolvable) {
      return Optional.of("'" + advertised + "' does not resolve; it must be the address this heartbeat came from (" + remote + ")");
    }
    return Optional.of("must be the address this heartbeat came from (" + remote + "), or a name for it");
  }

  /**
   * Why a holding is not believed, or empty.
   *
   * @param pieceCount the title's piece count on the grid, or null when it has no content
   * @param handedToNode whether the store gave this node the title to fetch (always true for the origin)
   */
  static Optional<String> holdingRefusal(NodeRequests.Holding holding, Integer pieceCount, boolean handedToNode) {
    if (pieceCount == null) {
      return Optional.of("title " + holding.titleId() + " has no content on the grid");
    }
    if (holding.piecesHeld() > pieceCount) {
      return Optional.of(holding.piecesHeld() + " pieces held of a title that has " + pieceCount);
    }
    if (holding.complete() != (holding.piecesHeld() == pieceCount)) {
      return Optional.of("complete must mean all " + pieceCount + " pieces, not " + holding.piecesHeld());
    }
    if (!handedToNode) {
      return Optional.of("the store never gave this node title " + holding.titleId() + " to fetch");
    }
    return Optional.empty();
  }
}
