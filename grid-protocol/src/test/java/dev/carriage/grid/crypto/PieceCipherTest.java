package dev.carriage.grid.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.carriage.grid.manifest.Manifest;
import dev.carriage.grid.manifest.Sha256;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PieceCipherTest {

  private final UUID title = UUID.randomUUID();
  private final ContentKey key = ContentKey.generate();

  private ByteBuffer encrypt(PieceCipher cipher, int index, byte[] plain) {
    ByteBuffer stored = ByteBuffer.allocate(plain.length + PieceCipher.TAG_LENGTH);
    cipher.encrypt(index, ByteBuffer.wrap(plain), stored);
    return stored.flip();
  }

  @Test
  void eachPiece_decryptsAlone_toItsPlainBytes() throws Exception {
    PieceCipher cipher = new PieceCipher(key, title);
    byte[] plain = "a piece of a film".getBytes();
    ByteBuffer stored = encrypt(cipher, 7, plain);

    ByteBuffer decrypted = ByteBuffer.allocate(plain.length);
    cipher.decrypt(7, stored, decrypted);

    assertThat(decrypted.array()).isEqualTo(plain);
  }

  @Test
  void samePlainBytes_atAnotherIndex_encryptDifferently() {
    PieceCipher cipher = new PieceCipher(key, title);
    byte[] plain = new byte[64];
    assertThat(encrypt(cipher, 0, plain)).isNotEqualTo(encrypt(cipher, 1, plain));
  }

  @Test
  void changedMovedOrForeignPieces_failAuthentication() {
    PieceCipher cipher = new PieceCipher(key, title);
    ByteBuffer stored = encrypt(cipher, 3, new byte[100]);

    ByteBuffer flipped = ByteBuffer.wrap(stored.array().clone());
    flipped.put(10, (byte) (flipped.get(10) ^ 1));
    assertThatThrownBy(() -> cipher.decrypt(3, flipped, ByteBuffer.allocate(100)))
        .isInstanceOf(PieceCipher.PieceTamperedException.class);
    assertThatThrownBy(() -> cipher.decrypt(4, stored.duplicate(), ByteBuffer.allocate(100)))
        .isInstanceOf(PieceCipher.PieceTamperedException.class);
    assertThatThrownBy(() -> new PieceCipher(key, UUID.randomUUID()).decrypt(3, stored.duplicate(), ByteBuffer.allocate(100)))
        .isInstanceOf(PieceCipher.PieceTamperedException.class);
    assertThatThrownBy(() -> new PieceCipher(ContentKey.generate(), title).decrypt(3, stored.duplicate(), ByteBuffer.allocate(100)))
        .isInstanceOf(PieceCipher.PieceTamperedException.class);
  }

  @Test
  void encryptedFile_hashesMatchTheManifest_andNoPlainTextIsStored(@TempDir Path dir) throws Exception {
    byte[] media = new byte[3 * 1024 * 1024 + 12345];
    new Random(1).nextBytes(media);
    byte[] marker = "PLAINTEXT-MARKER-THAT-MUST-NOT-BE-STORED".getBytes();
    System.arraycopy(marker, 0, media, 2_000_000, marker.length);
    Path source = Files.write(dir.resolve("media.bin"), media);
    Path stored = dir.resolve("content.bin");

    ContentEncryptor.Encrypted encrypted = ContentEncryptor.encrypt(title, source, stored, bytes -> { });
    Manifest manifest = encrypted.manifest();

    assertThat(manifest.pieceCount()).isEqualTo(4);
    assertThat(Files.size(stored)).isEqualTo(manifest.storedSizeBytes());
    byte[] storedBytes = Files.readAllBytes(stored);
    assertThat(new String(storedBytes, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(new String(marker));
    PieceCipher cipher = new PieceCipher(encrypted.key(), title);
    ByteBuffer plain = ByteBuffer.allocate(media.length);
    try (FileChannel channel = FileChannel.open(stored)) {
      for (int i = 0; i < manifest.pieceCount(); i++) {
        ByteBuffer piece = ByteBuffer.allocate(manifest.storedLength(i));
        channel.read(piece, manifest.storedOffset(i));
        piece.flip();
        assertThat(Sha256.hash(piece.duplicate())).isEqualTo(manifest.pieceHash(i));
        cipher.decrypt(i, piece, plain);
      }
    }
    assertThat(plain.array()).isEqualTo(media);
  }

  @Test
  void contentKey_neverShowsItself() {
    assertThat(key.toString()).doesNotContain(key.toBase64());
    assertThat(ContentKey.fromBase64(key.toBase64())).isEqualTo(key);
  }
}
