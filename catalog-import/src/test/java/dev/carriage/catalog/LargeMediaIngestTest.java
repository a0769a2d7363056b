package dev.carriage.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 1 GiB media file goes through ingest in a JVM whose heap is capped at 256 MiB: memory stays flat. */
class LargeMediaIngestTest {

  private static final long ONE_GIB = 1L << 30;
  private static final long HEAP_CAP = 256L << 20;

  @TempDir Path dir;

  @Test
  void oneGibibyteIngestsUnderA256MibHeap() throws Exception {
    Path media = dir.resolve("large.bin");
    try (RandomAccessFile file = new RandomAccessFile(media.toFile(), "rw")) {
      file.setLength(ONE_GIB); // sparse: reads as zeros, costs no disk until encrypted
    }
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process probe = new ProcessBuilder(List.of(java.toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        IngestProbe.class.getName(), media.toString(), dir.resolve("content.bin").toString()))
        .redirectErrorStream(true)
        .start();
    String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(probe.waitFor(10, TimeUnit.MINUTES)).isTrue();

    assertThat(probe.exitValue()).as(output).isZero();
    Matcher figures = Pattern.compile("pieces=(\\d+) peak_heap_bytes=(\\d+)").matcher(output);
    assertThat(figures.find()).as(output).isTrue();
    long peak = Long.parseLong(figures.group(2));
    System.out.printf("1 GiB ingest: %s pieces, peak heap %.1f MiB (cap 256 MiB)%n", figures.group(1), peak / 1048576.0);
    assertThat(peak).isLessThan(HEAP_CAP);
    assertThat(Files.size(dir.resolve("content.bin"))).isGreaterThan(ONE_GIB);
  }
}
