package dev.stepwise.store.sqlite;

import dev.stepwise.stats.BucketStats;
import dev.stepwise.store.MinuteAggregate;
import dev.stepwise.store.MinuteAggregate.StoredPoint;
import dev.stepwise.store.MinuteSink;
import dev.stepwise.store.Minutes;
import dev.stepwise.store.NewPoint;
import dev.stepwise.store.SeriesSummary;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a reader's tables say, brought up to date with the unfolded points of its snapshot ({@link UnfoldedPoints}),
 * exactly as the writer will fold them: a kept minute is extended by the minute's unfolded points in sequence order
 * (they all come after its folded ones), a summary takes them in as the writer's series counters do.
 */
final class SnapshotMerges {
  private SnapshotMerges() {}

  /**
   * A sink for kept minutes that adds the unfolded points of those minutes, and passes on the minutes that only
   * unfolded points have, in minute order; {@link #finish} passes the ones after the last kept minute.
   */
  static final class UnfoldedMinutes implements MinuteSink {
    private final Iterator<Map.Entry<Long, List<StoredPoint>>> unfolded;
    private final MinuteSink sink;
    private Map.Entry<Long, List<StoredPoint>> next;
    private boolean stopped;

    /** @param unfolded points within the scanned whole minutes, in sequence order */
    UnfoldedMinutes(List<StoredPoint> unfolded, MinuteSink sink) {
      Map<Long, List<StoredPoint>> byMinute = new TreeMap<>();
      for (StoredPoint p : unfolded) {
        byMinute.computeIfAbsent(Minutes.minuteOf(p.timestampMs()), k -> new ArrayList<>()).add(p);
      }
      this.unfolded = byMinute.entrySet().iterator();
      this.next = this.unfolded.hasNext() ? this.unfolded.next() : null;
      this.sink = sink;
    }

    @Override
    public boolean accept(long minuteStartMs, BucketStats stats) {
      if (!passUnfoldedBefore(minuteStartMs)) {
        return false;
      }
      if (next != null && next.getKey() == minuteStartMs) {
        for (StoredPoint p : next.getValue()) {
          stats.add(p.timestampMs(), p.sequence(), p.value());
        }
        advance();
      }
      return pass(minuteStartMs, stats);
    }

    /** Passes the minutes after the last kept one; false when the sink stopped. */
    boolean finish() {
      return passUnfoldedBefore(Long.MAX_VALUE) && !stopped;
    }

    private boolean passUnfoldedBefore(long minuteStartMs) {
      while (!stopped && next != null && next.getKey() < minuteStartMs) {
        long minute = next.getKey();
        BucketStats stats = MinuteAggregate.of(next.getValue()).stats();
        advance();
        pass(minute, stats);
      }
      return !stopped;
    }

    private boolean pass(long minuteStartMs, BucketStats stats) {
      if (!sink.accept(minuteStartMs, stats)) {
        stopped = true;
      }
      return !stopped;
    }

    private void advance() {
      next = unfolded.hasNext() ? unfolded.next() : null;
    }
  }

  /**
   * A series' summary from its row ({@code null}, or a row without points, when the tables hold none of it) and its
   * unfolded points in sequence order; {@code null} when it has no point at all.
   */
  static SeriesSummary summary(SeriesSummary row, String trialComponent, String metricName, List<StoredPoint> unfolded) {
    boolean any = row != null && row.pointCount() > 0;
    if (unfolded.isEmpty()) {
      return any ? row : null;
    }
    long count = any ? row.pointCount() : 0;
    long first = any ? row.firstTimestampMs() : Long.MAX_VALUE;
    long last = any ? row.lastTimestampMs() : Long.MIN_VALUE;
    double lastValue = any ? row.lastValue() : Double.NaN;
    int minStep = any ? row.minStep() : NewPoint.NO_STEP;
    int maxStep = any ? row.maxStep() : NewPoint.NO_STEP;
    for (StoredPoint p : unfolded) {
      count++;
      first = Math.min(first, p.timestampMs());
      if (p.timestampMs() >= last) { // ties go to the point stored last, as in Last
        last = p.timestampMs();
        lastValue = p.value();
      }
      if (p.step() != NewPoint.NO_STEP) {
        minStep = minStep == NewPoint.NO_STEP ? p.step() : Math.min(minStep, p.step());
        maxStep = Math.max(maxStep, p.step());
      }
    }
    return new SeriesSummary(trialComponent, metricName, count, first, last, minStep, maxStep, lastValue);
  }
}
