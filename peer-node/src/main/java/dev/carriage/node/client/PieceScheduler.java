package dev.carriage.node.client;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;

/**
 * Which piece each source fetches next: the download's decisions as a state machine with no
 * network, no clock and no threads, so every choice is tested over simulated swarms.
 *
 * <p>Each source gets whole pieces, rarest first ({@link PieceSelector}), until what it has in
 * flight reaches the pipeline depth the caller measured for it, so a faster source is simply
 * asked for more. Once every missing piece is in flight somewhere (the endgame), an idle source
 * duplicates the one fewest sources fetch, up to {@link #ENDGAME_COPIES_MAX} copies, but only
 * where it would bring the piece sooner than the copy in flight, by the rates the caller measured
 * ({@link #rate}): a copy that is only a slower race is upload wasted. A copy from a stalled
 * source is raced at any time. The first copy that verifies wins and the others are handed back
 * to be cancelled. A carrier that sent nothing when asked (measured at rate 0) is asked for
 * nothing more and counts for no piece's availability until it sends: otherwise each piece it
 * is given in turn would wait to be raced, and in a crowd behind congested lines the origin
 * ended up racing every piece of such a carrier.
 *
 * <p>A piece that is whole and waiting for its hash check counts as held for these choices. While
 * {@code verifyingMax} such pieces wait nothing new is asked for, which bounds the memory of a
 * download whose CPU is slower than its network; nor while {@code inFlightBytesMax} are asked for
 * and not yet received from all sources together, which bounds it however many sources there
 * are. A source that leaves (vanished or banned) hands its pieces back and no longer counts
 * towards any piece's rarity. A fallback source (the store's origin) is asked only for pieces no
 * other source has, and for endgame copies of late ones: the carriers, paid by the byte, carry
 * what they can, and the origin keeps every download finishing.
 *
 * <p>Sources are whatever the caller names them by ({@code S}). Not thread-safe: the download
 * calls it under its own lock.
 */
final class PieceScheduler<S> {

  static final int ENDGAME_COPIES_MAX = 2;
  /** A source's rate before it could be measured. */
  static final long RATE_UNKNOWN = -1;
  /** A fallback makes an endgame copy only of a piece expected to take longer than this elsewhere. */
  static final double FALLBACK_LATE_SECONDS = 10;
  /**
   * Copies of a window piece at once, when those in flight are all expected late: one more than
   * the endgame's, because at a stream's start no rate is known yet and the first duplicate may
   * go to a source that turns out little quicker than the first.
   */
  static final int STREAM_COPIES_MAX = 3;
  /** While streaming, a fallback takes first copies of the window's pieces due within this many seconds. */
  static final double URGENT_SECONDS = 2;

  private final int[] pieceLengths;
  private final BitSet held;
  /** Whole, waiting for (or being given) their hash check. */
  private final BitSet verifying = new BitSet();
  /** Assigned to at least one source, or verifying. */
  private final BitSet inProgress = new BitSet();
  private final int[] availability;
  /** How many sources other than fallbacks have each piece. */
  private final int[] peerAvailability;
  private final int[] copiesInFlight;
  private final int verifyingMax;
  private final long inFlightBytesMax;
  private final Random random;
  private final Map<S, Source> sources = new LinkedHashMap<>();
  /** While streaming: the pieces ahead of the playhead and when each is needed; null while not. */
  private StreamWindow window;

  /** What one source has and has been asked for. */
  private static final class Source {
    final BitSet has;
    final boolean fallback;
    /** Pieces assigned to this source, in the order asked (the order it sends them), and the bytes of each not yet received. */
    final Map<Integer, Integer> unreceived = new LinkedHashMap<>();
    /** Bytes per second as the caller measured it: 0 for a source that sent nothing when asked. */
    long rate = RATE_UNKNOWN;

    Source(BitSet has, boolean fallback) {
      this.has = has;
      this.fallback = fallback;
    }

    /**
     * A carrier that sent nothing when asked: it is asked for nothing more and counts for no
     * piece's availability until it sends, so what only it has goes to the origin and what it
     * would have been asked goes to the others; its copies in flight are raced.
     */
    boolean stalled() {
      return !fallback && rate == 0;
    }

    long outstandingBytes() {
      return unreceived.values().stream().mapToLong(Integer::longValue).sum();
    }

