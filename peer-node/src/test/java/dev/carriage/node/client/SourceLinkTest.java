package dev.carriage.node.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carriage.node.store.DownloadSession;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SourceLinkTest {

  private static final long SECOND = 1_000_000_000L;

  private static SourceLink askedSecondsAgo(double seconds) {
    SourceLink link = new SourceLink(new DownloadSession.Source(UUID.randomUUID(), "127.0.0.1", 7000, false, "eu", 4, true));
    link.firstRequestNanos = System.nanoTime() - (long) (seconds * SECOND);
    return link;
  }

  /** Rule: nothing within 5 s of the first ask is a stall (rate 0); before half a second nothing can be told. */
  @Test
  void aSourceThatSentNothingForFiveSeconds_measuresAsStalled() {
    assertThat(askedSecondsAgo(0.2).rate()).isEqualTo(PieceScheduler.RATE_UNKNOWN);
    assertThat(askedSecondsAgo(3).rate()).isEqualTo(PieceScheduler.RATE_UNKNOWN);
    assertThat(askedSecondsAgo(6).rate()).isZero();
  }

  /** Rule: a stalled source with nothing in flight is tried afresh 15 s after it was first asked; not while it still holds a piece, nor sooner. */
  @Test
  void aStalledIdleSource_isTriedAfreshAfterFifteenSeconds() {
    long now = System.nanoTime();
    SourceLink recent = askedSecondsAgo(10);
    recent.retryWhenIdle(now);
    assertThat(recent.rate()).as("stalled 5 s ago: not yet").isZero();

    SourceLink holding = askedSecondsAgo(20);
    holding.assemblies.put(3, new PieceAssembly(3, new byte[256 * 1024], 128 * 1024));
    holding.retryWhenIdle(now);
    assertThat(holding.rate()).as("its copy may still come").isZero();

    SourceLink idle = askedSecondsAgo(20);
    idle.retryWhenIdle(now);
    assertThat(idle.rate()).as("unmeasured again, to be asked as a new source").isEqualTo(PieceScheduler.RATE_UNKNOWN);
  }

  /** Rule: once its first byte came, the rate is its bytes over the time since it was first asked, the wait for that byte included. */
  @Test
  void aSourceThatSent_measuresItsBytesOverTheTimeSinceItWasAsked() {
    SourceLink link = askedSecondsAgo(4);
    link.firstByteNanos = System.nanoTime() - SECOND / 10;
    link.bytesReceived = 2_000_000;
    assertThat(link.rate()).as("2 MB in the 4 s since asked").isBetween(490_000L, 500_000L);
  }
}
