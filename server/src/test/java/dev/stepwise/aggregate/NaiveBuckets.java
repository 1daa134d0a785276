package dev.stepwise.aggregate;

import dev.stepwise.stats.Stat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/** The straightforward raw computation the streaming bucketing must agree with: group, then compute each stat. */
final class NaiveBuckets {
  /** A stored point; {@code sequence} increases in the order the points were stored. */
  record Point(long timestampMs, int step, double value, long sequence) {
    boolean hasStep() {
      return step >= 0;
    }
  }

  /** One expected bucket: its x and the points in it. */
  record Expected(long x, List<Point> points) {
    double value(Stat stat) {
      return NaiveBuckets.value(points, stat);
    }
  }

  private NaiveBuckets() {}

  static List<Expected> byTime(List<Point> points, long fromMs, long toMs, long width) {
    return aligned(points, p -> p.timestampMs() >= fromMs && p.timestampMs() < toMs, Point::timestampMs, width);
  }

  static List<Expected> byTimeSince(List<Point> points, long originMs, long from, long to, long width) {
    return aligned(points, p -> p.timestampMs() - originMs >= from && p.timestampMs() - originMs < to,
        p -> p.timestampMs() - originMs, width);
  }

  static List<Expected> byStep(List<Point> points, long fromStep, long toStep, long width) {
    return aligned(points, p -> p.hasStep() && p.step() >= fromStep && p.step() < toStep, Point::step, width);
  }

  static List<Expected> stepsByTime(List<Point> points, long fromMs, long toMs) {
    Map<Integer, List<Point>> byStep = new TreeMap<>();
    for (Point p : points) {
      if (p.hasStep() && p.timestampMs() >= fromMs && p.timestampMs() < toMs) {
        byStep.computeIfAbsent(p.step(), s -> new ArrayList<>()).add(p);
      }
    }
    List<Expected> result = new ArrayList<>();
    // TreeMap iteration is by step, and the sort is stable: ties of x stay ordered by step.
    byStep.values().forEach(ps -> result.add(new Expected(latest(ps).timestampMs(), ps)));
    result.sort(Comparator.comparingLong(Expected::x));
    return result;
  }

  private static List<Expected> aligned(
      List<Point> points, Predicate<Point> inRange, ToLongFunction<Point> coordinate, long width) {
    Map<Long, List<Point>> groups = new TreeMap<>();
    for (Point p : points) {
      if (inRange.test(p)) {
        long start = Math.floorDiv(coordinate.applyAsLong(p), width) * width;
        groups.computeIfAbsent(start, k -> new ArrayList<>()).add(p);
      }
    }
    List<Expected> result = new ArrayList<>();
    groups.forEach((x, ps) -> result.add(new Expected(x, ps)));
    return result;
  }

  static double value(List<Point> points, Stat stat) {
    int n = points.size();
    double sum = 0;
    for (Point p : points) {
      sum += p.value();
    }
    double mean = sum / n;
    return switch (stat) {
      case Min -> points.stream().mapToDouble(Point::value).min().orElseThrow();
      case Max -> points.stream().mapToDouble(Point::value).max().orElseThrow();
      case Avg -> mean;
      case Count -> n;
      case StdDev -> {
        if (n == 1) {
          yield 0.0;
        }
        double squares = 0;
        for (Point p : points) {
          squares += (p.value() - mean) * (p.value() - mean);
        }
        yield Math.sqrt(squares / (n - 1));
      }
      case Last -> latest(points).value();
    };
  }

  private static Point latest(List<Point> points) {
    return points.stream()
        .max(Comparator.comparingLong(Point::timestampMs).thenComparingLong(Point::sequence))
        .orElseThrow();
  }
}
