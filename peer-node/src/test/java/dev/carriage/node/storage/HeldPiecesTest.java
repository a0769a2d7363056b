package dev.carriage.node.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeldPiecesTest {

  @TempDir Path directory;

  private static BitSet read(Path file) throws Exception {
    return BitSet.valueOf(Files.readAllBytes(file));
  }

  /** Rule: what is read back is the set last saved, as it grows piece by piece and when a re-check shrinks it. */
  @Test
  void theFileHoldsTheSetLastSaved_growingAndShrinking() throws Exception {
    Path file = directory.resolve("held.bits");
    Random random = new Random(7);
    BitSet held = new BitSet();
    for (int i = 0; i < 500; i++) {
      held.set(random.nextInt(3000));
      HeldPieces.save(file, held);
      assertThat(read(file)).isEqualTo(held);
    }
    BitSet fewer = new BitSet();
    fewer.set(0, 5); // a re-check dropped all but the first five
    HeldPieces.save(file, fewer);
    assertThat(read(file)).isEqualTo(fewer);
    HeldPieces.save(file, new BitSet());
    assertThat(read(file)).isEqualTo(new BitSet());
    try (var files = Files.list(directory)) {
      assertThat(files.map(path -> path.getFileName().toString()).toList()).as("nothing beside it").containsExactly("held.bits");
    }
  }
}
