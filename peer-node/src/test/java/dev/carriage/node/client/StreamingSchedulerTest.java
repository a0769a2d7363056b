package dev.carriage.node.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The scheduler's streaming policy as a pure function, on a simulated clock: a player reads the
 * title at a bitrate from a playhead, and the pieces in a window ahead of it must arrive by
 * their deadlines (piece {@code playhead + k} by {@code k} pieces' playing time after the player
 * reached the playhead). Sources send in the order asked at their own rates; some are slow,
 * some vanish, some are corrupt (banned on their first bad piece). The rules checked here are
 * written out in each test, not taken from the scheduler.
 */
class StreamingSchedulerTest {

  private static final int PIECE = 256 * 1024;
  private static final int BLOCK = 64 * 1024;
  private static final long TICK_NANOS = 10_000_000; // 10 ms
  private static final int VERIFYING_MAX = 8;
  private static final long IN_FLIGHT_MAX = 16L << 20;
  /** The window the download gives a stream: 8 s of playing time. */
  private static final double WINDOW_SECONDS = 8;

  /** One simulated source: what it has, how fast it sends, and what it is sending, in the order asked. */
  private static final class SimSource {
    final String name;
    final BitSet has;
    final long bytesPerSecond;
    final boolean corrupt;
    final boolean fallback;
    final long vanishesAtNanos;
    final Deque<int[]> sending = new ArrayDeque<>(); // {piece, bytes still to send}
    long sentNanos = -1;
    boolean gone;
    double credit; // fractional bytes carried over between ticks

