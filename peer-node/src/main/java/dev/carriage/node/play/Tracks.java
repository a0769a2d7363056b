package dev.carriage.node.play;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The tracks of an album: a title with several media files is a ustar archive of them (see the
 * catalog import's {@code MediaSet}), so each track is a run of bytes inside the title, after a
 * 512-byte header that names it and gives its size. Reading the headers reads only the pieces
 * they fall in. A header that does not check (bad checksum, a size past the end) ends the list.
 */
public final class Tracks {

  private static final int BLOCK = 512;
  /** An album of more would be a catalog error; the list stops there. */
  static final int TRACKS_MAX = 1000;

  public record Track(int number, String name, long offset, long length) {}

  /** Reads {@code into.remaining()} bytes at a position, waiting as needed. */
  public interface Reader {
    void readFully(long position, ByteBuffer into) throws IOException;
  }

  private Tracks() {}

  /** Whether the first block is a ustar header: the title is an archive of tracks. */
  public static boolean isArchive(ByteBuffer firstBlock) {
    if (firstBlock.remaining() < BLOCK) {
      return false;
    }
    byte[] magic = new byte[5];
    firstBlock.duplicate().position(firstBlock.position() + 257).get(magic);
    return new String(magic, StandardCharsets.US_ASCII).equals("ustar") && checksumMatches(firstBlock.duplicate());
  }

  public static List<Track> list(Reader reader, long size) throws IOException {
    List<Track> tracks = new ArrayList<>();
    long position = 0;
    ByteBuffer header = ByteBuffer.allocate(BLOCK);
    while (position + BLOCK <= size && tracks.size() < TRACKS_MAX) {
      header.clear();
      reader.readFully(position, header);
      header.flip();
      if (header.get(0) == 0 || !checksumMatches(header.duplicate())) {
        break; // the end blocks, or not a header
      }
      String name = text(header, 0, 100);
      long length = octal(header, 124, 12);
      long data = position + BLOCK;
      if (length < 0 || data + length > size) {
        break;
      }
      byte type = header.get(156);
      if (type == '0' || type == 0) {
        tracks.add(new Track(tracks.size() + 1, name, data, length));
      }
      position = data + (length + BLOCK - 1) / BLOCK * BLOCK;
    }
    return tracks;
  }

  private static boolean checksumMatches(ByteBuffer header) {
    long stored = octal(header, 148, 8);
    long sum = 0;
    for (int i = 0; i < BLOCK; i++) {
      sum += (i >= 148 && i < 156) ? ' ' : header.get(header.position() + i) & 0xff;
    }
    return stored == sum;
  }

  private static String text(ByteBuffer header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header.get(end) != 0) {
      end++;
    }
    byte[] bytes = new byte[end - offset];
    header.duplicate().position(offset).get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** An octal field, NUL- or space-terminated; -1 when it is not one. */
  private static long octal(ByteBuffer header, int offset, int length) {
    long value = 0;
    boolean digits = false;
    for (int i = offset; i < offset + length; i++) {
      byte b = header.get(header.position() + i);
      if (b == 0 || b == ' ') {
        if (digits) {
          break;
        }
        continue;
      }
      if (b < '0' || b > '7' || value > (Long.MAX_VALUE >> 3)) {
        return -1;
      }
      value = value * 8 + (b - '0');
      digits = true;
    }
    return digits ? value : -1;
  }
}
