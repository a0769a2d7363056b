package dev.carriage.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carriage.catalog.feed.MediaFile;
import dev.carriage.catalog.ingest.MediaSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaSetTest {

  @TempDir Path dir;

  @Test
  void severalFilesMakeAUstarArchive_thatReadsBackFileByFile() throws IOException {
    byte[] first = "first track".getBytes(StandardCharsets.UTF_8);
    byte[] second = new byte[1500];
    Arrays.fill(second, (byte) 7);
    MediaSet set = new MediaSet(List.of(file("a.flac", first), file("b.flac", second)));

    Path archive = dir.resolve("set.tar");
    set.writeArchive(archive, bytes -> { });
    byte[] tar = Files.readAllBytes(archive);

    assertThat(tar.length).isEqualTo(set.sizeBytes()).isEqualTo(512 + 512 + 512 + 1536 + 1024);
    assertEntry(tar, 0, "01-a.flac", first);
    assertEntry(tar, 1024, "02-b.flac", second);
    assertThat(Arrays.copyOfRange(tar, tar.length - 1024, tar.length)).containsOnly(0);
  }

  @Test
  void digestFollowsTheBytesAndNames_notWhereTheFilesLie() throws IOException {
    MediaSet here = new MediaSet(List.of(file("song.flac", new byte[] {1, 2, 3})));
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    MediaSet copy = new MediaSet(List.of(MediaFile.plain("song.flac", Files.write(elsewhere.resolve("song.flac"), new byte[] {1, 2, 3}))));
    MediaSet changed = new MediaSet(List.of(MediaFile.plain("song.flac", Files.write(elsewhere.resolve("song.flac"), new byte[] {1, 2, 4}))));

    assertThat(here.digest(bytes -> { })).isEqualTo(new MediaSet(List.of(file("song.flac", new byte[] {1, 2, 3}))).digest(bytes -> { }))
        .hasSize(64);
    assertThat(copy.bundled()).isFalse();
    assertThat(changed.digest(bytes -> { })).isNotEqualTo(here.digest(bytes -> { }));
    assertThat(here.sizeBytes()).isEqualTo(3);
  }

  private MediaFile file(String name, byte[] bytes) throws IOException {
    return MediaFile.plain(name, Files.write(dir.resolve(name), bytes));
  }

  /** Reads one ustar entry: its name, octal size, checksum, then the content. */
  private static void assertEntry(byte[] tar, int offset, String name, byte[] content) {
    String header = new String(tar, offset, 512, StandardCharsets.US_ASCII);
    assertThat(header.substring(0, name.length())).isEqualTo(name);
    assertThat(header.substring(257, 262)).isEqualTo("ustar");
    assertThat(Long.parseLong(header.substring(124, 135), 8)).isEqualTo(content.length);
    long sum = 0;
    for (int i = 0; i < 512; i++) {
      sum += (i >= 148 && i < 156) ? ' ' : tar[offset + i] & 0xff;
    }
    assertThat(Long.parseLong(header.substring(148, 154), 8)).isEqualTo(sum);
    assertThat(Arrays.copyOfRange(tar, offset + 512, offset + 512 + content.length)).isEqualTo(content);
  }
}
