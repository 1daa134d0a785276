package dev.stepwise.store.sqlite;

import dev.stepwise.stats.BucketStats;
import dev.stepwise.store.MinuteAggregate;
import dev.stepwise.store.SeriesKey;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What the writer knows of the database without asking it: series (ids, point counts, latest timestamps), metric
 * counts per trial component, recent minutes' aggregates and point identities, and the last sequence, all as of the
 * last commit, the log's unfolded groups included. Valid only because the writer is the single writer; dropped
 * whole after a failed transaction, and when it grows large, since everything here can be reloaded (the tables
 * plus the unfolded groups).
 */
final class WriterCache {
  /** Enough for the series of a busy server's working set; past it, reloading is cheaper than the memory. */
  private static final int MAX_SERIES = 100_000;

  /** A few minutes per active series is all the writer needs to extend aggregates without reading them. */
  private static final int MAX_MINUTES = 20_000;

  /** Minutes whose point identities the writer has loaded to tell a retry from a new point. */
  private static final int MAX_IDENTITY_MINUTES = 1_000;

  /** And the identities in them, all minutes together: a minute can hold many points. */
  private static final int MAX_IDENTITIES = 200_000;

  /**
   * A series as of the current transaction: its id, point count and what its row keeps of its points, unfolded
   * points included (its row is brought up to date when the writer folds the log).
   */
  static final class Series {
    static final long NO_POINT = Long.MIN_VALUE;

    final long id;
    long pointCount;
    long firstMs = NO_POINT;
    long lastMs = NO_POINT;
    int minStep = -1;
    int maxStep = -1;
    double lastValue;
    int stepSpan;
    /** Every point the series has held: the metric's summary. */
    BucketStats stats = new BucketStats();

    Series(long id, long pointCount) {
      this.id = id;
      this.pointCount = pointCount;
    }

    boolean hasPoints() {
      return lastMs != NO_POINT;
    }

    boolean hasSteps() {
      return maxStep >= 0;
    }

    /** Whether an equal point may be stored already: only when none is later than it. */
    boolean mayHold(long timestampMs) {
      return hasPoints() && timestampMs <= lastMs;
    }

    /** A point newly stored, with a greater sequence than any before it. */
    void add(long timestampMs, int step, double value, long sequence) {
      stats.add(timestampMs, sequence, value);
      if (!hasPoints() || timestampMs >= lastMs) {
        lastMs = timestampMs;
        lastValue = value;
      }
      if (firstMs == NO_POINT || timestampMs < firstMs) {
        firstMs = timestampMs;
      }
      if (step >= 0) {
        minStep = minStep < 0 ? step : Math.min(minStep, step);
        maxStep = Math.max(maxStep, step);
      }
    }
  }

  /** What makes two points of one series equal. */
  record Identity(long timestampMs, int step, double value) {}

  private final Map<SeriesKey, Series> series = new HashMap<>();
  private final Map<Long, Series> seriesById = new HashMap<>();
  private final Map<GroupWriter.TrialComponent, Integer> metricCounts = new HashMap<>();

  /** The minutes written last, which the next points usually extend: saves reading them back. */
  private final Map<GroupWriter.MinuteKey, MinuteAggregate> minutes =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<GroupWriter.MinuteKey, MinuteAggregate> eldest) {
          return size() > MAX_MINUTES;
        }
      };

  private final Map<GroupWriter.MinuteKey, Set<Identity>> identities =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<GroupWriter.MinuteKey, Set<Identity>> eldest) {
          return size() > MAX_IDENTITY_MINUTES;
        }
      };

  private long identityCount;

  /** The last sequence handed out, or -1 when unknown. */
  long lastSequence = -1;

  Series series(SeriesKey key) {
    return series.get(key);
  }

  Series putSeries(SeriesKey key, Series entry) {
    series.put(key, entry);
    seriesById.put(entry.id, entry);
    return entry;
  }

  /** A series this transaction has touched, by id. */
  Series seriesById(long id) {
    Series entry = seriesById.get(id);
    if (entry == null) {
      throw new IllegalStateException("series " + id + " got points but is not in the writer's cache");
    }
    return entry;
  }

  /** The identities of the points of one series and minute, if loaded. */
  Set<Identity> identities(GroupWriter.MinuteKey key) {
    return identities.get(key);
  }

  void putIdentities(GroupWriter.MinuteKey key, Set<Identity> minute) {
    identityCount += minute.size();
    if (identityCount > MAX_IDENTITIES) {
      identities.clear();
      identityCount = minute.size();
    }
    identities.put(key, minute);
  }

  /** A point newly stored: if its minute's identities are loaded, they must include it. */
  void addIdentity(GroupWriter.MinuteKey key, Identity identity) {
    Set<Identity> minute = identities.get(key);
    if (minute != null && minute.add(identity) && ++identityCount > MAX_IDENTITIES) {
      identities.clear();
      identityCount = 0;
    }
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

  /** The transaction committed: what is cached is now what the file holds; drops it all if it grew too large. */
  void committed() {
    if (series.size() > MAX_SERIES || metricCounts.size() > MAX_SERIES) {
      clear();
    }
  }

  /** Forgets what is cached of these series (by id): the next write reloads them from their rows. */
  void forgetSeries(Set<Long> ids) {
    if (ids.isEmpty()) {
      return;
    }
    series.values().removeIf(s -> ids.contains(s.id));
    seriesById.keySet().removeAll(ids);
    minutes.keySet().removeIf(key -> ids.contains(key.seriesId()));
    identities.entrySet().removeIf(entry -> {
      boolean forget = ids.contains(entry.getKey().seriesId());
      if (forget) {
        identityCount -= entry.getValue().size();
      }
      return forget;
    });
  }

  void clear() {
    series.clear();
    seriesById.clear();
    metricCounts.clear();
    minutes.clear();
    identities.clear();
    identityCount = 0;
    lastSequence = -1;
  }
}
