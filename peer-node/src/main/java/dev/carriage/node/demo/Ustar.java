package dev.carriage.node.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Writes a ustar archive, as an album's tracks are carried (one 512-byte header per file, its bytes padded to 512, two zero blocks). */
final class Ustar {

  private Ustar() {}

  static void entry(OutputStream out, String name, byte[] file) throws IOException {
    byte[] header = new byte[512];
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    if (nameBytes.length > 100) {
      throw new IllegalArgumentException("a track name of at most 100 bytes: " + name);
    }
    System.arraycopy(nameBytes, 0, header, 0, nameBytes.length);
    put(header, 100, "0000644\0");
    put(header, 108, "0000000\0");
    put(header, 116, "0000000\0");
    put(header, 124, String.format("%011o\0", file.length));
    put(header, 136, "00000000000\0");
    header[156] = '0';
    put(header, 257, "ustar\0");
    put(header, 263, "00");
    Arrays.fill(header, 148, 156, (byte) ' '); // the checksum counts its own field as spaces
    int sum = 0;
    for (byte b : header) {
      sum += b & 0xff;
    }
    put(header, 148, String.format("%06o\0 ", sum));
    out.write(header);
    out.write(file);
    out.write(new byte[(512 - file.length % 512) % 512]);
  }

  static void end(OutputStream out) throws IOException {
    out.write(new byte[1024]);
  }

  private static void put(byte[] header, int offset, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(bytes, 0, header, offset, bytes.length);
  }
}
