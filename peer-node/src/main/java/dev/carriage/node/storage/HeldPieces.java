package dev.carriage.node.storage;

import dev.carriage.grid.manifest.Manifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.BitSet;

/** Which pieces a store or a plain file holds, as kept on disk beside it: written whole or not at all. */
public final class HeldPieces {

  private HeldPieces() {}

  /** Writes the set to a temporary file and moves it over {@code file}, so a crash leaves the old set or the new one. */
  public static void save(Path file, BitSet held) {
    try {
      Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
      Files.write(temporary, held.toByteArray());
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException failed) {
      throw new UncheckedIOException(failed);
    }
  }

  /** The stored (ciphertext) bytes of the held pieces: what a download counts as done and a disk quota counts. */
  public static long storedBytes(Manifest manifest, BitSet held) {
    long bytes = 0;
    for (int piece = held.nextSetBit(0); piece >= 0; piece = held.nextSetBit(piece + 1)) {
      bytes += manifest.storedLength(piece);
    }
    return bytes;
  }
}
