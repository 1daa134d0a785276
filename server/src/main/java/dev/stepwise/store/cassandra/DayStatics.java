package dev.stepwise.store.cassandra;

import com.datastax.oss.driver.api.core.cql.Row;
import dev.stepwise.store.NewPoint;

/**
 * The summary of one series-day partition, kept in its static columns and changed only by a lightweight
 * transaction that also checks and bumps {@code version}.
 *
 * @param version null when the partition has never been written
 * @param lastValue the value of the point with the greatest timestamp, ties going to the greater sequence
 * @param lastSeq the greatest sequence handed out in this partition (kept when retention drops the point)
 */
record DayStatics(Long version, long count, long firstMs, long lastMs, int minStep, int maxStep, double lastValue,
    long lastSeq) {
  static final DayStatics EMPTY = new DayStatics(null, 0, Long.MAX_VALUE, Long.MIN_VALUE, NewPoint.NO_STEP,
      NewPoint.NO_STEP, Double.NaN, 0);

  static DayStatics of(Row row) {
    if (row == null || row.isNull("version")) {
      return EMPTY;
    }
    long count = row.getLong("point_count");
    return new DayStatics(row.getLong("version"), count,
        count == 0 ? Long.MAX_VALUE : row.getLong("first_t"), count == 0 ? Long.MIN_VALUE : row.getLong("last_t"),
        row.getInt("min_step"), row.getInt("max_step"), count == 0 ? Double.NaN : row.getDouble("last_value"),
        row.getLong("last_seq"));
  }

  /** These statics with one more point, stored after every point folded so far (a greater sequence). */
  DayStatics plus(long timestampMs, int step, double value, long seq) {
    boolean last = timestampMs >= lastMs;
    return new DayStatics(version, count + 1, Math.min(firstMs, timestampMs), last ? timestampMs : lastMs,
        step == NewPoint.NO_STEP ? minStep : minStep == NewPoint.NO_STEP ? step : Math.min(minStep, step),
        Math.max(maxStep, step), last ? value : lastValue, Math.max(lastSeq, seq));
  }

  /** The statics of exactly the points folded into an empty start, keeping the version and the sequence. */
  static DayStatics restart(DayStatics before) {
    return new DayStatics(before.version, 0, Long.MAX_VALUE, Long.MIN_VALUE, NewPoint.NO_STEP, NewPoint.NO_STEP,
        Double.NaN, before.lastSeq);
  }

  /** The values of the compare-and-set's SET clause, then the expected version. */
  Object[] casValues() {
    long next = version == null ? 1 : version + 1;
    return new Object[] {next, count, count == 0 ? null : firstMs, count == 0 ? null : lastMs, minStep, maxStep,
        count == 0 ? null : lastValue, lastSeq};
  }
}
