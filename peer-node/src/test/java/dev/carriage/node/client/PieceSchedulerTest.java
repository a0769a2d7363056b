package dev.carriage.node.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The piece scheduler as a pure function, driven through simulated swarms: sources with random
 * holdings and rates, some of them corrupt (every piece they send fails its hash), some vanishing
 * part-way. The simulation keeps its own model of who has what and what is in flight, and checks
 * each of the scheduler's choices against the rules written out here: a source is only asked for
 * what it has; the first copy of a piece is the rarest one the source can give; a second copy
 * (endgame) only when every missing piece is in flight, nothing unrequested is left for that
 * source and it would bring the piece sooner than the copy in flight, never a third; each source is
 * kept at least its pipeline depth busy while there is anything to ask it for, unless the bytes in
 * flight from all sources together reach their bound; a banned or
 * vanished source is never asked again and its pieces go to others; the origin is asked for a
 * first copy only of what no other source has; and the swarm finishes
 * whenever every missing piece has an honest source that stays.
 */
class PieceSchedulerTest {

  private static final int BLOCK = 16;
  private static final int VERIFYING_MAX = 3;
  private static final int COPIES_MAX = 2;
  /** Small enough that the swarms below meet it: a few pieces of the largest size. */
  private static final long IN_FLIGHT_MAX = 6L * 4 * BLOCK;

  /** One simulated source: what it has, how fast it sends, and what it is sending, in the order asked. */
  private static final class SimSource {
    final String name;
    final BitSet has;
    final int bytesPerTick;
    final boolean corrupt;
    final int vanishesAtTick;
    /** The store's origin: asked for first copies only of what no other source has. */
    boolean fallback;
    final Deque<int[]> sending = new ArrayDeque<>(); // {piece, bytes still to send}
    boolean gone;

    SimSource(String name, BitSet has, int bytesPerTick, boolean corrupt, int vanishesAtTick) {
      this.name = name;
      this.has = has;
      this.bytesPerTick = bytesPerTick;
      this.corrupt = corrupt;
      this.vanishesAtTick = vanishesAtTick;
    }

    boolean sends(int piece) {
      return sending.stream().anyMatch(entry -> entry[0] == piece);
    }

    long outstanding() {
      return sending.stream().mapToLong(entry -> entry[1]).sum();
    }
  }

  /** A whole piece waiting for its hash check, and who sent it. */
  private record Arrived(SimSource from, int piece) {}

  private static final class Swarm {
    final int[] lengths;
    final BitSet heldAtStart;
    final List<SimSource> sources = new ArrayList<>();
    final BitSet held = new BitSet();
    final Deque<Arrived> verifying = new ArrayDeque<>();
    final List<String> banned = new ArrayList<>();

    Swarm(int[] lengths, BitSet heldAtStart) {
      this.lengths = lengths;
      this.heldAtStart = heldAtStart;
      held.or(heldAtStart);
    }

    List<SimSource> live() {
      List<SimSource> live = new ArrayList<>(sources.size());
      for (SimSource source : sources) {
        if (!source.gone) {
          live.add(source);
        }
      }
      return live;
    }

    int availability(int piece) {
      return (int) live().stream().filter(source -> source.has.get(piece)).count();
    }

    long inFlight() {
      return live().stream().mapToLong(SimSource::outstanding).sum();
    }

    int copies(int piece) {
      return (int) live().stream().filter(source -> source.sends(piece)).count();
    }

    boolean settled(int piece) {
      return held.get(piece) || verifying.stream().anyMatch(arrived -> arrived.piece == piece);
    }

    /**
     * What a first copy may be taken from: pieces the source has that nobody holds, checks or
     * fetches; for the origin, only those no other live source has.
     */
    BitSet firstCopyCandidates(SimSource source) {
      BitSet candidates = new BitSet();
      for (int piece = source.has.nextSetBit(0); piece >= 0; piece = source.has.nextSetBit(piece + 1)) {
        final int wanted = piece;
        boolean forOrigin = !source.fallback || live().stream().noneMatch(other -> !other.fallback && other.has.get(wanted));
        if (forOrigin && !settled(piece) && copies(piece) == 0) {
          candidates.set(piece);
        }
      }
      return candidates;
    }