    BitSet assigned() {
      BitSet assigned = new BitSet();
      unreceived.keySet().forEach(assigned::set);
      return assigned;
    }
  }

  /** A source's copy of a piece that another copy made unnecessary: cancel what of it has not come. */
  record Duplicate<S>(S source, int piece) {}

  /**
   * A player reads from {@code playhead}: the {@code pieces} from there on are needed in order,
   * piece {@code playhead + k} by {@code startNanos + k * nanosPerPiece} (on the caller's clock).
   * {@code startedAt} is where this stretch of playing began (the start, or the last seek).
   */
  record StreamWindow(int playhead, int pieces, long startNanos, long nanosPerPiece, int startedAt) {

    StreamWindow {
      if (playhead < 0 || pieces < 1 || nanosPerPiece < 1 || startedAt < 0 || startedAt > playhead) {
        throw new IllegalArgumentException("a window of " + pieces + " pieces from " + playhead + " (started at " + startedAt + "), "
            + nanosPerPiece + " ns each");
      }
    }

    /** A start or a seek: playing begins at {@code playhead}. */
    StreamWindow(int playhead, int pieces, long startNanos, long nanosPerPiece) {
      this(playhead, pieces, startNanos, nanosPerPiece, playhead);
    }

    boolean contains(int piece) {
      return piece >= playhead && piece < playhead + pieces;
    }

    long deadlineNanos(int piece) {
      return startNanos + (piece - playhead) * nanosPerPiece;
    }

    /** Whether the piece is among the first {@code seconds} of playing since the start or the last seek. */
    boolean withinFirst(double seconds, int piece) {
      return piece >= startedAt && (piece - startedAt) * nanosPerPiece < seconds * 1e9;
    }

    /**
     * The window once the player reads from {@code piece} at {@code nowNanos}. A player reads
     * ahead of what it plays (a media element buffers, mpv caches), so reading on within the
     * window keeps the playing clock: the piece stays due when it was, not at once, or else the
     * first piece not yet in would always look due now and be copied from every source. Only
     * when its time has passed (the player waits for it: a stall) does the clock restart from
     * now; a read outside the window is a seek, due from now.
     */
    StreamWindow readFrom(int piece, long nowNanos) {
      if (!contains(piece)) {
        return new StreamWindow(piece, pieces, nowNanos, nanosPerPiece);
      }
      return new StreamWindow(piece, pieces, Math.max(nowNanos, deadlineNanos(piece)), nanosPerPiece, startedAt);
    }
  }

  PieceScheduler(int[] pieceLengths, BitSet held, int verifyingMax, long inFlightBytesMax, Random random) {
    this.pieceLengths = pieceLengths.clone();
    this.held = (BitSet) held.clone();
    this.availability = new int[pieceLengths.length];
    this.peerAvailability = new int[pieceLengths.length];
    this.copiesInFlight = new int[pieceLengths.length];
    this.verifyingMax = verifyingMax;
    this.inFlightBytesMax = inFlightBytesMax;
    this.random = random;
  }

  /** A source announced what it has (its bitfield): from now on it can be asked. A second announcement is ignored. */
  void joined(S source, BitSet has, boolean fallback) {
    if (sources.containsKey(source)) {
      return;
    }
    BitSet pieces = (BitSet) has.clone();
    if (pieces.length() > pieceLengths.length) {
      pieces.clear(pieceLengths.length, pieces.length());
    }
    Source joining = new Source(pieces, fallback);
    sources.put(source, joining);
    countAll(joining, 1);
  }

  /** A source verified another piece (a Have). */
  void gained(S source, int piece) {
    Source known = sources.get(source);
    if (known == null || piece < 0 || piece >= pieceLengths.length || known.has.get(piece)) {
      return;
    }
    known.has.set(piece);
    count(known, piece, 1);
  }

  /** The source is gone, vanished or banned: its unfinished pieces are free for the others. */
  void left(S source) {
    Source gone = sources.remove(source);
    if (gone == null) {
      return;
    }
    BitSet released = gone.assigned();
    for (int piece = released.nextSetBit(0); piece >= 0; piece = released.nextSetBit(piece + 1)) {
      unassign(piece);
    }
    countAll(gone, -1);
  }

