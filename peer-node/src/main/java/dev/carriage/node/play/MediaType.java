package dev.carriage.node.play;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** What a player is told a title (or track) is, from its first bytes: the formats a store of music and video sells. */
final class MediaType {

  private MediaType() {}

  static String of(ByteBuffer start) {
    ByteBuffer head = start.duplicate();
    byte[] bytes = new byte[Math.min(16, head.remaining())];
    head.get(bytes);
    String ascii = new String(bytes, StandardCharsets.ISO_8859_1);
    if (ascii.startsWith("RIFF") && ascii.startsWith("WAVE", 8)) {
      return "audio/wav";
    }
    if (ascii.startsWith("fLaC")) {
      return "audio/flac";
    }
    if (ascii.startsWith("OggS")) {
      return "audio/ogg";
    }
    if (ascii.startsWith("ID3") || (bytes.length > 1 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xe0) == 0xe0)) {
      return "audio/mpeg";
    }
    if (ascii.startsWith("ftyp", 4)) {
      return "video/mp4";
    }
    if (ascii.startsWith("\u001aE\u00df\u00a3")) {
      return "video/webm";
    }
    if (ascii.startsWith("RIFF") && ascii.startsWith("AVI ", 8)) {
      return "video/x-msvideo";
    }
    return "application/octet-stream";
  }
}
