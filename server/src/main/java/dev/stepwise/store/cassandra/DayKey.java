package dev.stepwise.store.cassandra;

import dev.stepwise.store.SeriesKey;

/** One series' partition of one UTC day ({@code series_day}): what bounds a partition's size. */
record DayKey(SeriesKey series, long day) {
  static final long DAY_MS = 86_400_000L;

  static long dayOf(long timestampMs) {
    return Math.floorDiv(timestampMs, DAY_MS);
  }

  long startMs() {
    return day * DAY_MS;
  }

  /** The day's end (exclusive), saturated: the last day of the long range ends at its last millisecond. */
  long endMs() {
    long start = startMs();
    return start > Long.MAX_VALUE - DAY_MS ? Long.MAX_VALUE : start + DAY_MS;
  }

  /** The partition key, in the order of the statements' placeholders. */
  Object[] bindings(Object... more) {
    Object[] values = new Object[5 + more.length];
    values[0] = series.account();
    values[1] = series.region();
    values[2] = series.trialComponent();
    values[3] = series.metricName();
    values[4] = day;
    System.arraycopy(more, 0, values, 5, more.length);
    return values;
  }
}