  /** Whether the first second of playing from the stream's playhead is verified (true when the download is no stream). */
  boolean holdsFirstSecond() {
    if (window == null) {
      return true;
    }
    int firstSecond = (int) Math.ceil(1e9 / window.nanosPerPiece());
    return held.nextClearBit(window.playhead()) >= Math.min(pieceLengths.length, window.playhead() + firstSecond);
  }

  /** The stream's window now, if the download is a stream. */
  Optional<StreamWindow> window() {
    return Optional.ofNullable(window);
  }

  /**
   * A player reads from the window's playhead (a start, a seek, or reading on): from now on the
   * window's pieces go first, each to a source expected to have it whole by its deadline. A
   * copy expected late is duplicated to a source that would bring it sooner. Outside the window
   * the choice stays rarest first, so a streaming client still spreads pieces for the swarm.
   * Returns, on a seek (a playhead outside the window before), the pieces asked for elsewhere
   * and not begun, handed back to be cancelled.
   */
  List<Duplicate<S>> stream(StreamWindow window) {
    StreamWindow before = this.window;
    this.window = window.playhead() < pieceLengths.length ? window : null;
    boolean seek = this.window != null && before != null && !before.contains(window.playhead());
    List<Duplicate<S>> handedBack = new ArrayList<>();
    if (!seek) {
      return handedBack;
    }
    // A seek: what was asked for the old place and has not begun to come would only hold up the
    // new place's first pieces behind it; it goes back, to be cancelled (no byte of it was sent).
    for (Map.Entry<S, Source> entry : sources.entrySet()) {
      var assigned = entry.getValue().unreceived.entrySet().iterator();
      while (assigned.hasNext()) {
        Map.Entry<Integer, Integer> piece = assigned.next();
        if (!this.window.contains(piece.getKey()) && piece.getValue() == pieceLengths[piece.getKey()]) {
          assigned.remove();
          unassign(piece.getKey());
          handedBack.add(new Duplicate<>(entry.getKey(), piece.getKey()));
        }
      }
    }
    return handedBack;
  }

  /**
   * The pieces to ask this source for now, so that about {@code pipelineBytes} are in flight
   * from it; each is assigned to it until it arrives, is refused, or is cancelled.
   */
  List<Integer> assign(S source, long pipelineBytes) {
    return assign(source, pipelineBytes, 0);
  }

  /** As {@link #assign(Object, long)}, with the caller's clock, against which a stream's deadlines are set. */
  List<Integer> assign(S source, long pipelineBytes, long nowNanos) {
    Source asked = sources.get(source);
    List<Integer> pieces = new ArrayList<>();
    if (asked == null || asked.stalled() || !acceptingRequests()) {
      return pieces;
    }
    BitSet settled = settled();
    long inFlight = sources.values().stream().mapToLong(Source::outstandingBytes).sum();
    long outstanding = asked.outstandingBytes();
    while (outstanding < pipelineBytes && inFlight < inFlightBytesMax) {
      OptionalInt next = window == null ? OptionalInt.empty() : dueNext(asked, settled, nowNanos);
      if (next.isEmpty()) {
        next = PieceSelector.rarest(rarestCandidates(asked), settled, inProgress, availability, random);
      }
      if (next.isEmpty()) {
        boolean everythingInFlight = held.cardinality() + inProgress.cardinality() == pieceLengths.length;
        next = PieceSelector.endgame(asked.has, settled, copiesInFlight, asked.assigned(), ENDGAME_COPIES_MAX,
            piece -> bringsSooner(asked, piece, everythingInFlight));
      }
      if (next.isEmpty()) {
        break;
      }
      int piece = next.getAsInt();
      asked.unreceived.put(piece, pieceLengths[piece]);
      outstanding += pieceLengths[piece];
      inFlight += pieceLengths[piece];
      inProgress.set(piece);
      copiesInFlight[piece]++;
      pieces.add(piece);
    }
    return pieces;
  }