    /**
     * What an endgame copy may be: being fetched by others, fewer than the maximum copies, not by
     * this source, and this source would have it whole sooner than every copy in flight (each
     * source sends in the order asked, at its rate); the origin only when that copy is late.
     */
    BitSet endgameCandidates(SimSource source) {
      BitSet candidates = new BitSet();
      for (int piece = source.has.nextSetBit(0); piece >= 0; piece = source.has.nextSetBit(piece + 1)) {
        int copies = copies(piece);
        if (!settled(piece) && copies > 0 && copies < COPIES_MAX && !source.sends(piece) && bringsSooner(source, piece)) {
          candidates.set(piece);
        }
      }
      return candidates;
    }

    /** Every piece is held, being checked, or being fetched by someone: the endgame proper. */
    boolean everythingInFlight() {
      for (int piece = 0; piece < lengths.length; piece++) {
        if (!settled(piece) && copies(piece) == 0) {
          return false;
        }
      }
      return true;
    }

    boolean bringsSooner(SimSource asked, int piece) {
      if (!everythingInFlight()) {
        return false; // these sources never stall, so only the endgame proper races copies
      }
      double soonest = Double.POSITIVE_INFINITY;
      for (SimSource holder : live()) {
        long ahead = 0;
        for (int[] sending : holder.sending) {
          ahead += sending[1];
          if (sending[0] == piece) {
            soonest = Math.min(soonest, ahead / (double) holder.bytesPerTick);
            break;
          }
        }
      }
      // The origin races only a copy that is late (ticks stand for seconds here).
      if (asked.fallback && soonest <= PieceScheduler.FALLBACK_LATE_SECONDS) {
        return false;
      }
      return (asked.outstanding() + lengths[piece]) / (double) asked.bytesPerTick < soonest;
    }

    /** Every piece not held at the start has a source that is honest and never leaves. */
    boolean completable() {
      for (int piece = 0; piece < lengths.length; piece++) {
        final int wanted = piece;
        if (!heldAtStart.get(piece)
            && sources.stream().noneMatch(source -> source.has.get(wanted) && !source.corrupt && source.vanishesAtTick < 0)) {
          return false;
        }
      }
      return true;
    }
  }

  private static Swarm randomSwarm(Random random) {
    int pieces = 1 + random.nextInt(60);
    int pieceLength = BLOCK * (1 + random.nextInt(4));
    int[] lengths = new int[pieces];
    java.util.Arrays.fill(lengths, pieceLength);
    lengths[pieces - 1] = 1 + random.nextInt(pieceLength); // the last piece is usually short
    BitSet heldAtStart = new BitSet();
    for (int piece = 0; piece < pieces; piece++) {
      if (random.nextInt(10) == 0) {
        heldAtStart.set(piece);
      }
    }
    Swarm swarm = new Swarm(lengths, heldAtStart);
    if (random.nextInt(10) < 7) {
      BitSet everything = new BitSet();
      everything.set(0, pieces);
      SimSource origin = new SimSource("origin", everything, BLOCK * (1 + random.nextInt(3)), false, -1);
      origin.fallback = true;
      swarm.sources.add(origin);
    }
    int carriers = 1 + random.nextInt(8);
    for (int index = 0; index < carriers; index++) {
      BitSet has = new BitSet();
      double share = 0.2 + 0.8 * random.nextDouble();
      for (int piece = 0; piece < pieces; piece++) {
        if (random.nextDouble() < share) {
          has.set(piece);
        }
      }
      boolean corrupt = random.nextInt(6) == 0;
      int vanishes = random.nextInt(5) == 0 ? random.nextInt(40) : -1;
      swarm.sources.add(new SimSource("carrier-" + index, has, BLOCK / 4 + random.nextInt(4 * BLOCK), corrupt, vanishes));
    }
    return swarm;
  }

