package dev.carriage.node.client;

import dev.carriage.grid.crypto.ContentKey;
import dev.carriage.grid.crypto.PieceCipher;
import dev.carriage.grid.manifest.Manifest;
import dev.carriage.node.play.PlainPieces;
import dev.carriage.node.storage.StoredTitle;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Decrypts verified pieces into the output file while the download goes on, on a thread of its
 * own, so decryption overlaps the network instead of following it, into one direct buffer it
 * reuses (no garbage per piece, and no copy into a temporary one on the way to the file). The
 * queue is bounded: when decryption falls behind, the caller waits for room, which slows the
 * download rather than letting pieces pile up in memory. The file is written as
 * {@code NAME.partial} and moved into place only when every piece is in it.
 */
final class PlainFileWriter implements PlainPieces {

  static final int QUEUED_PIECES_MAX = 4;

  private final Path output;
  private final Path partial;
  private final Manifest manifest;
  private final PieceCipher cipher;
  private final FileChannel file;
  private final BitSet written = new BitSet();
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private final ThreadPoolExecutor decryptor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
      new ArrayBlockingQueue<>(QUEUED_PIECES_MAX), runnable -> {
        Thread thread = new Thread(runnable, "decrypt");
        thread.setDaemon(true);
        return thread;
      });
  private final java.util.List<java.util.function.IntConsumer> pieceListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  /** Set once a player reads the file while it is written: then it stays open after it is complete. */
  private volatile boolean read;
  /** Used by the decrypt thread, then (once it has stopped) by {@link #complete}. */
  private final ByteBuffer plain;

  PlainFileWriter(Path output, Manifest manifest, ContentKey key) throws IOException {
    this.output = output;
    this.partial = output.resolveSibling(output.getFileName() + ".partial");
    this.manifest = manifest;
    this.cipher = new PieceCipher(key, manifest.titleId());
    this.file = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING);
    this.plain = ByteBuffer.allocateDirect(manifest.pieceSizeBytes());
    decryptor.prestartCoreThread();
  }

  /**
   * Decrypts and writes one verified stored piece, soon, then calls {@code done} (the stored
   * bytes are not read after); waits while {@link #QUEUED_PIECES_MAX} pieces are queued.
   */
  void submit(int piece, byte[] stored, Runnable done) {
    try {
      decryptor.getQueue().put(() -> {
        try {
          write(piece, stored);
        } finally {
          done.run();
        }
      });
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      failure.compareAndSet(null, interrupted);
    }
  }

  private void write(int piece, byte[] stored) {
    try {
      PlainFile.decryptInto(file, manifest, cipher, piece, stored, plain);
      synchronized (written) {
        written.set(piece);
      }
      pieceListeners.forEach(listener -> listener.accept(piece));
    } catch (IOException | PieceCipher.PieceTamperedException | RuntimeException failed) {
      failure.compareAndSet(null, failed);
    }
  }

  /** Writes what is still missing (pieces verified before this run) from the piece store, then moves the file into place. */
  void complete(StoredTitle stored) throws IOException, InterruptedException {
    decryptor.shutdown();
    decryptor.awaitTermination(10, TimeUnit.MINUTES);
    for (int piece = 0; piece < manifest.pieceCount(); piece++) {
      boolean done;
      synchronized (written) {
        done = written.get(piece);
      }
      if (!done) {
        write(piece, stored.readPiece(piece));
      }
    }
    if (failure.get() != null) {
      abandon();
      throw new IOException("decrypting " + output + " failed: " + failure.get().getMessage(), failure.get());
    }
    file.force(true);
    if (!read) {
      file.close(); // otherwise a player may still be reading it; the open file follows the move
    }
    Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public Manifest manifest() {
    return manifest;
  }

  @Override
  public boolean holds(int piece) {
    synchronized (written) {
      return written.get(piece);
    }
  }

  @Override
  public int read(long position, ByteBuffer into) throws IOException {
    read = true;
    return file.read(into, position);
  }

  @Override
  public void onPieceAdded(java.util.function.IntConsumer listener) {
    read = true;
    pieceListeners.add(listener);
  }

  /** Stops without a file: the verified pieces stay in the piece store for the next run. */
  void abandon() {
    decryptor.shutdownNow();
    try {
      file.close();
      Files.deleteIfExists(partial);
    } catch (IOException ignored) {
      // Nothing useful to do: the next run truncates the partial file anyway.
    }
  }
}