    SimSource(String name, BitSet has, long bytesPerSecond, boolean corrupt, boolean fallback, long vanishesAtNanos) {
      this.name = name;
      this.has = has;
      this.bytesPerSecond = bytesPerSecond;
      this.corrupt = corrupt;
      this.fallback = fallback;
      this.vanishesAtNanos = vanishesAtNanos;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** What one run showed. */
  record Run(double startSeconds, int stalls, double stalledSeconds, long[] heldAtNanos, long[] deadlineAtHeld, long fallbackBytes,
      long totalBytes, double endSeconds) {}

  /** A simulated download with a player reading at {@code bitrate} from {@code seekTo} (piece 0 unless seeking). */
  private static final class Swarm {
    final int pieces;
    final long bitrate;
    final List<SimSource> sources;
    final PieceScheduler<SimSource> scheduler;
    final long nanosPerPiece;
    final int windowPieces;
    final long[] heldAt;
    final long[] deadlineWhenHeld;
    PieceScheduler.StreamWindow window;
    long now;
    long fallbackBytes;
    long totalBytes;

    Swarm(int pieces, long bitrate, List<SimSource> sources, Random random) {
      this.pieces = pieces;
      this.bitrate = bitrate;
      this.sources = sources;
      int[] lengths = new int[pieces];
      Arrays.fill(lengths, PIECE);
      this.scheduler = new PieceScheduler<>(lengths, new BitSet(), VERIFYING_MAX, IN_FLIGHT_MAX, random);
      this.nanosPerPiece = (long) (PIECE * 1e9 / bitrate);
      this.windowPieces = Math.max(2, (int) Math.ceil(WINDOW_SECONDS * 1e9 / nanosPerPiece));
      this.heldAt = new long[pieces];
      this.deadlineWhenHeld = new long[pieces];
      Arrays.fill(heldAt, -1);
      for (SimSource source : sources) {
        scheduler.joined(source, source.has, source.fallback);
      }
    }

    /** The player reached {@code piece} now, as the download is told on each new piece read. */
    void playFrom(int piece) {
      window = new PieceScheduler.StreamWindow(piece, windowPieces, now, nanosPerPiece);
      for (PieceScheduler.Duplicate<SimSource> back : scheduler.stream(window)) {
        back.source().sending.removeIf(entry -> entry[0] == back.piece()); // cancelled before a byte of it was sent
      }
    }

    /** Seeks to {@code piece} now: the seconds until a second of playing from there is held. */
    double seek(int piece, long limitNanos) {
      long started = now;
      playFrom(piece);
      int second = (int) Math.ceil(1e9 / nanosPerPiece);
      while (now - started < limitNanos) {
        boolean ready = true;
        for (int p = piece; p < Math.min(pieces, piece + second); p++) {
          ready &= held(p);
        }
        if (ready) {
          return (now - started) / 1e9;
        }
        tick();
      }
      return Double.POSITIVE_INFINITY;
    }

    boolean held(int piece) {
      return heldAt[piece] >= 0;
    }

    /** One tick: rates measured as the download measures them, assignments, bytes sent, pieces verified. */
    void tick() {
      for (SimSource source : sources) {
        if (!source.gone && source.vanishesAtNanos >= 0 && now >= source.vanishesAtNanos) {
          source.gone = true;
          source.sending.clear();
          scheduler.left(source);
        }
      }
      for (SimSource source : sources) {
        if (!source.gone) {
          scheduler.rate(source, measured(source));
        }
      }
      for (SimSource source : sources) {
        if (source.gone) {
          continue;
        }
        long measured = measured(source);
        // The download's pipeline: about a second of the measured rate, two blocks before it is known.
        long depth = Math.max(2L * BLOCK, Math.min(32L * BLOCK, Math.max(0, measured)));
        for (int piece : scheduler.assign(source, depth, now)) {
          assertThat(source.has.get(piece)).as(source + " asked for piece " + piece + " it does not have").isTrue();
          source.sending.add(new int[] {piece, PIECE});
          if (System.getenv("SIM_TRACE") != null) {
            System.out.printf("%.3f %s <- %d (copies %d)%n", now / 1e9, source, piece, scheduler.copiesInFlight(piece));
          }
        }
      }
      for (SimSource source : sources) {
        if (source.gone) {
          continue;
        }
        source.credit += source.bytesPerSecond * (TICK_NANOS / 1e9);
        while (source.credit >= 1 && !source.sending.isEmpty()) {
          int[] head = source.sending.peekFirst();
          int sent = (int) Math.min(head[1], (long) source.credit);
          head[1] -= sent;
          source.credit -= sent;
          totalBytes += sent;
          fallbackBytes += source.fallback ? sent : 0;
          source.sentNanos = now;
          scheduler.received(source, head[0], sent);
          if (head[1] == 0) {
            source.sending.pollFirst();
            arrived(source, head[0]);
            if (source.gone) {
              break;
            }
          }
        }
        if (source.sending.isEmpty()) {
          source.credit = 0; // an idle source does not bank its rate
        }
      }
      now += TICK_NANOS;
    }

    /** As the download measures a source: unknown until its first byte, then its rate. */
    private static long measured(SimSource source) {
      return source.sentNanos < 0 ? PieceScheduler.RATE_UNKNOWN : source.bytesPerSecond;
    }

    private void arrived(SimSource source, int piece) {
      if (!scheduler.arrived(source, piece)) {
        return;
      }
      List<PieceScheduler.Duplicate<SimSource>> cancelled = scheduler.verified(piece, !source.corrupt);
      if (source.corrupt) {
        source.gone = true; // banned: the piece came whole from it alone
        source.sending.clear();
        scheduler.left(source);
        return;
      }
      heldAt[piece] = now;
      if (System.getenv("SIM_TRACE") != null) {
        System.out.printf("%.3f held %d from %s (deadline %.3f)%n", now / 1e9, piece, source,
            window != null && window.contains(piece) ? window.deadlineNanos(piece) / 1e9 : -1.0);
      }
      deadlineWhenHeld[piece] = window != null && window.contains(piece) ? window.deadlineNanos(piece) : Long.MAX_VALUE;
      for (PieceScheduler.Duplicate<SimSource> duplicate : cancelled) {
        duplicate.source().sending.removeIf(entry -> entry[0] == duplicate.piece());
      }
    }

    /**
     * Plays from the start as a media element does: it reads ahead of what it plays, whatever is
     * held in order up to {@code aheadSeconds} past its playhead, and the download hears only
     * where it reads (as the player endpoint does), not where it plays. Playing starts once a
     * second is in order; the piece being played not held is a stall, and playing resumes once
     * another second is in.
     */
    Run playReadingAhead(long limitNanos, double aheadSeconds) {
      long started = now;
      int second = (int) Math.ceil(1e9 / nanosPerPiece);
      int ahead = (int) Math.ceil(aheadSeconds * 1e9 / nanosPerPiece);
      int reading = -1;
      double playhead = 0; // in pieces
      boolean playing = false;
      double startSeconds = -1;
      int stalls = 0;
      long stalledNanos = 0;
      long stalledSince = 0;
      while (playhead < pieces && now - started < limitNanos) {
        int frontier = (int) playhead;
        while (frontier < pieces && held(frontier)) {
          frontier++;
        }
        int read = Math.min(frontier, (int) playhead + ahead);
        if (read != reading && read < pieces) {
          reading = read;
          readOn(read);
        }
        if (!playing && frontier >= Math.min(pieces, (int) playhead + second)) {
          playing = true;
          if (startSeconds < 0) {
            startSeconds = (now - started) / 1e9;
          } else {
            stalledNanos += now - stalledSince;
          }
        } else if (playing) {
          playhead += TICK_NANOS / (double) nanosPerPiece;
          if (playhead < pieces && !held((int) playhead)) {
            playing = false;
            stalls++;
            stalledSince = now;
            if (System.getenv("SIM_TRACE") != null) {
              System.out.printf("%.3f STALL at %d%n", now / 1e9, (int) playhead);
            }
          }
        }
        tick();
      }
      return new Run(startSeconds, stalls, stalledNanos / 1e9, heldAt.clone(), deadlineWhenHeld.clone(), fallbackBytes, totalBytes,
          (now - started) / 1e9);
    }

    /** The player reads from {@code piece} now: the download moves its window as {@link Download#playFrom} does. */
    void readOn(int piece) {
      window = window == null ? new PieceScheduler.StreamWindow(piece, windowPieces, now, nanosPerPiece) : window.readFrom(piece, now);
      for (PieceScheduler.Duplicate<SimSource> back : scheduler.stream(window)) {
        back.source().sending.removeIf(entry -> entry[0] == back.piece());
      }
    }

    /**
     * Plays from {@code fromPiece}: playback starts once that piece is held, then moves on at the
     * bitrate; reaching a piece not yet held is a stall, and playing resumes once it is.
     */
    Run play(int fromPiece, long limitNanos) {
      long started = now;
      playFrom(fromPiece);
      while (!held(fromPiece) && now - started < limitNanos) {
        tick();
      }
      double startSeconds = (now - started) / 1e9;
      int stalls = 0;
      long stalledNanos = 0;
      int playing = fromPiece;
      long pieceStart = now;
      while (playing < pieces - 1 && now - started < limitNanos) {
        tick();
        if (now - pieceStart >= nanosPerPiece) {
          playing++;
          if (!held(playing)) {
            stalls++;
            if (System.getenv("SIM_TRACE") != null) {
              System.out.printf("%.3f STALL at %d%n", now / 1e9, playing);
            }
            long stallStart = now;
            playFrom(playing);
            while (!held(playing) && now - started < limitNanos) {
              tick();
            }
            stalledNanos += now - stallStart;
          }
          pieceStart = now;
          playFrom(playing);
        }
      }
      return new Run(startSeconds, stalls, stalledNanos / 1e9, heldAt.clone(), deadlineWhenHeld.clone(), fallbackBytes, totalBytes,
          (now - started) / 1e9);
    }
  }

  /**
   * The bench's case: four equal sources, the origin one of them, together 1.2, 1.5 or 2 times
   * the bitrate, and a player that reads ahead, so the download hears where it reads, not where
   * it plays. Rule: playing starts within a second and never stalls, and the origin (the
   * fallback) carries no more than its quarter.
   */
  @Test
  void aPlayerReadingAhead_withFourEqualSourcesAtOnePointTwoTimesTheBitrate_neverStalls() {
    long bitrate = 2_000_000;
    for (double capacity : new double[] {1.2, 1.5, 2.0}) {
      for (int seed = 0; seed < 10; seed++) {
        int pieces = 200; // 52 MB: 26 s at the bitrate
        long each = (long) (capacity * bitrate / 4);
        List<SimSource> sources = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          sources.add(new SimSource("carrier-" + i, all(pieces), each, false, false, -1));
        }
        sources.add(new SimSource("origin", all(pieces), each, false, true, -1));
        Swarm swarm = new Swarm(pieces, bitrate, sources, new Random(seed));

        Run run = swarm.playReadingAhead(120_000_000_000L, 10);

        String which = "capacity " + capacity + "x, seed " + seed;
        assertThat(run.startSeconds()).as("start, " + which).isBetween(0.0, 1.0);
        assertThat(run.stalls()).as("stalls, " + which).isZero();
        assertThat(run.fallbackBytes()).as("origin's bytes, " + which).isLessThanOrEqualTo(run.totalBytes() / 4 + PIECE);
      }
    }
  }

