package dev.mvc.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.Supplier;

/** A UTC clock that reads its time from a supplier, so a test can move it or act when it is read. */
final class TestClock extends Clock {
  private final Supplier<Instant> now;

  private TestClock(Supplier<Instant> now) {
    this.now = now;
  }

  static Clock of(Supplier<Instant> now) {
    return new TestClock(now);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now.get();
  }
}
