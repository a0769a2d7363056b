package dev.carriage.store.launch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A single-file BitTorrent metainfo (BEP 3) for the swarm benchmark's baseline: what mktorrent would write. */
record TorrentFile(byte[] encoded, byte[] infoHash) {

  static TorrentFile of(Path file, String announce, int pieceLength) throws IOException {
    ByteArrayOutputStream pieces = new ByteArrayOutputStream();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] piece = new byte[pieceLength];
      int filled;
      while ((filled = in.readNBytes(piece, 0, pieceLength)) > 0) {
        MessageDigest sha1 = sha1();
        sha1.update(piece, 0, filled);
        pieces.write(sha1.digest());
      }
    }
    // Keys in sorted order, as bencoding requires.
    ByteArrayOutputStream info = new ByteArrayOutputStream();
    info.write('d');
    string(info, "length");
    integer(info, Files.size(file));
    string(info, "name");
    string(info, file.getFileName().toString());
    string(info, "piece length");
    integer(info, pieceLength);
    string(info, "pieces");
    bytes(info, pieces.toByteArray());
    info.write('e');
    ByteArrayOutputStream torrent = new ByteArrayOutputStream();
    torrent.write('d');
    string(torrent, "announce");
    string(torrent, announce);
    string(torrent, "info");
    torrent.write(info.toByteArray());
    torrent.write('e');
    return new TorrentFile(torrent.toByteArray(), sha1().digest(info.toByteArray()));
  }

  String infoHashHex() {
    return HexFormat.of().formatHex(infoHash);
  }

  private static MessageDigest sha1() {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  private static void string(ByteArrayOutputStream out, String value) throws IOException {
    bytes(out, value.getBytes(StandardCharsets.UTF_8));
  }

  private static void bytes(ByteArrayOutputStream out, byte[] value) throws IOException {
    out.write((value.length + ":").getBytes(StandardCharsets.US_ASCII));
    out.write(value);
  }

  private static void integer(ByteArrayOutputStream out, long value) throws IOException {
    out.write(("i" + value + "e").getBytes(StandardCharsets.US_ASCII));
  }
}
