package dev.stepwise.service.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.stepwise.aggregate.Bucket;
import dev.stepwise.stats.BucketStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Group curves")
class GroupCurvesTest {
  /** A run's bucket at {@code start} whose points are {@code values} (its value there is their mean). */
  private static Bucket bucket(long start, double... values) {
    BucketStats stats = new BucketStats();
    for (int i = 0; i < values.length; i++) {
      stats.add(i, i, values[i]);
    }
    return new Bucket(start, start, stats);
  }

  @Test
  @DisplayName("takes each run's bucket average, then mean, min, max and sample deviation across the runs")
  void acrossRuns() {
    GroupCurves curves = new GroupCurves(0, 10, 3);
    curves.add(List.of(bucket(0, 1.0, 3.0), bucket(10, 4.0)));          // values 2 and 4
    curves.add(List.of(bucket(0, 6.0), bucket(10, 8.0), bucket(20, 5.0))); // values 6, 8, 5
    curves.add(List.of(bucket(0, 7.0)));                                 // value 7

    GroupCurve curve = curves.curve();

    assertThat(curve.x()).containsExactly(0, 10, 20);
    assertThat(curve.runs()).containsExactly(3, 2, 1);
    assertThat(curve.mean()).containsExactly(5.0, 6.0, 5.0);
    assertThat(curve.min()).containsExactly(2.0, 4.0, 5.0);
    assertThat(curve.max()).containsExactly(7.0, 8.0, 5.0);
    // (2-5)^2 + (6-5)^2 + (7-5)^2 = 14, over n - 1 = 2; (4-6)^2 + (8-6)^2 = 8, over 1; a single run: 0.
    assertThat(curve.stdDev()[0]).isCloseTo(Math.sqrt(7.0), within(1e-12));
    assertThat(curve.stdDev()[1]).isCloseTo(Math.sqrt(8.0), within(1e-12));
    assertThat(curve.stdDev()[2]).isZero();
  }

  @Test
  @DisplayName("leaves out the buckets no run reaches, and starts at an aligned start below zero")
  void gapsAndNegativeStarts() {
    GroupCurves curves = new GroupCurves(-20, 10, 5);
    curves.add(List.of(bucket(-20, 1.0), bucket(20, 3.0)));
    curves.add(List.of(bucket(20, 5.0)));

    GroupCurve curve = curves.curve();

    assertThat(curve.x()).containsExactly(-20, 20);
    assertThat(curve.mean()).containsExactly(1.0, 4.0);
    assertThat(curve.runs()).containsExactly(1, 2);
    assertThat(new GroupCurves(0, 1, 4).curve()).isEqualTo(GroupCurve.EMPTY);
  }

  @Test
  @DisplayName("agrees with the two-pass computation over many runs")
  void againstTwoPass() {
    Random random = new Random(17);
    int slots = 50;
    List<List<Double>> bySlot = new ArrayList<>();
    for (int s = 0; s < slots; s++) {
      bySlot.add(new ArrayList<>());
    }
    GroupCurves curves = new GroupCurves(100, 4, slots);
    for (int run = 0; run < 200; run++) {
      List<Bucket> buckets = new ArrayList<>();
      int reach = random.nextInt(slots + 1); // runs stop at different steps
      for (int s = 0; s < reach; s++) {
        double value = 1e6 + random.nextGaussian();
        buckets.add(bucket(100 + 4L * s, value));
        bySlot.get(s).add(value);
      }
      curves.add(buckets);
    }
    GroupCurve curve = curves.curve();
    for (int i = 0; i < curve.size(); i++) {
      List<Double> values = bySlot.get((int) ((curve.x()[i] - 100) / 4));
      double mean = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
      double squares = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
      assertThat(curve.runs()[i]).isEqualTo(values.size());
      assertThat(curve.mean()[i]).isCloseTo(mean, within(1e-6));
      assertThat(curve.stdDev()[i]).isCloseTo(values.size() < 2 ? 0 : Math.sqrt(squares / (values.size() - 1)),
          within(1e-6));
      assertThat(curve.min()[i]).isEqualTo(values.stream().mapToDouble(Double::doubleValue).min().orElseThrow());
    }
    assertThat(curve.runs()[0]).isLessThanOrEqualTo(200).isGreaterThan(curve.runs()[curve.size() - 1]);
  }

  @Test
  @DisplayName("refuses a bucket that is not one of its slots")
  void misaligned() {
    GroupCurves curves = new GroupCurves(0, 10, 3);
    assertThatThrownBy(() -> curves.add(List.of(bucket(5, 1.0)))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> curves.add(List.of(bucket(30, 1.0)))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> curves.add(List.of(bucket(-10, 1.0)))).isInstanceOf(IllegalArgumentException.class);
  }
}
