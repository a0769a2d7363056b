package dev.carriage.grid.ticket;

import dev.carriage.grid.wire.WireLimits;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

/**
 * What binds a download session to one connection. A carrier opens every connection with a fresh
 * nonce and its node id; the client signs {@code "CHS2" || nonce || node id} with the private key
 * its ticket names. The carrier checks it with the ticket's key over its own nonce and its own
 * id, so a node that relays a client's handshake to another carrier gets nowhere: that carrier's
 * nonce and id are not the ones the client signed. The magic keeps the signature from meaning
 * anything else (a receipt is signed by the same key).
 */
public final class HandshakeProof {

  private static final byte[] MAGIC = "CHS2".getBytes(StandardCharsets.US_ASCII);

  private HandshakeProof() {}

  public static byte[] sign(PrivateKey ticketKey, byte[] nonce, String carrierNodeId) {
    try {
      Signature signature = Signature.getInstance("Ed25519");
      signature.initSign(ticketKey);
      signature.update(message(nonce, carrierNodeId));
      return signature.sign();
    } catch (GeneralSecurityException unusable) {
      throw new IllegalArgumentException("cannot sign a handshake with this key: " + unusable.getMessage(), unusable);
    }
  }

  /** True only for a signature by {@code ticketKey} over exactly this nonce and node id. */
  public static boolean verify(PublicKey ticketKey, byte[] nonce, String carrierNodeId, byte[] proof) {
    if (proof == null || proof.length != WireLimits.PROOF_LENGTH) {
      return false;
    }
    try {
      Signature signature = Signature.getInstance("Ed25519");
      signature.initVerify(ticketKey);
      signature.update(message(nonce, carrierNodeId));
      return signature.verify(proof);
    } catch (GeneralSecurityException refused) {
      return false;
    }
  }

  private static byte[] message(byte[] nonce, String carrierNodeId) {
    if (nonce.length != WireLimits.CHALLENGE_NONCE_LENGTH) {
      throw new IllegalArgumentException("nonce: " + nonce.length + " bytes (expected: " + WireLimits.CHALLENGE_NONCE_LENGTH + ")");
    }
    byte[] node = carrierNodeId.getBytes(StandardCharsets.UTF_8);
    byte[] message = new byte[MAGIC.length + nonce.length + node.length];
    System.arraycopy(MAGIC, 0, message, 0, MAGIC.length);
    System.arraycopy(nonce, 0, message, MAGIC.length, nonce.length);
    System.arraycopy(node, 0, message, MAGIC.length + nonce.length, node.length);
    return message;
  }
}
