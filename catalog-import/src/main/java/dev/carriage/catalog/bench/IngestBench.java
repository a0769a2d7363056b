package dev.carriage.catalog.bench;

import dev.carriage.catalog.feed.MediaFile;
import dev.carriage.catalog.ingest.MediaSet;
import dev.carriage.grid.crypto.ContentEncryptor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Ingest throughput for one large file: the grid's encrypt + hash + write (AES-256-GCM per
 * piece, SHA-256 of every ciphertext piece, the stored file written) next to the same work done
 * by the system's tools in the same run: {@code sha256sum} then {@code openssl enc -aes-256-ctr}
 * of the same file. The ratio (ours over theirs) is the figure. Also prints the source-digest
 * pass an import makes first, on its own.
 *
 * <p>{@code ops/bench/ingest [size_mib=1024]}
 */
public final class IngestBench {

  private IngestBench() {}

  public static void main(String[] args) throws Exception {
    long sizeMib = args.length > 0 ? Long.parseLong(args[0].replace("size_mib=", "")) : 1024;
    Path dir = Files.createTempDirectory("carriage-ingest-bench");
    try {
      Path media = generate(dir.resolve("media.bin"), sizeMib << 20);
      // Warm the JIT and the page cache, so neither side pays for the other's first touch.
      Path warm = generate(dir.resolve("warm.bin"), Math.min(sizeMib, 128) << 20);
      ContentEncryptor.encrypt(UUID.randomUUID(), warm, dir.resolve("warm.out"), bytes -> { });
      Files.delete(dir.resolve("warm.out"));
      readThrough(media);

      double megabytes = (sizeMib << 20) / 1e6;
      long start = System.nanoTime();
      ContentEncryptor.encrypt(UUID.randomUUID(), media, dir.resolve("content.bin"), bytes -> { });
      double ingestSeconds = (System.nanoTime() - start) / 1e9;
      Files.delete(dir.resolve("content.bin"));

      start = System.nanoTime();
      new MediaSet(List.of(MediaFile.plain("media.bin", media))).digest(bytes -> { });
      double digestSeconds = (System.nanoTime() - start) / 1e9;

      double shaSeconds = time("sha256sum", media.toString());
      double aesSeconds = time("openssl", "enc", "-aes-256-ctr", "-K", "00".repeat(32), "-iv", "00".repeat(16),
          "-in", media.toString(), "-out", dir.resolve("openssl.out").toString());
      double baselineSeconds = shaSeconds + aesSeconds;

      System.out.printf("ingest (encrypt + hash + write): %.0f MB in %.2f s = %.1f MB/s%n", megabytes, ingestSeconds, megabytes / ingestSeconds);
      System.out.printf("source digest pass: %.1f MB/s%n", megabytes / digestSeconds);
      System.out.printf("sha256sum %.2f s + openssl enc -aes-256-ctr %.2f s = %.1f MB/s%n", shaSeconds, aesSeconds, megabytes / baselineSeconds);
      System.out.printf("ingest: size_mib=%d carriage_mb_s=%.1f baseline_mb_s=%.1f ratio=%.2f%n", sizeMib, megabytes / ingestSeconds,
          megabytes / baselineSeconds, baselineSeconds / ingestSeconds);
    } finally {
      try (var files = Files.list(dir)) {
        for (Path file : files.toList()) {
          Files.deleteIfExists(file);
        }
      }
      Files.deleteIfExists(dir);
    }
  }

  /** Incompressible bytes, made fast: one random mebibyte, each copy with its own counter. */
  private static Path generate(Path file, long bytes) throws IOException {
    byte[] block = new byte[1 << 20];
    new Random(42).nextBytes(block);
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long written = 0, n = 0; written < bytes; written += block.length, n++) {
        block[0] = (byte) n;
        block[1] = (byte) (n >> 8);
        out.write(block, 0, (int) Math.min(block.length, bytes - written));
      }
    }
    return file;
  }

  private static void readThrough(Path file) throws IOException {
    byte[] buffer = new byte[1 << 20];
    try (var in = Files.newInputStream(file)) {
      while (in.read(buffer) > 0) {
        // only to have the file in the page cache
      }
    }
  }

  private static double time(String... command) throws IOException, InterruptedException {
    long start = System.nanoTime();
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (process.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + " failed with exit " + process.exitValue());
    }
    return (System.nanoTime() - start) / 1e9;
  }
}
