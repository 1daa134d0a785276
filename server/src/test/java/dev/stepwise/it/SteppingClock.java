package dev.stepwise.it;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that starts at {@link StepwiseTestServer#NOW} and moves one millisecond forward each time it is read, so
 * that every write the server makes gets a later time than the one before (creation and modification times then
 * order entities as the test made them) while timestamp windows stay where the fixed clock puts them.
 */
final class SteppingClock extends Clock {
  private final AtomicLong nextMs = new AtomicLong(StepwiseTestServer.NOW.toEpochMilli());

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the server reads UTC only");
  }

  @Override
  public long millis() {
    return nextMs.getAndIncrement();
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis());
  }

  /** Moves the clock forward, as if that much time had passed between two requests. */
  void advance(Duration duration) {
    nextMs.addAndGet(duration.toMillis());
  }
}
