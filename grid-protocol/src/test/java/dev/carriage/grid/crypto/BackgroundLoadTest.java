package dev.carriage.grid.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.Provider;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Rules: nobody waits for the native provider's load (until it is done, the JDK's serve); the
 * first to ask begins it, unless it was deferred, when only an explicit begin does; it runs once.
 */
class BackgroundLoadTest {

  private static final Provider FAKE = new Provider("fake-native", "1", "a stand-in for the native provider") {};

  /** A load that counts its runs and finishes only when released. */
  private static final class GatedLoad {
    final AtomicInteger runs = new AtomicInteger();
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch began = new CountDownLatch(1);

    Optional<Provider> run() {
      runs.incrementAndGet();
      began.countDown();
      try {
        release.await();
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
      return Optional.of(FAKE);
    }
  }

  @Test
  void theFirstToAsk_beginsTheLoad_andGetsTheJdksMeanwhile_withoutWaiting() throws Exception {
    GatedLoad gated = new GatedLoad();
    BackgroundLoad load = new BackgroundLoad(gated::run);

    assertThat(load.now()).as("while loading").isEmpty();
    assertThat(gated.began.await(5, TimeUnit.SECONDS)).as("the load began").isTrue();
    assertThat(load.now()).as("still loading").isEmpty();

    gated.release.countDown();
    assertThat(load.await()).contains(FAKE);
    assertThat(load.now()).contains(FAKE);
    load.begin();
    assertThat(gated.runs).as("loaded once").hasValue(1);
  }

  @Test
  void aDeferredLoad_beginsOnlyWhenAskedTo() throws Exception {
    GatedLoad gated = new GatedLoad();
    gated.release.countDown();
    BackgroundLoad load = new BackgroundLoad(gated::run);
    load.defer();

    for (int i = 0; i < 100; i++) {
      assertThat(load.now()).isEmpty();
    }
    assertThat(gated.began.await(200, TimeUnit.MILLISECONDS)).as("not begun by asking").isFalse();

    load.begin();
    assertThat(load.await()).contains(FAKE);
    assertThat(gated.runs).hasValue(1);
  }

  @Test
  void aLoadThatFails_leavesTheJdks() {
    BackgroundLoad load = new BackgroundLoad(() -> {
      throw new UnsatisfiedLinkError("no native library for this machine");
    });

    assertThat(load.await()).isEmpty();
    assertThat(load.now()).isEmpty();
  }
}