  private static BitSet all(int pieces) {
    BitSet all = new BitSet();
    all.set(0, pieces);
    return all;
  }

  /**
   * Seeded swarms whose honest carriers together send {@code capacity} times the bitrate, split
   * at random among three to six of them, one of them slow (a tenth of the bitrate) and one that
   * vanishes inside the first half of the title (its capacity on top), beside an origin at the
   * bitrate as fallback. Rule: with at least 1.2 times the bitrate, playing starts within a
   * second and never stalls; the origin carries only what was urgent.
   */
  @Test
  void withAtLeastOnePointTwoTimesTheBitrate_playbackStartsWithinASecond_andNeverStalls() {
    long bitrate = 1_000_000;
    for (double capacity : new double[] {1.2, 1.5, 2.0}) {
      for (int seed = 0; seed < 40; seed++) {
        Random random = new Random(seed);
        int pieces = 60;
        List<SimSource> sources = new ArrayList<>();
        int carriers = 3 + random.nextInt(4);
        double slow = 0.1;
        double[] shares = new double[carriers - 1];
        double sum = 0;
        for (int i = 0; i < shares.length; i++) {
          shares[i] = 0.2 + random.nextDouble();
          sum += shares[i];
        }
        sources.add(new SimSource("slow", all(pieces), (long) (slow * bitrate), false, false, -1));
        for (int i = 0; i < shares.length; i++) {
          sources.add(new SimSource("carrier-" + i, all(pieces), (long) ((capacity - slow) * bitrate * shares[i] / sum), false, false, -1));
        }
        long vanishAt = (long) (random.nextDouble() * pieces / 2 * PIECE * 1e9 / bitrate);
        sources.add(new SimSource("vanishing", all(pieces), bitrate / 2, false, false, vanishAt));
        sources.add(new SimSource("origin", all(pieces), bitrate, false, true, -1));
        Swarm swarm = new Swarm(pieces, bitrate, sources, random);

        Run run = swarm.play(0, 300_000_000_000L);

        String which = "capacity " + capacity + "x, seed " + seed;
        assertThat(run.startSeconds()).as("start, " + which).isLessThan(1.0);
        assertThat(run.stalls()).as("stalls, " + which).isZero();
      }
    }
  }

