package dev.carriage.catalog.ingest;

import dev.carriage.catalog.feed.MediaFile;
import dev.carriage.grid.manifest.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * The media of one title. A title with one file is that file; a title with several (an
 * album's tracks) is a ustar archive of them, so the grid carries one content per title and
 * the buyer unpacks it with any tar. Everything here streams: memory does not grow with size.
 */
public final class MediaSet {

  private static final int BLOCK = 512;
  private static final int BUFFER = 1 << 16;

  private final List<MediaFile> files;

  public MediaSet(List<MediaFile> files) {
    if (files.isEmpty()) {
      throw new IllegalArgumentException("a title needs at least one media file");
    }
    this.files = List.copyOf(files);
  }

  public boolean bundled() {
    return files.size() > 1;
  }

  public List<MediaFile> files() {
    return files;
  }

  /** The size of what the grid will carry: the file, or the archive of the files. */
  public long sizeBytes() throws IOException {
    if (!bundled()) {
      return Files.size(files.get(0).path());
    }
    long size = 2L * BLOCK; // two zero blocks end an archive
    for (MediaFile file : files) {
      size += BLOCK + roundUp(Files.size(file.path()));
    }
    return size;
  }

  /**
   * SHA-256 over each file's name, size and bytes, in order: the same media gives the same
   * digest wherever it lies on disk, and a re-import skips media the store already has.
   */
  public String digest(LongConsumer progressBytes) throws IOException {
    MessageDigest sha256 = sha256();
    byte[] buffer = new byte[BUFFER];
    for (int i = 0; i < files.size(); i++) {
      MediaFile file = files.get(i);
      sha256.update(entryName(i).getBytes(StandardCharsets.UTF_8));
      sha256.update((byte) 0);
      sha256.update(ByteBuffer.allocate(Long.BYTES).putLong(Files.size(file.path())).array());
      try (InputStream in = Files.newInputStream(file.path())) {
        int read;
        while ((read = in.read(buffer)) > 0) {
          sha256.update(buffer, 0, read);
          progressBytes.accept(read);
        }
      }
    }
    return HexFormat.of().formatHex(sha256.digest());
  }

  /** Writes the archive of a bundled set. */
  public void writeArchive(Path target, LongConsumer progressBytes) throws IOException {
    byte[] buffer = new byte[BUFFER];
    try (OutputStream out = Files.newOutputStream(target)) {
      for (int i = 0; i < files.size(); i++) {
        MediaFile file = files.get(i);
        long size = Files.size(file.path());
        out.write(header(entryName(i), size));
        try (InputStream in = Files.newInputStream(file.path())) {
          long copied = 0;
          int read;
          while (copied < size && (read = in.read(buffer, 0, (int) Math.min(buffer.length, size - copied))) > 0) {
            out.write(buffer, 0, read);
            copied += read;
            progressBytes.accept(read);
          }
          if (copied != size) {
            throw new IOException(file.path() + " changed size while it was archived");
          }
        }
        out.write(new byte[(int) (roundUp(size) - size)]);
      }
      out.write(new byte[2 * BLOCK]);
    }
  }

  /** The file's name inside the archive: its own name, numbered so tracks keep their order. */
  private String entryName(int index) {
    String name = files.get(index).path().getFileName().toString();
    if (!bundled()) {
      return name;
    }
    String numbered = String.format("%02d-%s", index + 1, name);
    return numbered.length() > 99 ? numbered.substring(0, 99) : numbered;
  }

  // ustar: name(100) mode(8) uid(8) gid(8) size(12) mtime(12) chksum(8) typeflag(1) linkname(100)
  //        magic(6)="ustar\0" version(2)="00" uname(32) gname(32) devmajor(8) devminor(8) prefix(155) pad(12)
  private static byte[] header(String name, long size) {
    byte[] header = new byte[BLOCK];
    put(header, 0, name.getBytes(StandardCharsets.UTF_8), 100);
    put(header, 100, octal(0644, 7), 8);
    put(header, 108, octal(0, 7), 8);
    put(header, 116, octal(0, 7), 8);
    put(header, 124, octal(size, 11), 12);
    put(header, 136, octal(0, 11), 12);
    header[156] = '0';
    put(header, 257, "ustar\0".getBytes(StandardCharsets.US_ASCII), 6);
    put(header, 263, "00".getBytes(StandardCharsets.US_ASCII), 2);
    // The checksum is computed with its own field as eight spaces.
    java.util.Arrays.fill(header, 148, 156, (byte) ' ');
    long sum = 0;
    for (byte b : header) {
      sum += b & 0xff;
    }
    put(header, 148, octal(sum, 6), 7);
    header[155] = ' ';
    return header;
  }

  private static byte[] octal(long value, int digits) {
    String text = String.format("%0" + digits + "o", value);
    if (text.length() > digits) {
      throw new IllegalArgumentException(value + " does not fit a tar header field");
    }
    return (text + "\0").getBytes(StandardCharsets.US_ASCII);
  }

  private static void put(byte[] header, int offset, byte[] value, int length) {
    System.arraycopy(value, 0, header, offset, Math.min(value.length, length));
  }

  private static long roundUp(long size) {
    return (size + BLOCK - 1) / BLOCK * BLOCK;
  }

  private static MessageDigest sha256() {
    return Sha256.newDigest();
  }
}