  /**
   * The piece of the window this source should fetch now: another copy of the piece the player
   * waits for first, when its copies in flight are all expected late, this source would bring it
   * before them and no other source sooner still; else the first, in playing order, that no
   * source fetches, when this source is expected to have it by its deadline (or no other source
   * would have it sooner); else another copy of a later piece, on the same terms. A fallback takes a
   * first copy in the window only when no other source has the piece, when it is due within
   * {@link #URGENT_SECONDS} and among the first {@link #URGENT_SECONDS} of playing since the
   * start or a seek (those come from the surest source), or when no carrier could bring it in
   * time: the carriers carry what they can. A fallback races a late copy only as
   * {@link #fallbackRaces} allows.
   */
  private OptionalInt dueNext(Source asked, BitSet settled, long nowNanos) {
    int end = Math.min(pieceLengths.length, window.playhead() + window.pieces());
    // A late copy is raced first only for the piece the player waits for; any other is raced
    // only when the window holds nothing new for this source. When the sources together are
    // little faster than the stream, every copy raced is capacity the pieces after it needed
    // (measured at 1.2 times the bitrate: a third of the requests were copies of late pieces).
    int waitedFor = settled.nextClearBit(window.playhead());
    if (waitedFor < end && racing(asked, settled, waitedFor, nowNanos)) {
      return OptionalInt.of(waitedFor);
    }
    for (int piece = window.playhead(); piece < end; piece++) {
      if (wanted(asked, settled, piece) && copiesInFlight[piece] == 0) {
        double secondsLeft = (window.deadlineNanos(piece) - nowNanos) / 1e9;
        double mine = expectedSeconds(asked, pieceLengths[piece]);
        // Only the first seconds after a start or a seek: later, a piece running close is the
        // carriers' to bring (or the origin's when none can), so the origin's share stays bounded.
        boolean urgent = secondsLeft <= URGENT_SECONDS && window.withinFirst(URGENT_SECONDS, piece);
        if (asked.fallback && peerAvailability[piece] > 0 && !urgent && carriersInTime(piece, secondsLeft)) {
          continue;
        }
        if (mine <= Math.max(0, secondsLeft) || mine <= soonestElsewhere(asked, piece)) {
          return OptionalInt.of(piece);
        }
      }
    }
    for (int piece = window.playhead(); piece < end; piece++) {
      if (piece != waitedFor && racing(asked, settled, piece, nowNanos)) {
        return OptionalInt.of(piece);
      }
    }
    return OptionalInt.empty();
  }

  private boolean wanted(Source asked, BitSet settled, int piece) {
    return !settled.get(piece) && asked.has.get(piece) && !asked.unreceived.containsKey(piece);
  }

  /**
   * Whether this source should fetch another copy of a piece in flight: all its copies are
   * expected late, and this one would win (a fallback: only as {@link #fallbackRaces} allows).
   */
  private boolean racing(Source asked, BitSet settled, int piece, long nowNanos) {
    if (!wanted(asked, settled, piece) || copiesInFlight[piece] == 0 || copiesInFlight[piece] >= STREAM_COPIES_MAX) {
      return false;
    }
    double secondsLeft = (window.deadlineNanos(piece) - nowNanos) / 1e9;
    double mine = expectedSeconds(asked, pieceLengths[piece]);
    if (asked.fallback && !fallbackRaces(secondsLeft, mine)) {
      return false;
    }
    double inFlight = soonestInFlight(piece);
    return inFlight > secondsLeft && mine < inFlight && mine <= soonestElsewhere(asked, piece);
  }

  /**
   * Whether a fallback may race a late copy of this window piece now: only once the piece is due
   * within {@link #URGENT_SECONDS} and the fallback would bring it within as long. Sooner, the
   * late copy may yet come (in a crowd of 20 starting at once the origin raced copies due 4-11 s
   * on, and its share of the crowd's carriage was 0.11-0.14 against 0.02-0.03 downloading), and
   * a fallback with a queue of its own is no sure source.
   */
  private static boolean fallbackRaces(double secondsLeft, double fallbackSeconds) {
    return secondsLeft <= URGENT_SECONDS && fallbackSeconds <= URGENT_SECONDS;
  }

  /** Whether some source other than a fallback that has the piece could bring it within {@code secondsLeft} if asked now. */
  private boolean carriersInTime(int piece, double secondsLeft) {
    for (Source other : sources.values()) {
      if (!other.fallback && other.has.get(piece) && expectedSeconds(other, pieceLengths[piece]) <= secondsLeft) {
        return true;
      }
    }
    return false;
  }

  /** Seconds until a piece of {@code bytes} asked of this source now would be whole: after what it was asked before. */
  private static double expectedSeconds(Source source, long bytes) {
    if (source.rate == 0) {
      return Double.POSITIVE_INFINITY;
    }
    if (source.rate == RATE_UNKNOWN) {
      return 0; // not measured yet: presumed able, and duplicated if it turns out late
    }
    return (source.outstandingBytes() + bytes) / (double) source.rate;
  }