  /**
   * Rule: when the carriers together send less than the bitrate, the origin makes up the
   * difference, piece by piece, for pieces no carrier could bring in time: playing never stalls,
   * and the origin carries no more than the carriers' shortfall, plus the first seconds it may
   * take as urgent, plus a few pieces of slack.
   */
  @Test
  void whenTheCarriersAloneAreSlowerThanTheBitrate_theOriginMakesUpTheDifference_andNoMore() {
    long bitrate = 1_000_000;
    for (int seed = 0; seed < 20; seed++) {
      int pieces = 80;
      List<SimSource> sources = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        sources.add(new SimSource("carrier-" + i, all(pieces), bitrate * 3 / 10, false, false, -1)); // 0.9x together
      }
      sources.add(new SimSource("origin", all(pieces), bitrate / 2, false, true, -1));
      Swarm swarm = new Swarm(pieces, bitrate, sources, new Random(seed));

      Run run = swarm.play(0, 300_000_000_000L);

      assertThat(run.stalls()).as("stalls, seed " + seed).isZero();
      double shortfall = 1 - 0.9;
      long allowed = (long) (shortfall * run.totalBytes() + PieceScheduler.URGENT_SECONDS * bitrate + 4L * PIECE);
      assertThat(run.fallbackBytes()).as("origin bytes, seed " + seed).isLessThanOrEqualTo(allowed);
    }
  }

