package dev.carriage.node.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What {@code POST /api/downloads} answers: everything a client needs to fetch and decrypt a title. */
public record DownloadSession(
    UUID sessionId,
    UUID titleId,
    String ticket,
    Instant ticketExpiresAt,
    String manifest,
    String contentKey,
    List<Source> sources) {

  /** A node that can serve the title, as the coordinator ranked it. */
  public record Source(UUID nodeId, String host, int port, boolean origin, String region, int piecesHeld, boolean complete) {}
}