  /**
   * How soon the quickest other measured source that has the piece, and is not fetching it
   * already, could bring it if asked now: a piece waits for that source to ask (when its
   * pipeline has room) rather than go to a slower one that asked first.
   */
  private double soonestElsewhere(Source asked, int piece) {
    double soonest = Double.POSITIVE_INFINITY;
    for (Source other : sources.values()) {
      if (other != asked && other.has.get(piece) && other.rate != RATE_UNKNOWN && !other.unreceived.containsKey(piece)) {
        soonest = Math.min(soonest, expectedSeconds(other, pieceLengths[piece]));
      }
    }
    return soonest;
  }

  /** Seconds until the first copy in flight of the piece is expected whole (infinite when every holder stalled). */
  private double soonestInFlight(int piece) {
    double soonest = Double.POSITIVE_INFINITY;
    for (Source holder : sources.values()) {
      if (!holder.unreceived.containsKey(piece)) {
        continue;
      }
      if (holder.rate == RATE_UNKNOWN) {
        return 0; // too new to tell: not raced
      }
      if (holder.rate > 0) {
        soonest = Math.min(soonest, bytesAhead(holder, piece) / (double) holder.rate);
      }
    }
    return soonest;
  }

  /** The bytes a source still sends before the piece is whole: those asked before it and its own. */
  private static long bytesAhead(Source holder, int piece) {
    long ahead = 0;
    for (Map.Entry<Integer, Integer> assigned : holder.unreceived.entrySet()) {
      ahead += assigned.getValue();
      if (assigned.getKey() == piece) {
        break;
      }
    }
    return ahead;
  }

  /** What rarest first may pick for this source: while streaming, the window's pieces are left to {@link #dueNext}. */
  private BitSet rarestCandidates(Source asked) {
    BitSet candidates = asked.fallback ? onlyHere(asked.has) : asked.has;
    if (window != null) {
      candidates = (BitSet) candidates.clone();
      candidates.clear(window.playhead(), Math.min(pieceLengths.length, window.playhead() + window.pieces()));
    }
    return candidates;
  }

  /** The source's rate as measured (bytes per second; 0 if stalled, {@link #RATE_UNKNOWN} before it can be told), which the endgame weighs. */
  void rate(S source, long bytesPerSecond) {
    Source known = sources.get(source);
    if (known == null) {
      return;
    }
    long before = known.rate;
    boolean wasStalled = known.stalled();
    known.rate = bytesPerSecond;
    if (wasStalled != known.stalled()) { // it stalled, or sent again: its pieces are counted out, or back in
      known.rate = before;
      countAll(known, -1);
      known.rate = bytesPerSecond;
      countAll(known, 1);
    }
  }

  /**
   * Whether {@code asked} would have the piece whole before every copy in flight: each source
   * sends in the order asked, so a copy is done once what was asked of it before, and the piece,
   * have come. Before every missing piece is in flight somewhere (the true endgame, as
   * BitTorrent has it) only a copy from a stalled source (rate 0) is raced; a copy whose source
   * is too new to be measured is not raced yet. An asking source not measured yet cannot promise to
   * be sooner. A fallback races only a copy that is late: expected to take more than
   * {@link #FALLBACK_LATE_SECONDS}.
   */
  private boolean bringsSooner(Source asked, int piece, boolean everythingInFlight) {
    double soonest = Double.POSITIVE_INFINITY;
    boolean stalled = false;
    for (Source holder : sources.values()) {
      if (!holder.unreceived.containsKey(piece)) {
        continue;
      }
      if (holder.rate == RATE_UNKNOWN) {
        return false;
      }
      long ahead = bytesAhead(holder, piece);
      stalled |= holder.rate == 0;
      soonest = Math.min(soonest, holder.rate == 0 ? Double.POSITIVE_INFINITY : ahead / (double) holder.rate);
    }
    if (!everythingInFlight && !stalled) {
      return false;
    }
    if (asked.fallback && soonest <= FALLBACK_LATE_SECONDS) {
      return false;
    }
    if (asked.rate <= 0) {
      return asked.fallback && asked.rate == RATE_UNKNOWN; // a fallback not yet asked anything is presumed able
    }
    return (asked.outstandingBytes() + pieceLengths[piece]) / (double) asked.rate < soonest;
  }

