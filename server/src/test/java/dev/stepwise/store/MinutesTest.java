package dev.stepwise.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Minutes")
class MinutesTest {
  @Test
  @DisplayName("minuteAtOrAfter: the next minute start, also next to the ends of a long")
  void minuteAtOrAfter() {
    assertThat(Minutes.minuteAtOrAfter(0)).isZero();
    assertThat(Minutes.minuteAtOrAfter(1)).isEqualTo(60_000);
    assertThat(Minutes.minuteAtOrAfter(-1)).isZero();
    assertThat(Minutes.minuteAtOrAfter(-60_001)).isEqualTo(-60_000);
    long first = Minutes.minuteAtOrAfter(Long.MIN_VALUE);
    assertThat(first).isNegative().isGreaterThan(Long.MIN_VALUE).isLessThan(Long.MIN_VALUE + 60_000);
    assertThat(Math.floorMod(first, 60_000L)).isZero();
    assertThat(Minutes.minuteAtOrAfter(Long.MAX_VALUE)).isEqualTo(Minutes.minuteOf(Long.MAX_VALUE));
  }
}
