package dev.carriage.catalog;

import dev.carriage.catalog.feed.MediaFile;
import dev.carriage.catalog.ingest.MediaSet;
import dev.carriage.grid.crypto.ContentEncryptor;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Runs the ingest path of one large file (digest, then encrypt + hash + write) in its own JVM,
 * so a test can run it under a small heap, and prints the peak heap it used.
 */
public final class IngestProbe {

  private IngestProbe() {}

  public static void main(String[] args) throws Exception {
    Path media = Path.of(args[0]);
    Path stored = Path.of(args[1]);
    MediaSet set = new MediaSet(java.util.List.of(MediaFile.plain(media.getFileName().toString(), media)));
    String digest = set.digest(bytes -> { });
    ContentEncryptor.Encrypted encrypted = ContentEncryptor.encrypt(UUID.randomUUID(), media, stored, bytes -> { });
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    System.out.printf("ingest-probe: digest=%s pieces=%d peak_heap_bytes=%d max_heap_bytes=%d%n", digest,
        encrypted.manifest().pieceCount(), peak, Runtime.getRuntime().maxMemory());
  }
}
