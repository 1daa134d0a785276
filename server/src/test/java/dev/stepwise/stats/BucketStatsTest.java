package dev.stepwise.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BucketStatsTest {

  @Test
  @DisplayName("a single point: every stat is its value, the count is 1 and the standard deviation 0")
  void singlePoint() {
    BucketStats stats = new BucketStats();
    stats.add(1_000, 7, -2.5);

    assertThat(stats.value(Stat.Min)).isEqualTo(-2.5);
    assertThat(stats.value(Stat.Max)).isEqualTo(-2.5);
    assertThat(stats.value(Stat.Avg)).isEqualTo(-2.5);
    assertThat(stats.value(Stat.Count)).isEqualTo(1.0);
    assertThat(stats.value(Stat.StdDev)).isEqualTo(0.0);
    assertThat(stats.value(Stat.Last)).isEqualTo(-2.5);
  }

  @Test
  @DisplayName("four points: sample standard deviation divides by n - 1")
  void handComputed() {
    BucketStats stats = new BucketStats();
    // 2, 4, 4, 6: mean 4; squared deviations 4 + 0 + 0 + 4 = 8; 8 / 3 = 2.666...; sqrt = 1.632993161855452
    stats.add(10, 1, 2);
    stats.add(40, 2, 6); // latest timestamp: Last
    stats.add(20, 3, 4);
    stats.add(30, 4, 4);

    assertThat(stats.value(Stat.Min)).isEqualTo(2.0);
    assertThat(stats.value(Stat.Max)).isEqualTo(6.0);
    assertThat(stats.value(Stat.Avg)).isEqualTo(4.0);
    assertThat(stats.value(Stat.Count)).isEqualTo(4.0);
    assertThat(stats.value(Stat.StdDev)).isCloseTo(1.632993161855452, within(1e-15));
    assertThat(stats.value(Stat.Last)).isEqualTo(6.0);
  }

  @Test
  @DisplayName("Last: the greatest timestamp wins, and among equal timestamps the greatest sequence")
  void lastTieBreak() {
    BucketStats stats = new BucketStats();
    stats.add(100, 5, 1.0);
    stats.add(100, 9, 2.0);
    stats.add(100, 7, 3.0);
    stats.add(99, 20, 4.0);

    assertThat(stats.value(Stat.Last)).isEqualTo(2.0);
    assertThat(stats.lastTimestampMs()).isEqualTo(100);
    assertThat(stats.lastSequence()).isEqualTo(9);
  }

  @Test
  @DisplayName("merging two halves gives what adding every point to one accumulator gives")
  void mergeEqualsSequential() {
    Random random = new Random(42);
    for (int round = 0; round < 200; round++) {
      BucketStats all = new BucketStats();
      BucketStats left = new BucketStats();
      BucketStats right = new BucketStats();
      int n = 1 + random.nextInt(50);
      int split = random.nextInt(n + 1);
      for (int i = 0; i < n; i++) {
        long ts = random.nextInt(20);
        double value = 1e6 + random.nextGaussian() * 1e3;
        all.add(ts, i, value);
        (i < split ? left : right).add(ts, i, value);
      }
      left.merge(right);

      assertThat(left.count()).isEqualTo(all.count());
      assertThat(left.min()).isEqualTo(all.min());
      assertThat(left.max()).isEqualTo(all.max());
      assertThat(left.last()).isEqualTo(all.last());
      assertThat(left.mean()).isCloseTo(all.mean(), within(1e-6));
      assertThat(left.stdDev()).isCloseTo(all.stdDev(), within(1e-6 * Math.max(1, all.stdDev())));
    }
  }

  @Test
  @DisplayName("merging with an empty accumulator changes nothing, either way round")
  void mergeEmpty() {
    BucketStats stats = new BucketStats();
    stats.add(1, 1, 3.0);
    stats.add(2, 2, 5.0);
    BucketStats empty = new BucketStats();

    stats.merge(new BucketStats());
    empty.merge(stats);

    for (BucketStats s : new BucketStats[] {stats, empty}) {
      assertThat(s.count()).isEqualTo(2);
      assertThat(s.value(Stat.Avg)).isEqualTo(4.0);
      assertThat(s.value(Stat.StdDev)).isCloseTo(Math.sqrt(2), within(1e-15));
      assertThat(s.value(Stat.Last)).isEqualTo(5.0);
    }
  }

  @Test
  @DisplayName("copy is independent of the original")
  void copy() {
    BucketStats stats = new BucketStats();
    stats.add(1, 1, 3.0);
    BucketStats copy = stats.copy();
    stats.add(2, 2, 5.0);

    assertThat(copy.count()).isEqualTo(1);
    assertThat(copy.value(Stat.Last)).isEqualTo(3.0);
  }

  @Test
  @DisplayName("an empty accumulator has no statistic")
  void emptyHasNoValue() {
    assertThatThrownBy(() -> new BucketStats().value(Stat.Avg))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Avg");
  }
}