  @Test
  void everyChoiceFollowsTheRules_overSeededRandomSwarms() {
    int completed = 0;
    int withBans = 0;
    int withEndgame = 0;
    for (long seed = 1; seed <= 300; seed++) {
      Random random = new Random(seed);
      Swarm swarm = randomSwarm(random);
      PieceScheduler<SimSource> scheduler = new PieceScheduler<>(swarm.lengths, swarm.heldAtStart, VERIFYING_MAX, IN_FLIGHT_MAX,
          new Random(seed));
      swarm.sources.forEach(source -> {
        scheduler.joined(source, source.has, source.fallback);
        scheduler.rate(source, source.bytesPerTick);
      });
      boolean sawEndgame = false;
      for (int tick = 0; tick < 20_000 && !scheduler.complete(); tick++) {
        checkVerified(swarm, scheduler, seed);
        for (SimSource source : swarm.live()) {
          if (source.vanishesAtTick == tick) {
            source.gone = true;
            source.sending.clear();
            scheduler.left(source);
          }
        }
        for (SimSource source : swarm.live()) {
          sawEndgame |= checkAssignments(swarm, scheduler, source, seed);
        }
        for (SimSource source : swarm.live()) {
          send(swarm, scheduler, source, seed);
        }
        if (swarm.live().isEmpty() && swarm.verifying.isEmpty()) {
          break;
        }
      }
      while (!swarm.verifying.isEmpty()) {
        checkVerified(swarm, scheduler, seed);
      }
      assertThat(scheduler.held()).as("seed %d: what the scheduler holds is what verified", seed).isEqualTo(swarm.held);
      if (swarm.completable()) {
        assertThat(scheduler.complete()).as("seed %d: every missing piece had an honest source that stayed", seed).isTrue();
      }
      completed += scheduler.complete() ? 1 : 0;
      withBans += swarm.banned.isEmpty() ? 0 : 1;
      withEndgame += sawEndgame ? 1 : 0;
    }
    // The seeds exercise what they are meant to: most swarms finish, some ban, many reach the endgame.
    assertThat(completed).isGreaterThan(150);
    assertThat(withBans).isGreaterThan(20);
    assertThat(withEndgame).isGreaterThan(50);
  }

  /** Asks the scheduler for this source's next pieces and checks each against the model. Returns whether one was an endgame copy. */
  private static boolean checkAssignments(Swarm swarm, PieceScheduler<SimSource> scheduler, SimSource source, long seed) {
    long depth = 2L * source.bytesPerTick + BLOCK;
    boolean accepting = swarm.verifying.size() < VERIFYING_MAX;
    List<Integer> pieces = scheduler.assign(source, depth);
    if (!accepting) {
      assertThat(pieces).as("seed %d: nothing new while %d pieces wait for their check", seed, VERIFYING_MAX).isEmpty();
      return false;
    }
    boolean endgame = false;
    long outstandingBefore = source.outstanding();
    for (int piece : pieces) {
      assertThat(outstandingBefore).as("seed %d: %s was asked past its depth", seed, source.name).isLessThan(depth);
      assertThat(swarm.inFlight()).as("seed %d: bytes in flight from all sources", seed).isLessThan(IN_FLIGHT_MAX);
      assertThat(source.has.get(piece)).as("seed %d: %s asked for piece %d it lacks", seed, source.name, piece).isTrue();
      assertThat(swarm.settled(piece)).as("seed %d: piece %d is already held or being checked", seed, piece).isFalse();
      BitSet firstCopies = swarm.firstCopyCandidates(source);
      if (!firstCopies.isEmpty()) {
        int rarest = firstCopies.stream().map(swarm::availability).min().getAsInt();
        assertThat(firstCopies.get(piece)).as("seed %d: piece %d is a first copy while first copies are left", seed, piece).isTrue();
        assertThat(swarm.availability(piece)).as("seed %d: piece %d is among the rarest", seed, piece).isEqualTo(rarest);
      } else {
        BitSet duplicates = swarm.endgameCandidates(source);
        assertThat(duplicates.get(piece)).as("seed %d: endgame copy of %d: in flight elsewhere, under %d copies", seed, piece, COPIES_MAX)
            .isTrue();
        int fewest = duplicates.stream().map(swarm::copies).min().getAsInt();
        assertThat(swarm.copies(piece)).as("seed %d: the endgame duplicates a piece fewest fetch", seed).isEqualTo(fewest);
        endgame = true;
      }
      source.sending.add(new int[] {piece, swarm.lengths[piece]});
      outstandingBefore += swarm.lengths[piece];
    }
    assertThat(scheduler.outstandingBytes(source)).as("seed %d: bytes in flight from %s", seed, source.name).isEqualTo(source.outstanding());
    if (source.outstanding() < depth && swarm.inFlight() < IN_FLIGHT_MAX) {
      assertThat(swarm.firstCopyCandidates(source).isEmpty()).as("seed %d: %s left short with first copies to give", seed, source.name).isTrue();
      assertThat(swarm.endgameCandidates(source).isEmpty()).as("seed %d: %s left short with endgame copies to give", seed, source.name).isTrue();
    }
    for (int piece : pieces) {
      assertThat(swarm.copies(piece)).as("seed %d: copies of piece %d in flight", seed, piece).isLessThanOrEqualTo(COPIES_MAX);
    }
    return endgame;
  }

