package dev.carriage.grid.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The native provider and the JDK's are interchangeable: each decrypts what the other encrypted
 * (so titles encrypted before the switch stay readable), a tampered piece is refused by both,
 * and both hash alike.
 */
class CryptoProviderTest {

  @Test
  void theNativeProviderLoadsOnThisMachine() {
    // These machines are Linux x86-64: the native provider must be the one in use here.
    assertThat(CryptoProvider.nativeProvider()).isPresent();
    assertThat(CryptoProvider.name()).isEqualTo("AmazonCorrettoCryptoProvider");
  }

  @Test
  void eachProviderDecryptsWhatTheOtherEncrypted_andBothRefuseATamperedPiece() throws Exception {
    ContentKey key = ContentKey.generate();
    UUID title = UUID.randomUUID();
    byte[] piece = new byte[256 * 1024 + 17];
    new Random(7).nextBytes(piece);
    Optional<java.security.Provider> nativeProvider = CryptoProvider.nativeProvider();
    PieceCipher jdk = new PieceCipher(key, title, Optional.empty());
    PieceCipher fast = new PieceCipher(key, title, nativeProvider);

    for (PieceCipher[] pair : new PieceCipher[][] {{jdk, fast}, {fast, jdk}}) {
      ByteBuffer stored = ByteBuffer.allocate(piece.length + PieceCipher.TAG_LENGTH);
      pair[0].encrypt(3, ByteBuffer.wrap(piece), stored);
      stored.flip();
      ByteBuffer plain = ByteBuffer.allocate(piece.length);
      pair[1].decrypt(3, stored.duplicate(), plain);
      assertThat(plain.array()).isEqualTo(piece);

      byte[] tampered = stored.array().clone();
      tampered[1000] ^= 1;
      assertThatThrownBy(() -> pair[1].decrypt(3, ByteBuffer.wrap(tampered), ByteBuffer.allocate(piece.length)))
          .isInstanceOf(PieceCipher.PieceTamperedException.class);
      assertThatThrownBy(() -> pair[1].decrypt(4, stored.duplicate(), ByteBuffer.allocate(piece.length)))
          .as("the same bytes at another index").isInstanceOf(PieceCipher.PieceTamperedException.class);
    }
    assertThat(CryptoProvider.sha256().digest(piece)).isEqualTo(MessageDigest.getInstance("SHA-256").digest(piece));
  }
}
