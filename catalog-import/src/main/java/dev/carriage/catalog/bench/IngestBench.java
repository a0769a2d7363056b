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
 * Ingest throughput for one large file, cold as a user meets it: a fresh JVM started the way
 * {@code bin/catalog-import} starts one, running the import's ingest step (AES-256-GCM per
 * piece, SHA-256 of every ciphertext piece, the stored file written) and exiting, timed from
 * launch to exit; next to {@code openssl dgst -sha256} then {@code openssl enc -aes-256-ctr} of
 * the same file in the same run, both after the file is in the page cache. Also prints the
 * same ingest warmed in this JVM, and the source-digest pass an import makes first.
 *
 * <p>{@code ops/bench/ingest [size_mib=1024]}; last line {@code ingest: mb_s=<x> openssl_mb_s=<x> ratio=<x>}.
 */
public final class IngestBench {

  private IngestBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 3 && args[0].equals("--once")) {
      ContentEncryptor.encrypt(UUID.randomUUID(), Path.of(args[1]), Path.of(args[2]), bytes -> { });
      return;
    }
    long sizeMib = args.length > 0 ? Long.parseLong(args[0].replace("size_mib=", "")) : 1024;
    Path dir = Files.createTempDirectory("carriage-ingest-bench");
    try {
      Path media = generate(dir.resolve("media.bin"), sizeMib << 20);
      readThrough(media);
      double megabytes = (sizeMib << 20) / 1e6;

      // Cold: a new JVM per run, as bin/catalog-import starts it (JAVA_OPTS as the user would set them: none).
      String java = ProcessHandle.current().info().command().orElse("java");
      double coldSeconds = time(java, "-cp", System.getProperty("java.class.path"), IngestBench.class.getName(), "--once",
          media.toString(), dir.resolve("cold.bin").toString());
      Files.delete(dir.resolve("cold.bin"));

      long start = System.nanoTime();
      ContentEncryptor.encrypt(UUID.randomUUID(), media, dir.resolve("warm.bin"), bytes -> { });
      Files.delete(dir.resolve("warm.bin"));
      start = System.nanoTime();
      ContentEncryptor.encrypt(UUID.randomUUID(), media, dir.resolve("warm.bin"), bytes -> { });
      double warmSeconds = (System.nanoTime() - start) / 1e9;
      Files.delete(dir.resolve("warm.bin"));

      start = System.nanoTime();
      new MediaSet(List.of(MediaFile.plain("media.bin", media))).digest(bytes -> { });
      double digestSeconds = (System.nanoTime() - start) / 1e9;

      double shaSeconds = time("openssl", "dgst", "-sha256", media.toString());
      double aesSeconds = time("openssl", "enc", "-aes-256-ctr", "-K", "00".repeat(32), "-iv", "00".repeat(16),
          "-in", media.toString(), "-out", dir.resolve("openssl.out").toString());
      double opensslSeconds = shaSeconds + aesSeconds;

      System.out.printf("cold ingest (new JVM, encrypt + hash + write, launch to exit): %.0f MB in %.2f s = %.1f MB/s%n", megabytes,
          coldSeconds, megabytes / coldSeconds);
      System.out.printf("warm ingest (this JVM, second run): %.1f MB/s; source digest pass: %.1f MB/s%n", megabytes / warmSeconds,
          megabytes / digestSeconds);
      System.out.printf("openssl dgst -sha256 %.2f s + openssl enc -aes-256-ctr %.2f s = %.1f MB/s%n", shaSeconds, aesSeconds,
          megabytes / opensslSeconds);
      System.out.printf("ingest: mb_s=%.1f openssl_mb_s=%.1f ratio=%.2f%n", megabytes / coldSeconds, megabytes / opensslSeconds,
          opensslSeconds / coldSeconds);
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
