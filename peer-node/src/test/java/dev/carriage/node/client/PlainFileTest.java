package dev.carriage.node.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.carriage.grid.crypto.ContentEncryptor;
import dev.carriage.grid.manifest.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlainFileTest {

  private static final int PIECE = 16 * 1024;
  /** Four whole pieces and a short last one. */
  private static final int SIZE = 4 * PIECE + 1234;

  @TempDir Path directory;
  private byte[] media;
  private byte[] stored;
  private ContentEncryptor.Encrypted encrypted;
  private Path output;

  @BeforeEach
  void encrypt() throws IOException {
    media = new byte[SIZE];
    new Random(17).nextBytes(media);
    Path source = Files.write(directory.resolve("media"), media);
    Path content = directory.resolve("content.bin");
    encrypted = ContentEncryptor.encrypt(UUID.randomUUID(), source, content, PIECE, done -> {});
    stored = Files.readAllBytes(content);
    output = directory.resolve("out").resolve("title.bin");
    Files.createDirectories(output.getParent());
  }

  private byte[] storedPiece(int piece) {
    Manifest manifest = encrypted.manifest();
    int offset = (int) manifest.storedOffset(piece);
    return Arrays.copyOfRange(stored, offset, offset + manifest.storedLength(piece));
  }

  private PlainFile open() throws IOException {
    return PlainFile.open(output, encrypted.manifest(), encrypted.key());
  }

  @Test
  void piecesInAnyOrder_makeTheSourceFile_andNothingElseIsLeftBeside_it() throws IOException {
    PlainFile plain = open();
    for (int piece : new int[] {4, 1, 0, 3, 2}) {
      assertThat(plain.addPiece(piece, storedPiece(piece))).isTrue();
    }
    plain.complete();

    assertThat(Files.readAllBytes(output)).isEqualTo(media);
    try (var files = Files.list(output.getParent())) {
      assertThat(files.map(path -> path.getFileName().toString())).containsExactly("title.bin");
    }
  }

  @Test
  void aTamperedPiece_isRefused_andNotWritten() throws IOException {
    PlainFile plain = open();
    byte[] tampered = storedPiece(2);
    tampered[100] ^= 1;

    assertThat(plain.addPiece(2, tampered)).isFalse();
    assertThat(plain.addPiece(2, Arrays.copyOf(storedPiece(2), PIECE))).as("a piece cut short").isFalse();
    assertThat(plain.holds(2)).isFalse();
    assertThat(Files.size(PlainFile.partialOf(output))).isZero();
  }

  @Test
  void aPieceMovedToAnotherIndex_isRefused() throws IOException {
    assertThat(open().addPiece(1, storedPiece(0))).isFalse();
  }

  @Test
  void anInterruptedFile_resumesWithWhatItHeld_andForgetsPiecesDamagedOnDisk() throws IOException {
    PlainFile first = open();
    for (int piece = 0; piece < 3; piece++) {
      first.addPiece(piece, storedPiece(piece));
    }
    first.close();
    try (var file = java.nio.channels.FileChannel.open(PlainFile.partialOf(output), java.nio.file.StandardOpenOption.WRITE)) {
      file.write(java.nio.ByteBuffer.wrap(new byte[] {(byte) ~media[PIECE + 5]}), PIECE + 5); // piece 1 damaged
    }

    PlainFile resumed = open();
    assertThat(resumed.held().cardinality()).isEqualTo(3);
    assertThat(resumed.reverify()).isEqualTo(1);
    assertThat(resumed.held().stream().toArray()).containsExactly(0, 2);
    assertThatThrownBy(resumed::complete).hasMessageContaining("holds 2 of 5 pieces");

    for (int piece : new int[] {1, 3, 4}) {
      resumed.addPiece(piece, storedPiece(piece));
    }
    resumed.complete();
    assertThat(Files.readAllBytes(output)).isEqualTo(media);
  }

  @Test
  void whatWasHeld_isForgotten_whenThePartialFileIsGone() throws IOException {
    PlainFile first = open();
    first.addPiece(0, storedPiece(0));
    first.close();
    Files.delete(PlainFile.partialOf(output));

    assertThat(open().held().isEmpty()).isTrue();
  }
}
