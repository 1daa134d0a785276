package dev.stepwise.store;

import dev.stepwise.stats.BucketStats;

/**
 * The one-minute aggregate, defined once for every store: the points of one minute folded one by one (Welford) in
 * their canonical order, ascending timestamp, then step, then value. Fixing the order fixes the rounding, so an
 * aggregate kept up to date at ingest and one folded from the raw points at query time are equal bit for bit.
 *
 * <p>Also a {@link PointSink}: fed a scan in canonical order, it passes each minute's aggregate on as soon as the
 * scan leaves that minute.
 */
public final class Minutes implements PointSink {
  public static final long MINUTE_MS = 60_000L;

  private final MinuteSink sink;
  private long currentMinute;
  private BucketStats current;
  private boolean stopped;
  private long lastTimestampMs = Long.MIN_VALUE;
  private int lastStep;
  private double lastValue;

  public Minutes(MinuteSink sink) {
    this.sink = sink;
  }

  /** The start of the minute a timestamp falls in. */
  public static long minuteOf(long timestampMs) {
    return Math.floorDiv(timestampMs, MINUTE_MS) * MINUTE_MS;
  }

  /** The first minute start at or after {@code ms}; saturates instead of overflowing. */
  public static long minuteAtOrAfter(long ms) {
    long floor = minuteOf(ms);
    return floor == ms || floor > Long.MAX_VALUE - MINUTE_MS ? floor : floor + MINUTE_MS;
  }

  /** Whether (timestamp, step, value) comes strictly after the other point in canonical order. */
  public static boolean isAfter(long timestampMs, int step, double value, long otherTimestampMs, int otherStep,
      double otherValue) {
    if (timestampMs != otherTimestampMs) {
      return timestampMs > otherTimestampMs;
    }
    if (step != otherStep) {
      return step > otherStep;
    }
    return value > otherValue;
  }

  @Override
  public boolean accept(long timestampMs, int step, double value, long sequence) {
    if (stopped) {
      return false;
    }
    if (current != null && !isAfter(timestampMs, step, value, lastTimestampMs, lastStep, lastValue)) {
      throw new IllegalStateException("scan is not in canonical order at " + timestampMs + "/" + step + "/" + value);
    }
    lastTimestampMs = timestampMs;
    lastStep = step;
    lastValue = value;
    long minute = minuteOf(timestampMs);
    if (current != null && minute != currentMinute) {
      if (!emit()) {
        return false;
      }
    }
    if (current == null) {
      current = new BucketStats();
      currentMinute = minute;
    }
    current.add(timestampMs, sequence, value);
    return true;
  }

  /** Passes on the minute in progress, if any; call once the scan is over. Returns false if the sink stopped. */
  public boolean finish() {
    return stopped ? false : current == null || emit();
  }

  private boolean emit() {
    BucketStats done = current;
    current = null;
    if (!sink.accept(currentMinute, done)) {
      stopped = true;
    }
    return !stopped;
  }
}