  /**
   * Rule: a seek moves the window: a source's next pieces are those after the seek, in playing
   * order, and what it was asked for the old place and has not begun to send is handed back.
   */
  @Test
  void aSeekMovesTheWindow_andItsPiecesComeFirst_inPlayingOrder() {
    int pieces = 100;
    SimSource fast = new SimSource("fast", all(pieces), 8_000_000, false, false, -1);
    Swarm swarm = new Swarm(pieces, 1_000_000, List.of(fast), new Random(1));
    swarm.playFrom(0);
    swarm.scheduler.rate(fast, fast.bytesPerSecond);
    assertThat(swarm.scheduler.assign(fast, 4L * PIECE, 0)).containsExactly(0, 1, 2, 3);

    swarm.scheduler.received(fast, 0, BLOCK); // piece 0 has begun to come; 1 to 3 have not
    List<PieceScheduler.Duplicate<SimSource>> handedBack =
        swarm.scheduler.stream(new PieceScheduler.StreamWindow(60, swarm.windowPieces, 0, swarm.nanosPerPiece));

    assertThat(handedBack).as("what was asked for the old place and not begun")
        .containsExactly(new PieceScheduler.Duplicate<>(fast, 1), new PieceScheduler.Duplicate<>(fast, 2),
            new PieceScheduler.Duplicate<>(fast, 3));
    assertThat(swarm.scheduler.assignedTo(fast).stream().toArray()).containsExactly(0);
    assertThat(swarm.scheduler.assign(fast, 4L * PIECE, 0)).containsExactly(60, 61, 62, 63);
  }

