package dev.stepwise.stats;

/**
 * The running statistics of one bucket: count, min, max, mean and the sum of squared deviations (M2), updated one
 * point at a time by Welford's algorithm and combinable by Chan et al.'s parallel formula, so that pre-aggregated
 * buckets can later be merged into wider ones with the same result as the raw computation (up to rounding).
 *
 * <p>{@code Last} is the value of the point with the greatest timestamp; among points with that timestamp, the one
 * with the greatest store sequence (the one stored last) wins.
 *
 * <p>Mutable and not thread-safe: one accumulator belongs to one bucket being built.
 *
 * @see <a href="https://en.wikipedia.org/wiki/Algorithms_for_calculating_variance">Welford; Chan, Golub and
 *     LeVeque (1979)</a>
 */
public final class BucketStats {
  private long count;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;
  private double mean;
  private double m2;
  private long lastTimestampMs = Long.MIN_VALUE;
  private long lastSequence = Long.MIN_VALUE;
  private double last = Double.NaN;

  /**
   * An accumulator in the given state, as {@link #count()}, {@link #min()} and the other accessors reported it: how
   * a stored partial aggregate comes back from the database, bit for bit.
   */
  public static BucketStats restore(
      long count, double min, double max, double mean, double m2, long lastTimestampMs, long lastSequence,
      double last) {
    if (count < 1) {
      throw new IllegalArgumentException("a stored aggregate holds at least one point, not " + count);
    }
    BucketStats stats = new BucketStats();
    stats.count = count;
    stats.min = min;
    stats.max = max;
    stats.mean = mean;
    stats.m2 = m2;
    stats.lastTimestampMs = lastTimestampMs;
    stats.lastSequence = lastSequence;
    stats.last = last;
    return stats;
  }

  /** Adds one point. */
  public void add(long timestampMs, long sequence, double value) {
    count++;
    min = Math.min(min, value);
    max = Math.max(max, value);
    // Welford: the update of M2 uses the deviation from both the old and the new mean.
    double delta = value - mean;
    mean += delta / count;
    m2 += delta * (value - mean);
    takeLastIfLater(timestampMs, sequence, value);
  }

  /** Adds every point {@code other} has seen, as if they had been added one by one. */
  public void merge(BucketStats other) {
    if (other.count == 0) {
      return;
    }
    if (count == 0) {
      copyFrom(other);
      return;
    }
    long n = count + other.count;
    double delta = other.mean - mean;
    // Chan et al.: M2 = M2a + M2b + delta^2 * na * nb / n. Done in double: counts beyond 2^53 are not a concern.
    double na = count;
    double nb = other.count;
    mean += delta * (nb / n);
    m2 += other.m2 + delta * delta * (na * nb / n);
    count = n;
    min = Math.min(min, other.min);
    max = Math.max(max, other.max);
    takeLastIfLater(other.lastTimestampMs, other.lastSequence, other.last);
  }

  /** An independent copy. */
  public BucketStats copy() {
    BucketStats copy = new BucketStats();
    copy.copyFrom(this);
    return copy;
  }

  /**
   * The statistic as the API reports it: Count as a double; StdDev is the sample standard deviation (divisor n - 1),
   * 0.0 for a single point.
   *
   * @throws IllegalStateException when no point was added (empty buckets are never reported)
   */
  public double value(Stat stat) {
    if (count == 0) {
      throw new IllegalStateException("no point was added, so there is no " + stat);
    }
    return switch (stat) {
      case Min -> min;
      case Max -> max;
      case Avg -> mean;
      case Count -> count;
      case StdDev -> stdDev();
      case Last -> last;
    };
  }

  public long count() {
    return count;
  }

  public double min() {
    return min;
  }

  public double max() {
    return max;
  }

  public double mean() {
    return mean;
  }

  /** The sum of squared deviations from the mean (Welford's M2). */
  public double m2() {
    return m2;
  }

  /** Sample standard deviation (divisor n - 1); 0.0 for fewer than two points. */
  public double stdDev() {
    // M2 is never negative in exact arithmetic; clamp the rare rounding below zero.
    return count < 2 ? 0.0 : Math.sqrt(Math.max(0.0, m2) / (count - 1));
  }

  public double last() {
    return last;
  }

  /** The greatest timestamp seen, or {@code Long.MIN_VALUE} when empty. */
  public long lastTimestampMs() {
    return lastTimestampMs;
  }

  /** The store sequence of the point {@link #last()} came from. */
  public long lastSequence() {
    return lastSequence;
  }

  private void takeLastIfLater(long timestampMs, long sequence, double value) {
    if (timestampMs > lastTimestampMs || (timestampMs == lastTimestampMs && sequence > lastSequence)) {
      lastTimestampMs = timestampMs;
      lastSequence = sequence;
      last = value;
    }
  }

  private void copyFrom(BucketStats other) {
    count = other.count;
    min = other.min;
    max = other.max;
    mean = other.mean;
    m2 = other.m2;
    lastTimestampMs = other.lastTimestampMs;
    lastSequence = other.lastSequence;
    last = other.last;
  }

  @Override
  public String toString() {
    return "BucketStats[count=" + count + ", min=" + min + ", max=" + max + ", mean=" + mean + ", stdDev="
        + stdDev() + ", last=" + last + " @" + lastTimestampMs + "#" + lastSequence + "]";
  }
}
