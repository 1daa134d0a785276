package dev.stepwise.store.sqlite;

import dev.stepwise.store.AppendBatch;
import dev.stepwise.store.AppendOutcome;
import dev.stepwise.store.MinuteAggregate;
import dev.stepwise.store.MinuteAggregate.StoredPoint;
import dev.stepwise.store.Minutes;
import dev.stepwise.store.NewPoint;
import dev.stepwise.store.SeriesKey;
import dev.stepwise.store.StoreLimits;
import dev.stepwise.store.groupcommit.BatchWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a group of batches in one transaction and decides every point's outcome. Used by the writer thread
 * only: being the single writer is what lets it check the limits and point identity against what it caches in
 * memory, without racing anyone.
 *
 * <p>The group's stored points go into one {@link PointBlock} per series and minute, and each such minute's
 * aggregate ({@link MinuteAggregate}) is brought up to date, in the same transaction. A point later than every
 * stored point of its series is new; only one that is not (a retry, or points arriving out of order) costs a look
 * at the points already stored in its minute.
 */
final class GroupWriter implements BatchWriter {
  private final SqliteFile file;
  private final StoreLimits limits;
  private final WriterCache cache = new WriterCache();
  private Connection connection;
  private WriterStatements sql;
  private final Map<MinuteKey, List<StoredPoint>> touched = new LinkedHashMap<>();

  GroupWriter(SqliteFile file, StoreLimits limits) {
    this.file = file;
    this.limits = limits;
  }

  /** Opens the connection and migrates the schema; failing here means the store cannot open. */
  void open() throws SQLException {
    connection = file.openWriter();
    SchemaMigrator.migrate(connection);
    sql = new WriterStatements(connection);
  }

  /**
   * Writes and commits the batches; outcomes in the batches' order. On any failure the transaction is rolled
   * back, the caches (which may hold the rolled-back counts) are dropped and the connection is closed, so that
   * the next group starts from what is really on disk, through a fresh connection.
   */
  @Override
  public List<List<AppendOutcome>> write(List<AppendBatch> batches) throws SQLException {
    try {
      if (connection == null) {
        open();
      }
      SqliteFile.begin(connection);
      touched.clear();
      List<List<AppendOutcome>> outcomes = new ArrayList<>(batches.size());
      for (AppendBatch batch : batches) {
        List<AppendOutcome> batchOutcomes = new ArrayList<>(batch.points().size());
        for (NewPoint point : batch.points()) {
          batchOutcomes.add(writePoint(batch, point));
        }
        outcomes.add(batchOutcomes);
      }
      writeBlocksAndMinutes();
      saveCounters();
      SqliteFile.commit(connection);
      cache.committed();
      return outcomes;
    } catch (SQLException | RuntimeException e) {
      discard();
      throw e;
    }
  }

  private AppendOutcome writePoint(AppendBatch batch, NewPoint point) throws SQLException {
    SeriesKey key = batch.series(point);
    WriterCache.Series series = series(key);
    if (series == null) {
      // A metric name new to its trial component: no point of it can be stored yet, so none is a duplicate.
      TrialComponent trialComponent = TrialComponent.of(key);
      int metrics = metricCount(trialComponent);
      if (metrics >= limits.maxMetricsPerTrialComponent()) {
        return AppendOutcome.METRIC_LIMIT_EXCEEDED;
      }
      series = cache.putSeries(key, new WriterCache.Series(sql.insertSeries(key), 0));
      cache.putMetricCount(trialComponent, metrics + 1);
    }
    MinuteKey minute = new MinuteKey(series.id, Minutes.minuteOf(point.timestampMs()));
    WriterCache.Identity identity = new WriterCache.Identity(point.timestampMs(), point.step(), point.value());
    if (series.mayHold(point.timestampMs()) && identities(minute).contains(identity)) {
      return AppendOutcome.DUPLICATE;
    }
    if (series.pointCount >= limits.maxPointsPerMetric()) {
      return AppendOutcome.METRIC_LIMIT_EXCEEDED;
    }
    long sequence = lastSequence() + 1;
    cache.lastSequence = sequence;
    cache.countPoint(series);
    series.add(point.timestampMs(), point.step(), point.value());
    cache.addIdentity(minute, identity);
    touched
        .computeIfAbsent(minute, k -> new ArrayList<>())
        .add(new StoredPoint(point.timestampMs(), point.step(), point.value(), sequence));
    return AppendOutcome.STORED;
  }

  /** The identities of the points stored in the minute, this group's included; loaded once, then kept up. */
  private Set<WriterCache.Identity> identities(MinuteKey minute) throws SQLException {
    Set<WriterCache.Identity> known = cache.identities(minute);
    if (known == null) {
      known = new HashSet<>();
      for (StoredPoint p : sql.minutePoints(minute.seriesId(), minute.minuteMs())) {
        known.add(new WriterCache.Identity(p.timestampMs(), p.step(), p.value()));
      }
      for (StoredPoint p : touched.getOrDefault(minute, List.of())) {
        known.add(new WriterCache.Identity(p.timestampMs(), p.step(), p.value()));
      }
      cache.putIdentities(minute, known);
    }
    return known;
  }

