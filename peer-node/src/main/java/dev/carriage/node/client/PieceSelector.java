package dev.carriage.node.client;

import java.util.BitSet;
import java.util.OptionalInt;
import java.util.Random;
import java.util.function.IntPredicate;

/**
 * Which piece to ask a source for next, as pure functions of what is known, so the choice is
 * tested without a network. Rarest first: the piece the fewest sources have, so rare pieces
 * spread before their holders leave; ties broken at random, so clients do not all chase the
 * same piece.
 */
public final class PieceSelector {

  private PieceSelector() {}

  /** The rarest piece the source has that is neither held nor being fetched. */
  public static OptionalInt rarest(BitSet sourceHas, BitSet held, BitSet inProgress, int[] availability, Random random) {
    int best = -1;
    int bestAvailability = Integer.MAX_VALUE;
    int ties = 0;
    for (int piece = sourceHas.nextSetBit(0); piece >= 0; piece = sourceHas.nextSetBit(piece + 1)) {
      if (held.get(piece) || inProgress.get(piece)) {
        continue;
      }
      int count = availability[piece];
      if (count < bestAvailability) {
        best = piece;
        bestAvailability = count;
        ties = 1;
      } else if (count == bestAvailability && random.nextInt(++ties) == 0) {
        best = piece;
      }
    }
    return best < 0 ? OptionalInt.empty() : OptionalInt.of(best);
  }

  /**
   * Endgame: every missing piece is already being fetched, so an idle source duplicates the one
   * being fetched by the fewest sources (at most {@code copiesMax}), of those it would bring
   * sooner ({@code worthDuplicating}); whichever copy completes first wins and the others are
   * cancelled.
   */
  public static OptionalInt endgame(BitSet sourceHas, BitSet held, int[] copiesInFlight, BitSet assignedToSource, int copiesMax,
      IntPredicate worthDuplicating) {
    int best = -1;
    for (int piece = sourceHas.nextSetBit(0); piece >= 0; piece = sourceHas.nextSetBit(piece + 1)) {
      if (held.get(piece) || assignedToSource.get(piece) || copiesInFlight[piece] == 0 || copiesInFlight[piece] >= copiesMax
          || !worthDuplicating.test(piece)) {
        continue;
      }
      if (best < 0 || copiesInFlight[piece] < copiesInFlight[best]) {
        best = piece;
      }
    }
    return best < 0 ? OptionalInt.empty() : OptionalInt.of(best);
  }
}
