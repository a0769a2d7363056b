package dev.carriage.grid.manifest;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The canonical bytes of a manifest, which are what the store signs. Big-endian throughout:
 *
 * <pre>
 * manifest: "CRGM" <version u8 = 1> <title id 16> <content size i64> <piece size i32>
 *           <piece count i32> <created at, ms since epoch i64> <piece hash 32>* <merkle root 32>
 * signed:   <manifest> <key id length u8> <key id, ASCII> <ES256 signature 64, r || s>
 * </pre>
 *
 * Decoding checks every count against the bytes actually present before allocating anything.
 */
public final class ManifestCodec {

  private static final byte[] MAGIC = {'C', 'R', 'G', 'M'};
  private static final byte VERSION = 1;
  static final int HEADER_LENGTH = MAGIC.length + 1 + 16 + 8 + 4 + 4 + 8;
  public static final int SIGNATURE_LENGTH = 64;
  public static final int KEY_ID_LENGTH_MAX = 64;
  /** The largest signed manifest there can be; anything longer is refused unread. */
  public static final int ENCODED_LENGTH_MAX =
      HEADER_LENGTH + (Manifest.PIECE_COUNT_MAX + 1) * Sha256.LENGTH + 1 + KEY_ID_LENGTH_MAX + SIGNATURE_LENGTH;

  private ManifestCodec() {}

  public static byte[] encode(Manifest manifest) {
    ByteBuffer out = ByteBuffer.allocate(HEADER_LENGTH + (manifest.pieceCount() + 1) * Sha256.LENGTH);
    out.put(MAGIC).put(VERSION);
    out.putLong(manifest.titleId().getMostSignificantBits()).putLong(manifest.titleId().getLeastSignificantBits());
    out.putLong(manifest.contentSizeBytes()).putInt(manifest.pieceSizeBytes()).putInt(manifest.pieceCount());
    out.putLong(manifest.createdAt().toEpochMilli());
    manifest.pieceHashes().forEach(hash -> out.put(hash.bytes()));
    out.put(manifest.merkleRoot().bytes());
    return out.array();
  }

  public static byte[] encode(SignedManifest signed) {
    byte[] body = encode(signed.manifest());
    byte[] keyId = signed.keyId().getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(body.length + 1 + keyId.length + SIGNATURE_LENGTH)
        .put(body).put((byte) keyId.length).put(keyId).put(signed.signature()).array();
  }

  /** Reads a manifest from exactly these bytes; trailing bytes are an error. */
  public static Manifest decode(byte[] bytes) throws ManifestException {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    Manifest manifest = readManifest(in);
    if (in.hasRemaining()) {
      throw new ManifestException("manifest: " + in.remaining() + " bytes after the end");
    }
    return manifest;
  }

  /** Reads a signed manifest's parts; {@link ManifestVerifier} decides whether to trust it. */
  public static SignedManifest decodeSigned(byte[] bytes) throws ManifestException {
    if (bytes.length > ENCODED_LENGTH_MAX) {
      throw new ManifestException("signed manifest: " + bytes.length + " bytes (expected: <= " + ENCODED_LENGTH_MAX + ")");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      Manifest manifest = readManifest(in);
      int keyIdLength = Byte.toUnsignedInt(in.get());
      if (keyIdLength == 0 || keyIdLength > KEY_ID_LENGTH_MAX) {
        throw new ManifestException("key id length: " + keyIdLength + " (expected: 1 to " + KEY_ID_LENGTH_MAX + ")");
      }
      byte[] keyId = new byte[keyIdLength];
      in.get(keyId);
      byte[] signature = new byte[SIGNATURE_LENGTH];
      in.get(signature);
      if (in.hasRemaining()) {
        throw new ManifestException("signed manifest: " + in.remaining() + " bytes after the signature");
      }
      return new SignedManifest(manifest, new String(keyId, StandardCharsets.US_ASCII), signature);
    } catch (BufferUnderflowException truncated) {
      throw new ManifestException("signed manifest: truncated after " + in.position() + " bytes");
    }
  }

  private static Manifest readManifest(ByteBuffer in) throws ManifestException {
    try {
      byte[] magic = new byte[MAGIC.length];
      in.get(magic);
      if (!java.util.Arrays.equals(magic, MAGIC)) {
        throw new ManifestException("not a Carriage manifest (bad magic)");
      }
      byte version = in.get();
      if (version != VERSION) {
        throw new ManifestException("manifest version: " + version + " (expected: " + VERSION + ")");
      }
      UUID titleId = new UUID(in.getLong(), in.getLong());
      long contentSize = in.getLong();
      int pieceSize = in.getInt();
      int pieceCount = in.getInt();
      Instant createdAt = Instant.ofEpochMilli(in.getLong());
      if (pieceCount < 1 || pieceCount > Manifest.PIECE_COUNT_MAX) {
        throw new ManifestException("piece count: " + pieceCount + " (expected: 1 to " + Manifest.PIECE_COUNT_MAX + ")");
      }
      if ((long) (pieceCount + 1) * Sha256.LENGTH > in.remaining()) {
        throw new ManifestException("piece count: " + pieceCount + " but only " + in.remaining() + " bytes follow");
      }
      List<Sha256> hashes = new ArrayList<>(pieceCount);
      byte[] hash = new byte[Sha256.LENGTH];
      for (int i = 0; i < pieceCount; i++) {
        in.get(hash);
        hashes.add(Sha256.of(hash));
      }
      in.get(hash);
      try {
        return new Manifest(titleId, contentSize, pieceSize, hashes, Sha256.of(hash), createdAt);
      } catch (IllegalArgumentException inconsistent) {
        throw new ManifestException(inconsistent.getMessage());
      }
    } catch (BufferUnderflowException truncated) {
      throw new ManifestException("manifest: truncated after " + in.position() + " bytes");
    }
  }
}
