package dev.carriage.node.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PieceSelectorTest {

  private static BitSet bits(int... pieces) {
    BitSet bits = new BitSet();
    for (int piece : pieces) {
      bits.set(piece);
    }
    return bits;
  }

  @Test
  void rarest_choosesThePieceFewestSourcesHave() {
    int[] availability = {5, 1, 3, 2};
    assertThat(PieceSelector.rarest(bits(0, 1, 2, 3), new BitSet(), new BitSet(), availability, new Random(1)).getAsInt()).isEqualTo(1);
  }

  @Test
  void rarest_skipsHeldAndInProgressPieces_andWhatTheSourceLacks() {
    int[] availability = {1, 1, 1, 4};
    assertThat(PieceSelector.rarest(bits(0, 1, 3), bits(0), bits(1), availability, new Random(1)).getAsInt()).isEqualTo(3);
    assertThat(PieceSelector.rarest(bits(0), bits(0), new BitSet(), availability, new Random(1))).isEmpty();
  }

  @Test
  void rarest_breaksTiesAtRandom_soClientsSpreadOut() {
    int[] availability = {2, 2, 2, 2};
    BitSet chosen = new BitSet();
    Random random = new Random(7);
    for (int i = 0; i < 200; i++) {
      chosen.set(PieceSelector.rarest(bits(0, 1, 2, 3), new BitSet(), new BitSet(), availability, random).getAsInt());
    }
    assertThat(chosen.cardinality()).isEqualTo(4);
  }

  @Test
  void endgame_duplicatesTheLeastCopiedPieceInFlight_withinTheLimit() {
    int[] copies = {0, 2, 1, 1};
    assertThat(PieceSelector.endgame(bits(1, 2, 3), new BitSet(), copies, bits(2), 2, piece -> true).getAsInt()).isEqualTo(3);
    assertThat(PieceSelector.endgame(bits(1), new BitSet(), copies, new BitSet(), 2, piece -> true)).isEmpty();
    assertThat(PieceSelector.endgame(bits(0), new BitSet(), copies, new BitSet(), 2, piece -> true)).as("not in flight: not endgame").isEmpty();
  }
}