  /** The source sends its pieces in the order asked, at its rate; a whole piece goes to be checked. */
  private static void send(Swarm swarm, PieceScheduler<SimSource> scheduler, SimSource source, long seed) {
    int budget = source.bytesPerTick;
    while (budget > 0 && !source.sending.isEmpty()) {
      int[] current = source.sending.peek();
      int bytes = Math.min(budget, current[1]);
      scheduler.received(source, current[0], bytes);
      current[1] -= bytes;
      budget -= bytes;
      if (current[1] == 0) {
        source.sending.poll();
        boolean check = scheduler.arrived(source, current[0]);
        assertThat(check).as("seed %d: piece %d is checked unless another copy is held or checked", seed, current[0])
            .isEqualTo(!swarm.settled(current[0]));
        if (check) {
          swarm.verifying.add(new Arrived(source, current[0]));
        }
      }
    }
  }

  /** The oldest arrived piece gets its check: a corrupt source's piece fails and the source is banned. */
  private static void checkVerified(Swarm swarm, PieceScheduler<SimSource> scheduler, long seed) {
    Arrived arrived = swarm.verifying.poll();
    if (arrived == null) {
      return;
    }
    boolean matches = !arrived.from.corrupt;
    List<PieceScheduler.Duplicate<SimSource>> duplicates = scheduler.verified(arrived.piece, matches);
    if (!matches) {
      assertThat(duplicates).isEmpty();
      swarm.banned.add(arrived.from.name);
      arrived.from.gone = true;
      arrived.from.sending.clear();
      scheduler.left(arrived.from);
      return;
    }
    swarm.held.set(arrived.piece);
    List<SimSource> stillSending = swarm.live().stream().filter(source -> source.sends(arrived.piece)).toList();
    assertThat(duplicates.stream().map(PieceScheduler.Duplicate::source).toList())
        .as("seed %d: every other copy of piece %d in flight is handed back to be cancelled", seed, arrived.piece)
        .containsExactlyInAnyOrderElementsOf(stillSending);
    stillSending.forEach(source -> source.sending.removeIf(entry -> entry[0] == arrived.piece));
  }

