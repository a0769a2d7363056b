package dev.carriage.grid.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carriage.grid.wire.WireLimits;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** A handshake proof holds for one carrier's nonce and id only, and only by the ticket's key. */
class HandshakeProofTest {

  @Test
  void aProofVerifies_onlyForItsOwnNonceNodeAndKey() throws Exception {
    KeyPair ticketKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    KeyPair otherKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    byte[] nonce = new byte[WireLimits.CHALLENGE_NONCE_LENGTH];
    new SecureRandom().nextBytes(nonce);
    byte[] otherNonce = nonce.clone();
    otherNonce[0] ^= 1;

    byte[] proof = HandshakeProof.sign(ticketKey.getPrivate(), nonce, "carrier-a");

    assertThat(proof).hasSize(WireLimits.PROOF_LENGTH);
    assertThat(HandshakeProof.verify(ticketKey.getPublic(), nonce, "carrier-a", proof)).isTrue();
    assertThat(HandshakeProof.verify(ticketKey.getPublic(), nonce, "carrier-b", proof)).as("relayed to another carrier").isFalse();
    assertThat(HandshakeProof.verify(ticketKey.getPublic(), otherNonce, "carrier-a", proof)).as("replayed on a new connection").isFalse();
    assertThat(HandshakeProof.verify(otherKey.getPublic(), nonce, "carrier-a", proof)).as("another ticket's key").isFalse();
    assertThat(HandshakeProof.verify(ticketKey.getPublic(), nonce, "carrier-a", new byte[3])).isFalse();
  }
}