  /** Bytes of an assigned piece came from the source (the assembler has checked they were asked for). */
  void received(S source, int piece, int bytes) {
    Source from = sources.get(source);
    Integer unreceived = from == null ? null : from.unreceived.get(piece);
    if (unreceived == null) {
      return;
    }
    from.unreceived.put(piece, Math.max(0, unreceived - bytes));
  }

  /**
   * The source's copy of the piece is whole. Returns whether it should be verified: not when
   * another copy is already held or being verified.
   */
  boolean arrived(S source, int piece) {
    Source from = sources.get(source);
    if (from == null || !from.unreceived.containsKey(piece)) {
      return false;
    }
    from.unreceived.remove(piece);
    copiesInFlight[piece]--;
    if (held.get(piece) || verifying.get(piece)) {
      if (copiesInFlight[piece] == 0 && !verifying.get(piece)) {
        inProgress.clear(piece);
      }
      return false;
    }
    verifying.set(piece);
    return true;
  }

  /** The source refused a piece (busy, or not held after all): it goes back to be asked of another. */
  void refused(S source, int piece, boolean notHeld) {
    Source from = sources.get(source);
    if (from == null) {
      return;
    }
    if (from.unreceived.remove(piece) != null) {
      unassign(piece);
    }
    if (notHeld && from.has.get(piece)) {
      from.has.clear(piece);
      count(from, piece, -1);
    }
  }

  /**
   * The hash check of a piece that arrived: a match makes it held and returns the other copies
   * still in flight, to be cancelled; a mismatch frees it (the caller bans the source).
   */
  List<Duplicate<S>> verified(int piece, boolean matches) {
    verifying.clear(piece);
    List<Duplicate<S>> duplicates = new ArrayList<>();
    if (!matches) {
      if (copiesInFlight[piece] == 0) {
        inProgress.clear(piece);
      }
      return duplicates;
    }
    held.set(piece);
    inProgress.clear(piece);
    for (Map.Entry<S, Source> entry : sources.entrySet()) {
      if (entry.getValue().unreceived.remove(piece) != null) {
        copiesInFlight[piece]--;
        duplicates.add(new Duplicate<>(entry.getKey(), piece));
      }
    }
    return duplicates;
  }

  /** False while {@code verifyingMax} whole pieces wait for their check: nothing new is asked for until one is done. */
  boolean acceptingRequests() {
    return verifying.cardinality() < verifyingMax;
  }

  boolean complete() {
    return held.cardinality() == pieceLengths.length;
  }

  int heldCount() {
    return held.cardinality();
  }

  BitSet held() {
    return (BitSet) held.clone();
  }

  long outstandingBytes(S source) {
    Source known = sources.get(source);
    return known == null ? 0 : known.outstandingBytes();
  }

  BitSet assignedTo(S source) {
    Source known = sources.get(source);
    return known == null ? new BitSet() : known.assigned();
  }

  int copiesInFlight(int piece) {
    return copiesInFlight[piece];
  }

  private void countAll(Source source, int change) {
    for (int piece = source.has.nextSetBit(0); piece >= 0; piece = source.has.nextSetBit(piece + 1)) {
      count(source, piece, change);
    }
  }

  /** A source's piece in the availability counts: a stalled carrier counts for none ({@link Source#stalled}). */
  private void count(Source source, int piece, int change) {
    if (source.stalled()) {
      return;
    }
    availability[piece] += change;
    if (!source.fallback) {
      peerAvailability[piece] += change;
    }
  }

  /** Of what a fallback has, the pieces no other source has. */
  private BitSet onlyHere(BitSet has) {
    BitSet only = new BitSet();
    for (int piece = has.nextSetBit(0); piece >= 0; piece = has.nextSetBit(piece + 1)) {
      if (peerAvailability[piece] == 0) {
        only.set(piece);
      }
    }
    return only;
  }

  private BitSet settled() {
    if (verifying.isEmpty()) {
      return held;
    }
    BitSet settled = (BitSet) held.clone();
    settled.or(verifying);
    return settled;
  }

  private void unassign(int piece) {
    copiesInFlight[piece]--;
    if (copiesInFlight[piece] == 0 && !verifying.get(piece)) {
      inProgress.clear(piece);
    }
  }
}
