package dev.carriage.node.serve;

import dev.carriage.grid.receipt.ReceiptCodec;
import dev.carriage.grid.receipt.SignedReceipt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The newest receipt this carrier holds for each download session, waiting to be submitted.
 * Receipts are cumulative, so an older one is worth nothing once a newer one has come. Each
 * is also written to {@code receipts/<session>.bin} before it counts as held, so a restart
 * loses no earnings; it is deleted once the store has answered for it.
 */
public final class ReceiptOutbox {

  private static final System.Logger LOG = System.getLogger(ReceiptOutbox.class.getName());
  /** A bound on held receipts: beyond it new sessions' receipts are dropped until some are submitted. */
  public static final int HELD_MAX = 10_000;

  private final Path directory;
  private final Map<UUID, SignedReceipt> newest = new ConcurrentHashMap<>();
  private final List<java.util.function.Consumer<SignedReceipt>> keptListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

  ReceiptOutbox(Path directory) {
    this.directory = directory;
    try {
      Files.createDirectories(directory);
      try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.bin")) {
        for (Path file : files) {
          load(file);
        }
      }
    } catch (IOException unreadable) {
      throw new UncheckedIOException("cannot read the receipts in " + directory, unreadable);
    }
  }

  private void load(Path file) throws IOException {
    try {
      SignedReceipt receipt = ReceiptCodec.decode(Files.readAllBytes(file));
      newest.put(receipt.receipt().sessionId(), receipt);
    } catch (IllegalArgumentException damaged) {
      LOG.log(System.Logger.Level.WARNING, "Dropping damaged receipt file {0}: {1}", file, damaged.getMessage());
      Files.deleteIfExists(file);
    }
  }

  /** Keeps the receipt if it is newer than the one held for its session; returns whether it did. */
  public synchronized boolean offer(SignedReceipt receipt) {
    UUID session = receipt.receipt().sessionId();
    SignedReceipt held = newest.get(session);
    if (held != null && held.receipt().sequence() >= receipt.receipt().sequence()) {
      return false;
    }
    if (held == null && newest.size() >= HELD_MAX) {
      LOG.log(System.Logger.Level.WARNING, "Holding {0} unsubmitted receipts; dropping session {1}", HELD_MAX, session);
      return false;
    }
    try {
      Path temporary = directory.resolve(session + ".tmp");
      Files.write(temporary, receipt.encode());
      Files.move(temporary, directory.resolve(session + ".bin"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException unwritable) {
      LOG.log(System.Logger.Level.WARNING, "Could not keep receipt of session {0} on disk: {1}", session, unwritable.getMessage());
    }
    newest.put(session, receipt);
    keptListeners.forEach(listener -> listener.accept(receipt));
    return true;
  }

  /** Called with each receipt this outbox keeps (a newer one for its session), as it is kept. */
  public void onKept(java.util.function.Consumer<SignedReceipt> listener) {
    keptListeners.add(listener);
  }

  /** The receipts waiting to be submitted. */
  public synchronized int held() {
    return newest.size();
  }

  public List<SignedReceipt> pending() {
    return new ArrayList<>(newest.values());
  }

  /** The store has answered for this receipt (accepted or refused for good): forget it unless a newer one came meanwhile. */
  public synchronized void done(SignedReceipt receipt) {
    UUID session = receipt.receipt().sessionId();
    if (newest.remove(session, receipt)) {
      try {
        Files.deleteIfExists(directory.resolve(session + ".bin"));
      } catch (IOException stuck) {
        LOG.log(System.Logger.Level.WARNING, "Could not delete the receipt file of session {0}: {1}", session, stuck.getMessage());
      }
    }
  }
}