  /** Deletes one trial component's series in one transaction; returns the points they held. Writer thread only. */
  long deleteTrialComponent(String account, String region, String trialComponent) throws SQLException {
    try {
      if (connection == null) {
        open();
      }
      SqliteFile.begin(connection);
      long deleted = sql.deleteTrialComponent(account, region, trialComponent);
      SqliteFile.commit(connection);
      cache.clear(); // ids, counts, minutes and identities of the deleted series must not be reused
      return deleted;
    } catch (SQLException | RuntimeException e) {
      discard();
      throw e;
    }
  }

  /** Retention (see {@link dev.stepwise.store.MetricStore#dropPointsBefore}); writer thread only. */
  long dropPointsBefore(long cutoffMs) throws SQLException {
    try {
      if (connection == null) {
        open();
      }
      SqliteFile.begin(connection);
      long dropped = sql.dropBlocksBefore(Minutes.minuteOf(cutoffMs));
      SqliteFile.commit(connection);
      cache.clear();
      return dropped;
    } catch (SQLException | RuntimeException e) {
      discard();
      throw e;
    }
  }

  /** Stores the group's points, a block per series and minute, and brings those minutes' aggregates up to date. */
  private void writeBlocksAndMinutes() throws SQLException {
    for (Map.Entry<MinuteKey, List<StoredPoint>> entry : touched.entrySet()) {
      MinuteKey key = entry.getKey();
      sql.insertBlock(key.seriesId(), key.minuteMs(), entry.getValue());
      WriterCache.Series series = cache.seriesById(key.seriesId());
      int span = PointBlock.stepSpan(entry.getValue());
      if (span > series.stepSpan) {
        series.stepSpan = span;
        cache.markChanged(series);
      }
    }
    updateMinutes();
  }

  /** Brings the aggregate of every minute that got points in this group up to date. */
  private void updateMinutes() throws SQLException {
    for (Map.Entry<MinuteKey, List<StoredPoint>> entry : touched.entrySet()) {
      MinuteKey key = entry.getKey();
      MinuteAggregate aggregate = cache.minute(key);
      if (aggregate == null) {
        aggregate = sql.findMinute(key.seriesId(), key.minuteMs());
      }
      if (aggregate == null) {
        aggregate = MinuteAggregate.of(entry.getValue());
      } else if (!aggregate.extend(entry.getValue())) {
        // Sequences only grow, so this is a safety net: fold the minute again from what is stored now.
        aggregate = MinuteAggregate.of(sql.minutePoints(key.seriesId(), key.minuteMs()));
      }
      sql.upsertMinute(key.seriesId(), key.minuteMs(), aggregate);
      cache.putMinute(key, aggregate);
    }
    touched.clear();
  }

  private WriterCache.Series series(SeriesKey key) throws SQLException {
    WriterCache.Series cached = cache.series(key);
    if (cached != null) {
      return cached;
    }
    WriterCache.Series stored = sql.findSeries(key);
    return stored == null ? null : cache.putSeries(key, stored);
  }

  private int metricCount(TrialComponent trialComponent) throws SQLException {
    Integer cached = cache.metricCount(trialComponent);
    if (cached != null) {
      return cached;
    }
    return cache.putMetricCount(trialComponent, sql.countMetrics(trialComponent));
  }

  private long lastSequence() throws SQLException {
    if (cache.lastSequence < 0) {
      cache.lastSequence = sql.loadLastSequence();
    }
    return cache.lastSequence;
  }

  private void saveCounters() throws SQLException {
    for (WriterCache.Series series : cache.changedSeries()) {
      sql.updateSeries(series);
    }
    if (cache.lastSequence >= 0) {
      sql.updateLastSequence(cache.lastSequence);
    }
  }

  private void discard() {
    cache.clear();
    if (connection != null) {
      try {
        SqliteFile.rollback(connection);
      } catch (SQLException | RuntimeException ignored) {
        // No transaction may be open (BEGIN failed); and closing the connection rolls back anyway.
      }
      closeConnection();
    }
  }

  private void closeConnection() {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // Nothing more to release; a broken connection is the reason we are here.
    } finally {
      connection = null;
      sql = null;
    }
  }

  @Override
  public void close() {
    if (connection != null) {
      closeConnection();
    }
  }

  /** One series' minute. */
  record MinuteKey(long seriesId, long minuteMs) {}

  /** The account, region and trial component a metric-count limit applies to. */
  record TrialComponent(String account, String region, String name) {
    static TrialComponent of(SeriesKey key) {
      return new TrialComponent(key.account(), key.region(), key.trialComponent());
    }
  }
}