  @Test
  void aBannedSourcesPieces_goToTheOthers_andItIsNeverAskedAgain() {
    PieceScheduler<String> scheduler = new PieceScheduler<>(new int[] {10, 10, 10, 10}, new BitSet(), 8, 1000, new Random(1));
    BitSet all = new BitSet();
    all.set(0, 4);
    scheduler.joined("bad", all, false);
    assertThat(scheduler.assign("bad", 40)).containsExactlyInAnyOrder(0, 1, 2, 3);
    scheduler.received("bad", scheduler.assignedTo("bad").nextSetBit(0), 10);
    scheduler.joined("good", all, false);
    assertThat(scheduler.assign("good", 40)).as("not while the first source is too new to be measured").isEmpty();
    scheduler.rate("bad", 0);
    scheduler.rate("good", 100);
    assertThat(scheduler.assign("good", 40)).as("the first source stalled: endgame copies of all it holds").hasSize(4);
    scheduler.left("bad");
    assertThat(scheduler.assign("bad", 40)).isEmpty();
    for (int piece = 0; piece < 4; piece++) {
      assertThat(scheduler.copiesInFlight(piece)).isEqualTo(1);
    }
    assertThat(scheduler.outstandingBytes("good")).isEqualTo(40);
  }

  /**
   * Rule: a carrier measured at rate 0 (it sent nothing when asked) is asked for nothing more and
   * counts for no piece's availability until it sends; its copies in flight are raced, and the
   * origin takes what, of the rest, only it still has.
   */
  @Test
  void aCarrierThatSentNothing_isAskedNothingMore_untilItSends() {
    PieceScheduler<String> scheduler = new PieceScheduler<>(new int[] {10, 10, 10, 10}, new BitSet(), 8, 1000, new Random(1));
    BitSet all = new BitSet();
    all.set(0, 4);
    scheduler.joined("carrier", all, false);
    scheduler.joined("origin", all, true);
    List<Integer> first = scheduler.assign("carrier", 20);
    assertThat(first).hasSize(2);

    scheduler.rate("carrier", 0);
    scheduler.rate("origin", 100);
    assertThat(scheduler.assign("carrier", 40)).as("a carrier that sent nothing gets nothing more").isEmpty();

    scheduler.rate("carrier", 50); // it sent after all: it is a carrier like any other again
    assertThat(scheduler.assign("origin", 40)).as("what a carrier that sends has is not the origin's").isEmpty();
    assertThat(scheduler.assign("carrier", 40)).as("asked again once it sends").hasSize(2);

    scheduler.rate("carrier", 0);
    List<Integer> taken = scheduler.assign("origin", 40);
    assertThat(taken).as("the origin races the stalled carrier's copies and takes what only it still has").containsExactlyInAnyOrder(0, 1, 2, 3);
    for (int piece = 0; piece < 4; piece++) {
      assertThat(scheduler.copiesInFlight(piece)).as("piece %d: the carrier's copy and the origin's", piece).isEqualTo(2);
    }
  }

  @Test
  void theOrigin_isAskedOnlyForWhatNoCarrierHas_untilTheCarrierIsGone() {
    PieceScheduler<String> scheduler = new PieceScheduler<>(new int[] {10, 10, 10}, new BitSet(), 8, 1000, new Random(1));
    BitSet all = new BitSet();
    all.set(0, 3);
    BitSet firstTwo = new BitSet();
    firstTwo.set(0, 2);
    scheduler.joined("origin", all, true);
    scheduler.joined("carrier", firstTwo, false);
    assertThat(scheduler.assign("origin", 1000)).as("piece 2 is the origin's alone").containsExactly(2);
    scheduler.left("carrier");
    assertThat(scheduler.assign("origin", 1000)).as("with the carrier gone, the origin is the only source").containsExactlyInAnyOrder(0, 1);
  }

  @Test
  void aVanishedSourceNoLongerCountsTowardsRarity() {
    PieceScheduler<String> scheduler = new PieceScheduler<>(new int[] {10, 10}, new BitSet(), 8, 1000, new Random(1));
    BitSet both = new BitSet();
    both.set(0, 2);
    BitSet first = new BitSet();
    first.set(0);
    scheduler.joined("a", both, false);
    scheduler.joined("b", first, false);
    assertThat(scheduler.assign("a", 1)).as("piece 1 has one holder, piece 0 two").containsExactly(1);
    scheduler.left("a");
    scheduler.joined("c", both, false);
    scheduler.refused("c", 0, true);
    assertThat(scheduler.assign("c", 20)).as("piece 1 is free again; piece 0 c said it lacks").containsExactly(1);
  }
}
