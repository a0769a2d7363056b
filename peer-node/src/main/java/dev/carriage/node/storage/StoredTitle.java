package dev.carriage.node.storage;

import dev.carriage.grid.manifest.Manifest;
import dev.carriage.grid.manifest.Sha256;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.FileRegion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntConsumer;

/**
 * One title's encrypted content on this machine: the signed manifest, the stored pieces (end to
 * end, as the manifest lays them out) and which pieces are verified. A piece is marked held only
 * after its bytes are on disk and match the manifest.
 */
public final class StoredTitle implements PieceSink, AutoCloseable {

  static final String MANIFEST = "manifest.bin";
  static final String CONTENT = "content.bin";
  static final String HELD = "held.bits";

  private final Path directory;
  private final Manifest manifest;
  private final byte[] signedManifest;
  private final FileChannel content;
  private final BitSet held;
  private final List<IntConsumer> pieceListeners = new CopyOnWriteArrayList<>();
  private volatile Instant lastUsed;

  StoredTitle(Path directory, Manifest manifest, byte[] signedManifest, BitSet held) throws IOException {
    this.directory = directory;
    this.manifest = manifest;
    this.signedManifest = signedManifest.clone();
    this.content = FileChannel.open(directory.resolve(CONTENT), StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    this.held = held;
    this.lastUsed = Files.getLastModifiedTime(directory.resolve(MANIFEST)).toInstant();
  }

  public Manifest manifest() {
    return manifest;
  }

  public byte[] signedManifest() {
    return signedManifest.clone();
  }

  public Path directory() {
    return directory;
  }

  public Path contentFile() {
    return directory.resolve(CONTENT);
  }

  public synchronized boolean holds(int piece) {
    return held.get(piece);
  }

  @Override
  public synchronized BitSet held() {
    return (BitSet) held.clone();
  }

  public synchronized int heldCount() {
    return held.cardinality();
  }

  public boolean complete() {
    return heldCount() == manifest.pieceCount();
  }

  /** Bytes on disk for verified pieces: what the disk quota counts. */
  @Override
  public synchronized long heldBytes() {
    return HeldPieces.storedBytes(manifest, held);
  }


  /** Called with each newly verified piece, so carriers can announce it to their clients. */
  public void onPieceAdded(IntConsumer listener) {
    pieceListeners.add(listener);
  }

  public void removePieceListener(IntConsumer listener) {
    pieceListeners.remove(listener);
  }

  /** Checks a whole stored piece against the manifest, writes it and marks it held. */
  @Override
  public boolean addPiece(int piece, byte[] stored) {
    if (stored.length != manifest.storedLength(piece) || !Sha256.hash(stored, 0, stored.length).matches(manifest.pieceHash(piece))) {
      return false;
    }
    try {
      ByteBuffer buffer = ByteBuffer.wrap(stored);
      long position = manifest.storedOffset(piece);
      while (buffer.hasRemaining()) {
        position += content.write(buffer, position);
      }
      synchronized (this) {
        if (held.get(piece)) {
          return true;
        }
        held.set(piece);
        saveHeld();
      }
    } catch (IOException failed) {
      throw new UncheckedIOException(failed);
    }
    pieceListeners.forEach(listener -> listener.accept(piece));
    return true;
  }

  /** A zero-copy region of a held piece, for the carrier to send. */
  public FileRegion region(int piece, int offset, int length) {
    touch();
    return new DefaultFileRegion(contentFile().toFile(), manifest.storedOffset(piece) + offset, length);
  }

  public byte[] readPiece(int piece) {
    byte[] stored = new byte[manifest.storedLength(piece)];
    try {
      ByteBuffer buffer = ByteBuffer.wrap(stored);
      long position = manifest.storedOffset(piece);
      while (buffer.hasRemaining()) {
        int read = content.read(buffer, position);
        if (read < 0) {
          break;
        }
        position += read;
      }
    } catch (IOException failed) {
      throw new UncheckedIOException(failed);
    }
    return stored;
  }

  /**
   * Re-checks every piece marked held against the manifest and forgets those that no longer
   * match (a crash mid-write, a damaged disk). Returns how many were dropped.
   */
  @Override
  public int reverify() {
    int dropped = 0;
    BitSet marked = held();
    for (int piece = marked.nextSetBit(0); piece >= 0; piece = marked.nextSetBit(piece + 1)) {
      byte[] stored = readPiece(piece);
      if (!Sha256.hash(stored, 0, stored.length).matches(manifest.pieceHash(piece))) {
        synchronized (this) {
          held.clear(piece);
        }
        dropped++;
      }
    }
    if (dropped > 0) {
      synchronized (this) {
        saveHeld();
      }
    }
    return dropped;
  }

  public void touch() {
    lastUsed = Instant.now();
  }

  public Instant lastUsed() {
    return lastUsed;
  }

  private void saveHeld() {
    HeldPieces.save(directory.resolve(HELD), held);
  }


  void saveLastUsed() throws IOException {
    Files.setLastModifiedTime(directory.resolve(MANIFEST), FileTime.from(lastUsed));
  }

  @Override
  public void close() throws IOException {
    content.close();
  }
}
