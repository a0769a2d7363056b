package dev.carriage.store.support;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The store's clock in tests: real time plus an offset a test may move forward, so trials
 * expire and refund windows close without sleeping. A test that moves it resets it after.
 */
@Alternative
@Priority(1)
@Singleton
public class TestClock extends Clock {

  private final AtomicReference<Duration> offset;
  private final ZoneId zone;

  public TestClock() {
    this(new AtomicReference<>(Duration.ZERO), ZoneOffset.UTC);
  }

  private TestClock(AtomicReference<Duration> offset, ZoneId zone) {
    this.offset = offset;
    this.zone = zone;
  }

  public void advance(Duration by) {
    offset.updateAndGet(current -> current.plus(by));
  }

  public void reset() {
    offset.set(Duration.ZERO);
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(offset.get());
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  /** The same moving time seen from another zone: advancing either moves both. */
  @Override
  public Clock withZone(ZoneId other) {
    return new TestClock(offset, other);
  }
}
