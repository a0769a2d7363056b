package dev.carriage.node.client;

import dev.carriage.grid.crypto.ContentKey;
import dev.carriage.grid.crypto.PieceCipher;
import dev.carriage.grid.manifest.Manifest;
import dev.carriage.grid.manifest.Sha256;
import dev.carriage.node.play.PlainPieces;
import dev.carriage.node.storage.HeldPieces;
import dev.carriage.node.storage.PieceSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntConsumer;

/**
 * A buyer's decrypted copy of a title, written as its pieces verify: each piece is written once,
 * in plain, straight where it belongs in {@code NAME.partial}, and moved into place as
 * {@code NAME} when every piece is in. Which pieces are in is kept beside it
 * ({@code NAME.partial.pieces}), so an interrupted download resumes from the partial file
 * itself; since a piece's encryption is deterministic (its nonce is its index), a held piece is
 * re-checked on resume by encrypting it again and comparing with the manifest's hash.
 *
 * <p>A node that carries the title keeps the ciphertext in its piece store instead, and writes
 * the plain file beside it ({@link PlainFileWriter}): it serves ciphertext, byte for byte from disk.
 */
public final class PlainFile implements PieceSink, PlainPieces, AutoCloseable {

  private final Path output;
  private final Path partial;
  private final Path heldFile;
  private final Manifest manifest;
  private final PieceCipher cipher;
  private final FileChannel file;
  private final BitSet held;
  private final List<IntConsumer> pieceListeners = new CopyOnWriteArrayList<>();
  /** One piece's plain bytes per worker thread, reused: decrypted into, then written from. */
  private final ThreadLocal<ByteBuffer> plainBuffers;

  private PlainFile(Path output, Manifest manifest, ContentKey key, BitSet held) throws IOException {
    this.output = output;
    this.partial = partialOf(output);
    this.heldFile = output.resolveSibling(output.getFileName() + ".partial.pieces");
    this.manifest = manifest;
    this.cipher = new PieceCipher(key, manifest.titleId());
    this.held = held;
    this.file = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    if (file.size() > manifest.contentSizeBytes()) {
      file.truncate(manifest.contentSizeBytes());
    }
    this.plainBuffers = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(manifest.pieceSizeBytes()));
  }

  /** The partial file and what it holds, from an earlier run when there was one. */
  public static PlainFile open(Path output, Manifest manifest, ContentKey key) throws IOException {
    Path partial = partialOf(output);
    Path heldFile = output.resolveSibling(output.getFileName() + ".partial.pieces");
    BitSet held = new BitSet();
    if (Files.exists(partial) && Files.exists(heldFile)) {
      held = BitSet.valueOf(Files.readAllBytes(heldFile));
      held.clear(manifest.pieceCount(), Math.max(manifest.pieceCount(), held.length()));
    }
    return new PlainFile(output, manifest, key, held);
  }

  static Path partialOf(Path output) {
    return output.resolveSibling(output.getFileName() + ".partial");
  }

  /** Where the file will be once every piece is in. */
  public Path output() {
    return output;
  }

  @Override
  public Manifest manifest() {
    return manifest;
  }

  /** Decrypts a stored piece that matches the manifest into place; false, and nothing written, when it does not match. */
  @Override
  public boolean addPiece(int piece, byte[] stored) {
    if (stored.length != manifest.storedLength(piece) || !Sha256.hash(stored, 0, stored.length).matches(manifest.pieceHash(piece))) {
      return false;
    }
    try {
      decryptInto(file, manifest, cipher, piece, stored, plainBuffers.get());
    } catch (PieceCipher.PieceTamperedException wrongKey) {
      // The ciphertext is the one the store signed, so the key the store gave does not open it.
      throw new IllegalStateException("piece " + piece + " matches the manifest but the content key does not open it", wrongKey);
    } catch (IOException failed) {
      throw new UncheckedIOException(failed);
    }
    synchronized (this) {
      if (held.get(piece)) {
        return true;
      }
      held.set(piece);
      saveHeld();
    }
    pieceListeners.forEach(listener -> listener.accept(piece));
    return true;
  }

  /** Decrypts a stored piece through {@code plain} (a piece's worth) to where it belongs in the plain {@code file}. */
  static void decryptInto(FileChannel file, Manifest manifest, PieceCipher cipher, int piece, byte[] stored, ByteBuffer plain)
      throws IOException, PieceCipher.PieceTamperedException {
    plain.clear().limit(manifest.plainLength(piece));
    cipher.decrypt(piece, ByteBuffer.wrap(stored), plain);
    plain.flip();
    long position = (long) piece * manifest.pieceSizeBytes();
    while (plain.hasRemaining()) {
      position += file.write(plain, position);
    }
  }

  @Override
  public synchronized BitSet held() {
    return (BitSet) held.clone();
  }

  @Override
  public synchronized boolean holds(int piece) {
    return held.get(piece);
  }

  @Override
  public synchronized long heldBytes() {
    return HeldPieces.storedBytes(manifest, held);
  }


  /** Called with each newly held piece, on the thread that wrote it. */
  @Override
  public void onPieceAdded(IntConsumer listener) {
    pieceListeners.add(listener);
  }

  public void removePieceListener(IntConsumer listener) {
    pieceListeners.remove(listener);
  }

  /** Reads plain bytes of held pieces from {@code position} into {@code into}; the caller asks only for what is held. */
  @Override
  public int read(long position, ByteBuffer into) throws IOException {
    return file.read(into, position);
  }

  @Override
  public int reverify() {
    int dropped = 0;
    byte[] plain = new byte[manifest.pieceSizeBytes()];
    byte[] stored = new byte[manifest.storedLength(0)];
    BitSet marked = held();
    for (int piece = marked.nextSetBit(0); piece >= 0; piece = marked.nextSetBit(piece + 1)) {
      int length = manifest.plainLength(piece);
      try {
        ByteBuffer into = ByteBuffer.wrap(plain, 0, length);
        long position = (long) piece * manifest.pieceSizeBytes();
        while (into.hasRemaining() && file.read(into, position + into.position()) >= 0) {
          // reads until the piece is in, or the file ends short (then it does not match)
        }
      } catch (IOException unreadable) {
        throw new UncheckedIOException(unreadable);
      }
      int storedLength = cipher.encrypt(piece, ByteBuffer.wrap(plain, 0, length), ByteBuffer.wrap(stored));
      if (!Sha256.hash(stored, 0, storedLength).matches(manifest.pieceHash(piece))) {
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

  /** Every piece is in: flushes the file and moves it into place. It stays open for reading (a player's) until closed. */
  public void complete() throws IOException {
    synchronized (this) {
      if (held.cardinality() != manifest.pieceCount()) {
        throw new IOException(output + " holds " + held.cardinality() + " of " + manifest.pieceCount() + " pieces");
      }
    }
    file.force(true);
    Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Files.deleteIfExists(heldFile);
  }

  /** Stops writing; the partial file and what it holds stay for the next run. */
  @Override
  public void close() {
    try {
      file.close();
    } catch (IOException ignored) {
      // The pieces written are on disk or will be re-checked on resume: nothing to do here.
    }
  }

  private void saveHeld() {
    HeldPieces.save(heldFile, held);
  }

}
