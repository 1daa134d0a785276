package dev.stepwise.store.sqlite;

import dev.stepwise.store.MinuteAggregate;
import dev.stepwise.store.SeriesKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the writer knows of the database without asking it: series ids, their point counts, metric counts per
 * trial component and the last sequence. Valid only because the writer is the single writer; dropped whole
 * after a failed transaction, and when it grows large, since everything here can be reloaded.
 */
final class WriterCache {
  /** Enough for the series of a busy server's working set; past it, reloading is cheaper than the memory. */
  private static final int MAX_SERIES = 100_000;

  /** A few minutes per active series is all the writer needs to extend aggregates without reading them. */
  private static final int MAX_MINUTES = 20_000;

  /** A series' id and its point count as of the current transaction. */
  static final class Series {
    final long id;
    long pointCount;
    boolean changed;

    Series(long id, long pointCount) {
      this.id = id;
      this.pointCount = pointCount;
    }
  }

  private final Map<SeriesKey, Series> series = new HashMap<>();
  private final Map<GroupWriter.TrialComponent, Integer> metricCounts = new HashMap<>();
  private final List<Series> changed = new ArrayList<>();

  /** The minutes written last, which the next points usually extend: saves reading them back. */
  private final Map<GroupWriter.MinuteKey, MinuteAggregate> minutes =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<GroupWriter.MinuteKey, MinuteAggregate> eldest) {
          return size() > MAX_MINUTES;
        }
      };

  /** The last sequence handed out, or -1 when unknown. */
  long lastSequence = -1;

  Series series(SeriesKey key) {
    return series.get(key);
  }

  Series putSeries(SeriesKey key, long id, long pointCount) {
    Series entry = new Series(id, pointCount);
    series.put(key, entry);
    return entry;
  }

  MinuteAggregate minute(GroupWriter.MinuteKey key) {
    return minutes.get(key);
  }

  void putMinute(GroupWriter.MinuteKey key, MinuteAggregate aggregate) {
    minutes.put(key, aggregate);
  }

  Integer metricCount(GroupWriter.TrialComponent trialComponent) {
    return metricCounts.get(trialComponent);
  }

  int putMetricCount(GroupWriter.TrialComponent trialComponent, int count) {
    metricCounts.put(trialComponent, count);
    return count;
  }

  void countPoint(Series entry) {
    entry.pointCount++;
    if (!entry.changed) {
      entry.changed = true;
      changed.add(entry);
    }
  }

  List<Series> changedSeries() {
    return changed;
  }

  /** The transaction committed: the cached counts are now what the file holds. */
  void committed() {
    changed.forEach(entry -> entry.changed = false);
    changed.clear();
    if (series.size() > MAX_SERIES || metricCounts.size() > MAX_SERIES) {
      clear();
    }
  }

  void clear() {
    series.clear();
    metricCounts.clear();
    changed.clear();
    minutes.clear();
    lastSequence = -1;
  }
}
