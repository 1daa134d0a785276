package dev.stepwise.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the Date header")
class HttpDateTest {
  /** A clock the test moves. */
  private static final class MovableClock extends Clock {
    final AtomicLong millis = new AtomicLong();

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis.get());
    }
  }

  @Test
  @DisplayName("is the clock's second in RFC 7231 form, and follows the clock")
  void followsTheClock() {
    MovableClock clock = new MovableClock();
    HttpDate date = new HttpDate(clock);
    clock.millis.set(Instant.parse("2026-12-02T18:21:07.999Z").toEpochMilli());
    assertThat(date.now()).isEqualTo("Wed, 02 Dec 2026 18:21:07 GMT");
    clock.millis.addAndGet(1);
    assertThat(date.now()).isEqualTo("Wed, 02 Dec 2026 18:21:08 GMT");
    clock.millis.set(Instant.parse("1969-12-31T23:59:59.500Z").toEpochMilli());
    assertThat(date.now()).isEqualTo("Wed, 31 Dec 1969 23:59:59 GMT");
  }
}
