package dev.stepwise.store;

import dev.stepwise.stats.BucketStats;
import java.util.ArrayList;
import java.util.List;

/**
 * The one-minute aggregate, defined once for every store: the points of one minute folded one by one (Welford) in
 * the order the store stored them (ascending sequence). A store keeps that aggregate up to date at ingest by
 * folding each new point in as it stores it; fixing the order fixes the rounding, so the kept aggregate equals,
 * bit for bit, one folded from the raw points at query time.
 *
 * <p>Also a {@link PointSink}: fed a time scan, it passes each minute's aggregate on as soon as the scan leaves
 * that minute. It holds one minute's points at a time, to fold them in sequence order.
 */
public final class Minutes implements PointSink {
  public static final long MINUTE_MS = 60_000L;

  private final MinuteSink sink;
  private final List<MinuteAggregate.StoredPoint> current = new ArrayList<>();
  private long currentMinute;
  private boolean stopped;

  public Minutes(MinuteSink sink) {
    this.sink = sink;
  }

  /** The start of the minute a timestamp falls in. */
  public static long minuteOf(long timestampMs) {
    return Math.floorDiv(timestampMs, MINUTE_MS) * MINUTE_MS;
  }

  /** The first minute start at or after {@code ms}; saturates instead of overflowing. */
  public static long minuteAtOrAfter(long ms) {
    // Computed upwards from ms, not from minuteOf(ms), whose floor does not exist in a long near Long.MIN_VALUE
    // (a query without a Start asks from there).
    long intoMinute = Math.floorMod(ms, MINUTE_MS);
    if (intoMinute == 0) {
      return ms;
    }
    long toNext = MINUTE_MS - intoMinute;
    return ms > Long.MAX_VALUE - toNext ? minuteOf(ms) : ms + toNext;
  }

  @Override
  public boolean accept(long timestampMs, int step, double value, long sequence) {
    if (stopped) {
      return false;
    }
    long minute = minuteOf(timestampMs);
    if (!current.isEmpty() && minute != currentMinute) {
      if (minute < currentMinute) {
        throw new IllegalStateException("scan went back from minute " + currentMinute + " to " + minute);
      }
      if (!emit()) {
        return false;
      }
    }
    currentMinute = minute;
    current.add(new MinuteAggregate.StoredPoint(timestampMs, step, value, sequence));
    return true;
  }

  /** Passes on the minute in progress, if any; call once the scan is over. Returns false if the sink stopped. */
  public boolean finish() {
    return !stopped && (current.isEmpty() || emit());
  }

  private boolean emit() {
    BucketStats stats = MinuteAggregate.of(current).stats();
    current.clear();
    if (!sink.accept(currentMinute, stats)) {
      stopped = true;
    }
    return !stopped;
  }
}
