package dev.stepwise.bench.load;

import java.util.Arrays;

/** Latency samples in nanoseconds, sorted once, read by percentile (nearest rank). */
public final class Latencies {
  private final long[] sortedNanos;

  private Latencies(long[] sortedNanos) {
    this.sortedNanos = sortedNanos;
  }

  public static Latencies of(long[] nanos, int count) {
    long[] copy = Arrays.copyOf(nanos, count);
    Arrays.sort(copy);
    return new Latencies(copy);
  }

  public static Latencies merge(Iterable<Latencies> parts) {
    int total = 0;
    for (Latencies part : parts) {
      total += part.sortedNanos.length;
    }
    long[] all = new long[total];
    int at = 0;
    for (Latencies part : parts) {
      System.arraycopy(part.sortedNanos, 0, all, at, part.sortedNanos.length);
      at += part.sortedNanos.length;
    }
    Arrays.sort(all);
    return new Latencies(all);
  }

  public int count() {
    return sortedNanos.length;
  }

  /** The p-th percentile in milliseconds (p in 0..100), NaN without samples. */
  public double percentileMs(double p) {
    if (sortedNanos.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100 * sortedNanos.length);
    return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, rank - 1))] / 1e6;
  }

  /** A growable array of samples, for one thread. */
  public static final class Recorder {
    private long[] nanos = new long[1024];
    private int count;

    public void record(long sampleNanos) {
      if (count == nanos.length) {
        nanos = Arrays.copyOf(nanos, count * 2);
      }
      nanos[count++] = sampleNanos;
    }

    public Latencies latencies() {
      return Latencies.of(nanos, count);
    }
  }
}
