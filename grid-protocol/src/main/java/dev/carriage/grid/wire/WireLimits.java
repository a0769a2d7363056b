package dev.carriage.grid.wire;

import dev.carriage.grid.crypto.PieceCipher;
import dev.carriage.grid.manifest.Manifest;
import dev.carriage.grid.receipt.ReceiptCodec;

/** Every bound of the wire protocol, in one place; the decoder checks each before it reads on. */
public final class WireLimits {

  /** 2: the carrier speaks first with a challenge, and the client's handshake proves its ticket's key over it. */
  public static final int PROTOCOL_VERSION = 2;
  /** The most bytes one request may ask for, and one piece frame may carry. */
  public static final int BLOCK_LENGTH_MAX = 256 * 1024;
  public static final int NODE_ID_LENGTH_MAX = 64;
  public static final int TICKET_LENGTH_MAX = 4096;
  public static final int REJECT_MESSAGE_LENGTH_MAX = 256;
  public static final int PIECE_COUNT_MAX = Manifest.PIECE_COUNT_MAX;
  /** The largest offset inside a stored piece. */
  public static final int OFFSET_MAX = Manifest.PIECE_SIZE_MAX + PieceCipher.TAG_LENGTH;
  /** Type byte plus the largest payload of any frame (a piece frame: index, offset, one block; a receipt is smaller). */
  public static final int FRAME_LENGTH_MAX = Math.max(1 + 4 + 4 + BLOCK_LENGTH_MAX, 1 + ReceiptCodec.ENCODED_LENGTH_MAX);
  public static final int LENGTH_FIELD_LENGTH = 4;
  /** The random bytes of a carrier's challenge: fresh for every connection. */
  public static final int CHALLENGE_NONCE_LENGTH = 32;
  /** An Ed25519 signature: the client's proof of its ticket's key over the challenge. */
  public static final int PROOF_LENGTH = 64;
  /** The largest handshake frame: what a carrier reads from a peer before it knows who the peer is. */
  public static final int HANDSHAKE_FRAME_LENGTH_MAX = 1 + 2 + 1 + NODE_ID_LENGTH_MAX + 2 + TICKET_LENGTH_MAX + PROOF_LENGTH;

  private WireLimits() {}
}
