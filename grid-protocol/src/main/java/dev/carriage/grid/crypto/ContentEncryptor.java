package dev.carriage.grid.crypto;

import dev.carriage.grid.manifest.Manifest;
import dev.carriage.grid.manifest.Sha256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.LongConsumer;

/**
 * Turns a media file into stored content: each piece read, encrypted and hashed in turn, the
 * pieces written end to end. Memory stays at two piece buffers whatever the file's size.
 */
public final class ContentEncryptor {

  private ContentEncryptor() {}

  /** The result of encrypting one file: its (unsigned) manifest and the key only the store keeps. */
  public record Encrypted(Manifest manifest, ContentKey key) {}

  public static Encrypted encrypt(UUID titleId, Path source, Path stored, LongConsumer progressBytes) throws IOException {
    return encrypt(titleId, source, stored, 0, progressBytes);
  }

  /** As above, with a chosen piece size (0 picks the default for the file's size). */
  public static Encrypted encrypt(UUID titleId, Path source, Path stored, int pieceSizeBytes, LongConsumer progressBytes)
      throws IOException {
    try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
      long size = in.size();
      if (size < 1 || size > Manifest.CONTENT_SIZE_MAX) {
        throw new IOException(source + ": " + size + " bytes (expected: 1 to " + Manifest.CONTENT_SIZE_MAX + ")");
      }
      int pieceSize = pieceSizeBytes == 0 ? Manifest.pieceSizeFor(size) : pieceSizeBytes;
      ContentKey key = ContentKey.generate();
      PieceCipher cipher = new PieceCipher(key, titleId);
      ByteBuffer plain = ByteBuffer.allocateDirect(pieceSize);
      ByteBuffer encrypted = ByteBuffer.allocateDirect(pieceSize + PieceCipher.TAG_LENGTH);
      List<Sha256> hashes = new ArrayList<>();
      try (FileChannel out = FileChannel.open(stored, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        long position = 0;
        for (int index = 0; position < size; index++) {
          plain.clear().limit((int) Math.min(pieceSize, size - position));
          readFully(in, plain, position);
          plain.flip();
          encrypted.clear();
          cipher.encrypt(index, plain, encrypted);
          encrypted.flip();
          hashes.add(Sha256.hash(encrypted.duplicate()));
          while (encrypted.hasRemaining()) {
            out.write(encrypted);
          }
          position += plain.limit();
          progressBytes.accept(position);
        }
        out.force(true);
      }
      return new Encrypted(Manifest.of(titleId, size, pieceSize, hashes, Instant.now()), key);
    }
  }

  private static void readFully(FileChannel in, ByteBuffer into, long position) throws IOException {
    long at = position;
    while (into.hasRemaining()) {
      int read = in.read(into, at);
      if (read < 0) {
        throw new IOException("the file shrank while it was being read");
      }
      at += read;
    }
  }
}
