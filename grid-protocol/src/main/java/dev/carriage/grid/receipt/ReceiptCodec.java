package dev.carriage.grid.receipt;

import dev.carriage.grid.manifest.Manifest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.BitSet;
import java.util.UUID;

/**
 * The one byte form of a receipt, which is both what is signed and what travels (to the carrier
 * in a frame, to the store in {@code POST /api/receipts}):
 *
 * <pre>
 * "CRC1" <session u128> <title u128> <carrier u128> <sequence u64> <bytes u64>
 *        <piece count u32> <bits, ceil(count / 8) bytes, piece 0 = high bit of byte 0>
 *        <Ed25519 signature, 64 bytes>
 * </pre>
 *
 * The magic prefix keeps a receipt signature from ever meaning anything else. Every length is
 * checked against the bytes present before anything is allocated.
 */
public final class ReceiptCodec {

  public static final int SIGNATURE_LENGTH = 64;
  private static final byte[] MAGIC = "CRC1".getBytes(StandardCharsets.US_ASCII);
  private static final int HEADER_LENGTH = MAGIC.length + 3 * 16 + 8 + 8 + 4;
  public static final int ENCODED_LENGTH_MAX = HEADER_LENGTH + (Manifest.PIECE_COUNT_MAX + 7) / 8 + SIGNATURE_LENGTH;

  private ReceiptCodec() {}

  public static SignedReceipt sign(Receipt receipt, PrivateKey clientKey) {
    try {
      Signature signer = Signature.getInstance("Ed25519");
      signer.initSign(clientKey);
      signer.update(encodeBody(receipt));
      return new SignedReceipt(receipt, signer.sign());
    } catch (GeneralSecurityException notEd25519) {
      throw new IllegalArgumentException("receipts are signed with an Ed25519 key", notEd25519);
    }
  }

  static byte[] encodeBody(Receipt receipt) {
    int bitBytes = (receipt.pieceCount() + 7) / 8;
    ByteBuffer out = ByteBuffer.allocate(HEADER_LENGTH + bitBytes);
    out.put(MAGIC);
    putUuid(out, receipt.sessionId());
    putUuid(out, receipt.titleId());
    putUuid(out, receipt.carrierId());
    out.putLong(receipt.sequence()).putLong(receipt.bytes()).putInt(receipt.pieceCount());
    BitSet pieces = receipt.pieces();
    for (int i = 0; i < bitBytes; i++) {
      int value = 0;
      for (int bit = 0; bit < 8; bit++) {
        if (pieces.get(i * 8 + bit)) {
          value |= 0x80 >>> bit;
        }
      }
      out.put((byte) value);
    }
    return out.array();
  }

  static byte[] encode(SignedReceipt signed) {
    byte[] body = encodeBody(signed.receipt());
    return ByteBuffer.allocate(body.length + SIGNATURE_LENGTH).put(body).put(signed.signature()).array();
  }

  /** Reads a signed receipt; anything malformed is an {@link IllegalArgumentException} naming the fault. */
  public static SignedReceipt decode(byte[] encoded) {
    if (encoded.length < HEADER_LENGTH + 1 + SIGNATURE_LENGTH) {
      throw new IllegalArgumentException("receipt: " + encoded.length + " bytes (expected: >= " + (HEADER_LENGTH + 1 + SIGNATURE_LENGTH) + ")");
    }
    if (encoded.length > ENCODED_LENGTH_MAX) {
      throw new IllegalArgumentException("receipt: " + encoded.length + " bytes (expected: <= " + ENCODED_LENGTH_MAX + ")");
    }
    ByteBuffer in = ByteBuffer.wrap(encoded);
    byte[] magic = new byte[MAGIC.length];
    in.get(magic);
    if (!java.util.Arrays.equals(magic, MAGIC)) {
      throw new IllegalArgumentException("receipt: not a Carriage receipt (bad magic)");
    }
    UUID session = getUuid(in);
    UUID title = getUuid(in);
    UUID carrier = getUuid(in);
    long sequence = in.getLong();
    long bytes = in.getLong();
    long pieceCount = Integer.toUnsignedLong(in.getInt());
    if (pieceCount < 1 || pieceCount > Manifest.PIECE_COUNT_MAX) {
      throw new IllegalArgumentException("receipt: piece count " + pieceCount + " (expected: 1 to " + Manifest.PIECE_COUNT_MAX + ")");
    }
    int bitBytes = (int) ((pieceCount + 7) / 8);
    if (in.remaining() != bitBytes + SIGNATURE_LENGTH) {
      throw new IllegalArgumentException("receipt: " + in.remaining() + " bytes after the header (expected: " + (bitBytes + SIGNATURE_LENGTH)
          + " for " + pieceCount + " pieces and a signature)");
    }
    BitSet pieces = new BitSet((int) pieceCount);
    for (int i = 0; i < bitBytes; i++) {
      int value = in.get() & 0xFF;
      for (int bit = 0; bit < 8; bit++) {
        if ((value & (0x80 >>> bit)) != 0) {
          int piece = i * 8 + bit;
          if (piece >= pieceCount) {
            throw new IllegalArgumentException("receipt: spare bit " + piece + " is set beyond " + pieceCount + " pieces");
          }
          pieces.set(piece);
        }
      }
    }
    byte[] signature = new byte[SIGNATURE_LENGTH];
    in.get(signature);
    return new SignedReceipt(new Receipt(session, title, carrier, sequence, (int) pieceCount, pieces, bytes), signature);
  }

  private static void putUuid(ByteBuffer out, UUID id) {
    out.putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
  }

  private static UUID getUuid(ByteBuffer in) {
    return new UUID(in.getLong(), in.getLong());
  }
}
