package dev.carriage.node.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carriage.grid.receipt.Receipt;
import dev.carriage.grid.receipt.ReceiptCodec;
import dev.carriage.grid.receipt.SignedReceipt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.BitSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReceiptOutboxTest {

  @TempDir Path directory;

  private static final KeyPair CLIENT = keyPair();
  private static final UUID CARRIER = UUID.randomUUID();

  private static KeyPair keyPair() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (java.security.GeneralSecurityException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  private static SignedReceipt receipt(UUID session, long sequence, int pieces) {
    BitSet held = new BitSet();
    held.set(0, pieces);
    return ReceiptCodec.sign(new Receipt(session, UUID.randomUUID(), CARRIER, sequence, 16, held, pieces * 1000L), CLIENT.getPrivate());
  }

  @Test
  void keepsOnlyTheNewestReceiptPerSession_andSurvivesARestart() throws Exception {
    UUID session = UUID.randomUUID();
    ReceiptOutbox outbox = new ReceiptOutbox(directory);
    java.util.List<Long> sequencesKept = new java.util.concurrent.CopyOnWriteArrayList<>();
    outbox.onKept(receipt -> sequencesKept.add(receipt.receipt().sequence()));

    assertThat(outbox.offer(receipt(session, 2, 4))).isTrue();
    assertThat(outbox.offer(receipt(session, 1, 9))).as("an older sequence").isFalse();
    assertThat(outbox.offer(receipt(session, 3, 6))).isTrue();
    assertThat(sequencesKept).containsExactly(2L, 3L);

    ReceiptOutbox restarted = new ReceiptOutbox(directory);
    assertThat(restarted.pending()).singleElement().satisfies(kept -> assertThat(kept.receipt().sequence()).isEqualTo(3));
  }

  @Test
  void aReceiptAnsweredFor_isForgotten_unlessANewerOneCameMeanwhile() throws Exception {
    UUID first = UUID.randomUUID();
    UUID second = UUID.randomUUID();
    ReceiptOutbox outbox = new ReceiptOutbox(directory);
    SignedReceipt submitted = receipt(first, 1, 2);
    outbox.offer(submitted);
    outbox.offer(receipt(second, 1, 2));
    SignedReceipt older = receipt(second, 1, 2);

    outbox.done(submitted);
    outbox.offer(receipt(second, 2, 3));
    outbox.done(older);

    assertThat(outbox.pending()).singleElement().satisfies(kept -> assertThat(kept.receipt().sequence()).isEqualTo(2));
    assertThat(Files.exists(directory.resolve(first + ".bin"))).isFalse();
    assertThat(Files.exists(directory.resolve(second + ".bin"))).isTrue();
  }

  @Test
  void aDamagedFile_isDroppedAtStart() throws Exception {
    Files.write(directory.resolve(UUID.randomUUID() + ".bin"), new byte[] {1, 2, 3});

    assertThat(new ReceiptOutbox(directory).pending()).isEmpty();
    try (var files = Files.list(directory)) {
      assertThat(files).isEmpty();
    }
  }
}
