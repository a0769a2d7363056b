package dev.carriage.node.serve;

import dev.carriage.grid.manifest.Sha256;
import dev.carriage.grid.receipt.SignedReceipt;
import dev.carriage.grid.ticket.InvalidTicketException;
import dev.carriage.grid.ticket.Ticket;
import dev.carriage.grid.wire.RejectReason;
import dev.carriage.node.storage.StoredTitle;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;

/**
 * What one client connection's {@link ServeHandler} needs of the carrier it runs in, and no
 * more: so the handler is tested on an embedded channel without a server, a store or sockets.
 * The methods marked blocking may touch the disk or the store and are called on {@link #work()}.
 */
interface ServingNode {

  /** The node id this carrier names in its challenges. */
  String nodeName();

  ServeStats stats();

  /** Checks a ticket's signature, issuer and times; blocking (an unknown key id makes the node ask the store for its keys). */
  Ticket verifyTicket(String encoded) throws InvalidTicketException;

  /** The ticket has not expired (with the store's grace), by this node's clock. */
  boolean ticketStillValid(Ticket ticket);

  /** Why the node will not serve now, read fresh; blocking. */
  Optional<RejectReason> refusal();

  /** The same, as last read: cheap enough for the event loop, at most a second old. */
  Optional<RejectReason> lastRefusal();

  /** The title this node holds with that manifest root, if it does; blocking. */
  Optional<StoredTitle> title(UUID titleId, Sha256 manifestRoot);

  /** How many requests one connection may have queued. */
  int requestsQueuedMax();

  /** Keeps a checked receipt if it is newer than the one held for its session; blocking (it is written to disk). */
  boolean keepReceipt(SignedReceipt receipt);

  /** A client that handed over receipts is gone: a good moment to submit them. */
  void sessionEnded();

  /** A bounded executor for the blocking calls above; it may refuse work when full. */
  Executor work();
}