  /**
   * Rule (the goal): with every source at 8 MB/s, a seek to where nothing has come yet
   * plays again within a second, however busy the sources were with the old place.
   */
  @Test
  void aSeek_playsAgainWithinASecond_atEightMegabytesPerSecondASource() {
    long bitrate = 2_000_000;
    for (int seed = 0; seed < 20; seed++) {
      Random random = new Random(seed);
      int pieces = 400;
      List<SimSource> sources = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        sources.add(new SimSource("carrier-" + i, all(pieces), 8_000_000, false, false, -1));
      }
      sources.add(new SimSource("origin", all(pieces), 8_000_000, false, true, -1));
      Swarm swarm = new Swarm(pieces, bitrate, sources, random);
      swarm.play(0, 1_000_000_000L); // a second of playing: the sources are busy with the start
      int target = 300 + random.nextInt(80);
      assertThat(swarm.held(target)).isFalse();

      assertThat(swarm.seek(target, 10_000_000_000L)).as("seconds to play again after a seek, seed " + seed).isLessThan(1.0);
    }
  }

  /** Rule: reading on (a playhead inside the window) hands nothing back. */
  @Test
  void readingOn_handsNothingBack() {
    int pieces = 100;
    SimSource fast = new SimSource("fast", all(pieces), 8_000_000, false, false, -1);
    Swarm swarm = new Swarm(pieces, 1_000_000, List.of(fast), new Random(6));
    swarm.playFrom(0);
    swarm.scheduler.rate(fast, fast.bytesPerSecond);
    swarm.scheduler.assign(fast, 4L * PIECE, 0);

    assertThat(swarm.scheduler.stream(new PieceScheduler.StreamWindow(1, swarm.windowPieces, 0, swarm.nanosPerPiece))).isEmpty();
    assertThat(swarm.scheduler.assignedTo(fast).cardinality()).isEqualTo(4);
  }

  /**
   * Rule: a window piece goes to a source that can have it by its deadline; a slow source that
   * cannot is given pieces it can bring in time, or pieces outside the window.
   */
  @Test
  void aSlowSource_isNotGivenAPieceItWouldBringLate() {
    int pieces = 100;
    long bitrate = 1_000_000;
    SimSource fast = new SimSource("fast", all(pieces), 4_000_000, false, false, -1);
    SimSource slow = new SimSource("slow", all(pieces), 50_000, false, false, -1); // 5.2 s a piece
    Swarm swarm = new Swarm(pieces, bitrate, List.of(fast, slow), new Random(2));
    swarm.scheduler.rate(fast, fast.bytesPerSecond);
    swarm.scheduler.rate(slow, slow.bytesPerSecond);
    swarm.playFrom(0);

    List<Integer> slowGets = swarm.scheduler.assign(slow, 2L * BLOCK, 0);

    assertThat(slowGets).hasSize(1);
    int piece = slowGets.get(0);
    double due = swarm.window.contains(piece) ? piece * swarm.nanosPerPiece / 1e9 : Double.POSITIVE_INFINITY;
    assertThat(PIECE / (double) slow.bytesPerSecond).as("the slow source's piece %d is due in %.2f s", piece, due).isLessThanOrEqualTo(due);
  }

  /**
   * Rule: a copy in the window that is running late (its source stalled) is duplicated to a
   * source that would bring it sooner, and the late copy is cancelled when the other verifies.
   */
  @Test
  void aLateCopyInTheWindow_isDuplicated_andTheLateOneCancelled() {
    int pieces = 100;
    SimSource stalling = new SimSource("stalling", all(pieces), 4_000_000, false, false, -1);
    SimSource other = new SimSource("other", all(pieces), 4_000_000, false, false, -1);
    Swarm swarm = new Swarm(pieces, 1_000_000, List.of(stalling, other), new Random(3));
    swarm.playFrom(0);
    swarm.scheduler.rate(stalling, stalling.bytesPerSecond);
    assertThat(swarm.scheduler.assign(stalling, 2L * PIECE, 0)).containsExactly(0, 1);

    swarm.scheduler.rate(stalling, 0); // sent nothing when asked
    swarm.scheduler.rate(other, other.bytesPerSecond);
    List<Integer> copies = swarm.scheduler.assign(other, 2L * PIECE, 0);

    // The piece the player waits for is raced at once; the stalled source's next waits its turn
    // behind a piece nobody fetches, and is raced once it is the one waited for.
    assertThat(copies).containsExactly(0, 2);
    assertThat(swarm.scheduler.copiesInFlight(0)).isEqualTo(2);
    assertThat(swarm.scheduler.arrived(other, 0)).isTrue();
    assertThat(swarm.scheduler.verified(0, true)).containsExactly(new PieceScheduler.Duplicate<>(stalling, 0));
    assertThat(swarm.scheduler.assign(other, 2L * PIECE, 0)).startsWith(1);
    assertThat(swarm.scheduler.copiesInFlight(1)).isEqualTo(2);
  }

  /**
   * Rule: a corrupt carrier's piece inside the window fails its hash, the carrier is banned, and
   * the piece is fetched from another source before its deadline passes.
   */
  @Test
  void aCorruptCarrierInTheWindow_isBanned_andItsPieceArrivesElsewhereBeforeItsDeadline() {
    int pieces = 40;
    long bitrate = 1_000_000;
    for (int seed = 0; seed < 20; seed++) {
      SimSource corrupt = new SimSource("corrupt", all(pieces), 3_000_000, true, false, -1);
      SimSource honest = new SimSource("honest", all(pieces), 1_500_000, false, false, -1);
      SimSource origin = new SimSource("origin", all(pieces), 1_000_000, false, true, -1);
      Swarm swarm = new Swarm(pieces, bitrate, new ArrayList<>(List.of(corrupt, honest, origin)), new Random(seed));

      Run run = swarm.play(0, 120_000_000_000L);

      assertThat(corrupt.gone).as("banned, seed " + seed).isTrue();
      for (int piece = 0; piece < pieces; piece++) {
        assertThat(run.heldAtNanos()[piece]).as("piece " + piece + " held, seed " + seed).isNotNegative();
      }
      for (int piece = 1; piece < pieces; piece++) {
        if (run.deadlineAtHeld()[piece] != Long.MAX_VALUE) {
          assertThat(run.heldAtNanos()[piece]).as("piece " + piece + " by its deadline, seed " + seed)
              .isLessThanOrEqualTo(run.deadlineAtHeld()[piece]);
        }
      }
      assertThat(run.stalls()).as("stalls, seed " + seed).isZero();
    }
  }

  /**
   * Rule: outside the window the choice stays rarest first, so a streaming client still spreads
   * pieces: once the window is in flight, a source is asked for the rarest piece it has beyond it.
   */
  @Test
  void outsideTheWindow_theRarestPieceComesFirst() {
    int pieces = 100;
    BitSet rareOnly = new BitSet();
    rareOnly.set(0, pieces);
    SimSource everything = new SimSource("everything", all(pieces), 100_000_000, false, false, -1);
    BitSet most = all(pieces);
    most.clear(77);
    SimSource second = new SimSource("most", most, 1_000_000, false, false, -1);
    Swarm swarm = new Swarm(pieces, 1_000_000, List.of(everything, second), new Random(4));
    swarm.scheduler.rate(everything, everything.bytesPerSecond);
    swarm.playFrom(0);

    List<Integer> asked = swarm.scheduler.assign(everything, (swarm.windowPieces + 1L) * PIECE, 0);

    List<Integer> window = new ArrayList<>();
    for (int piece = 0; piece < swarm.windowPieces; piece++) {
      window.add(piece);
    }
    assertThat(asked.subList(0, swarm.windowPieces)).containsExactlyElementsOf(window);
    assertThat(asked.get(swarm.windowPieces)).as("the only piece one source has").isEqualTo(77);
  }

  /**
   * Rule: the origin (fallback) takes a first copy inside the window only when it is due within
   * the urgent span or no carrier has it; later window pieces are left to the carriers.
   */
  @Test
  void theOrigin_takesOnlyUrgentWindowPieces() {
    int pieces = 100;
    SimSource carrier = new SimSource("carrier", all(pieces), 2_000_000, false, false, -1);
    SimSource origin = new SimSource("origin", all(pieces), 10_000_000, false, true, -1);
    Swarm swarm = new Swarm(pieces, 1_000_000, List.of(carrier, origin), new Random(5));
    swarm.scheduler.rate(origin, origin.bytesPerSecond);
    swarm.playFrom(0);

    List<Integer> fromOrigin = swarm.scheduler.assign(origin, 40L * PIECE, 0);

    double urgentPieces = PieceScheduler.URGENT_SECONDS * 1e9 / swarm.nanosPerPiece;
    assertThat(fromOrigin).isNotEmpty().allSatisfy(piece -> assertThat(piece).isLessThanOrEqualTo((int) urgentPieces));
  }
  /**
   * Rule: past the first seconds of a start or a seek, a window piece due soon is the carriers'
   * while one can bring it in time, so the origin's share stays bounded by those first seconds.
   */
  @Test
  void pastTheFirstSeconds_aPieceDueSoonIsNotTheOrigins_whileACarrierCanBringItInTime() {
    int pieces = 100;
    SimSource carrier = new SimSource("carrier", all(pieces), 2_000_000, false, false, -1);
    SimSource origin = new SimSource("origin", all(pieces), 10_000_000, false, true, -1);
    Swarm swarm = new Swarm(pieces, 1_000_000, List.of(carrier, origin), new Random(5));
    swarm.scheduler.rate(origin, origin.bytesPerSecond);
    swarm.scheduler.rate(carrier, carrier.bytesPerSecond);
    swarm.playFrom(0);
    int readingOn = 20; // inside the 8 s window, and 5 s of playing past the start
    swarm.now = readingOn * swarm.nanosPerPiece - 1_500_000_000L; // read ahead: due in 1.5 s, which the carrier makes
    swarm.readOn(readingOn);

    assertThat(swarm.scheduler.assign(origin, 40L * PIECE, swarm.now)).isEmpty();
    assertThat(swarm.scheduler.assign(carrier, 2L * PIECE, swarm.now)).startsWith(readingOn);
  }

  /**
   * Rule: the origin races a carrier's late copy in the window only once the piece is due within
   * the urgent span (and it would bring it within as long): sooner, the carrier's copy may yet
   * come, and each early race is origin upload the carriers would have carried.
   */
  @Test
  void theOrigin_racesALateCopy_onlyOnceThePieceIsDueWithinTheUrgentSpan() {
    int pieces = 100;
    int readingOn = 28; // inside the 8 s window, 7.3 s of playing past the start
    SimSource carrier = new SimSource("carrier", all(pieces), 80_000, false, false, -1); // 3.3 s a piece
    BitSet allBut = all(pieces);
    allBut.clear(readingOn);
    SimSource fast = new SimSource("fast", allBut, 4_000_000, false, false, -1); // brings the others in time
    SimSource origin = new SimSource("origin", all(pieces), 10_000_000, false, true, -1);
    Swarm swarm = new Swarm(pieces, 1_000_000, List.of(carrier, fast, origin), new Random(6));
    swarm.scheduler.rate(origin, origin.bytesPerSecond);
    swarm.scheduler.rate(carrier, carrier.bytesPerSecond);
    swarm.scheduler.rate(fast, fast.bytesPerSecond);
    swarm.playFrom(0);
    swarm.now = 3_000_000_000L; // the player reads ahead: piece 28 is due at 7.34 s, in 4.34 s
    swarm.readOn(readingOn);
    assertThat(swarm.scheduler.assign(carrier, PIECE, swarm.now)).as("3.3 s for a piece due in 4.3 s").containsExactly(readingOn);

    swarm.scheduler.rate(carrier, 20_000); // slower now: its copy looks 13 s away
    assertThat(swarm.scheduler.assign(origin, 4L * PIECE, swarm.now)).as("due in 4.3 s: not yet the origin's").isEmpty();

    swarm.now += 2_500_000_000L; // due in 1.84 s
    assertThat(swarm.scheduler.assign(origin, 4L * PIECE, swarm.now)).as("due within the urgent span").containsExactly(readingOn);
    assertThat(swarm.scheduler.copiesInFlight(readingOn)).isEqualTo(2);
  }

  /**
   * Rule: a player that reads ahead keeps the playing clock: reading on leaves a piece due when
   * it was; reading a piece after its time restarts the clock from then; a read outside the
   * window is a seek, due at once and a new start.
   */
  @Test
  void readingAhead_keepsThePlayingClock_aSeekRestartsIt() {
    long second = 1_000_000_000L;
    PieceScheduler.StreamWindow started = new PieceScheduler.StreamWindow(0, 30, 0, second / 4);

    PieceScheduler.StreamWindow ahead = started.readFrom(8, second); // piece 8 is due at 2 s; read at 1 s
    assertThat(ahead.deadlineNanos(8)).isEqualTo(2 * second);
    assertThat(ahead.deadlineNanos(9)).isEqualTo(2 * second + second / 4);
    assertThat(ahead.startedAt()).isZero();

    PieceScheduler.StreamWindow late = started.readFrom(8, 3 * second); // read a second after its time
    assertThat(late.deadlineNanos(8)).isEqualTo(3 * second);
    assertThat(late.startedAt()).isZero();

    PieceScheduler.StreamWindow seek = started.readFrom(60, 3 * second);
    assertThat(seek.deadlineNanos(60)).isEqualTo(3 * second);
    assertThat(seek.startedAt()).isEqualTo(60);
  }

}
