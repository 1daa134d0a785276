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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a group of batches in one transaction and decides every point's outcome. Used by the writer thread
 * only: being the single writer is what lets it check the limits against counts it caches in memory, without
 * racing anyone.
 *
 * <p>Statements run one at a time rather than through JDBC batching: SQLite is in-process, so there is no
 * round trip to save, and each point's outcome depends on the change count of its own INSERT OR IGNORE. What
 * group commit saves is the fsync, one per transaction.
 *
 * <p>Each stored point also updates its minute's aggregate ({@link MinuteAggregate}), once per minute and group,
 * in the same transaction.
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
      updateMinutes();
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
      series = cache.putSeries(key, sql.insertSeries(key), 0);
      cache.putMetricCount(trialComponent, metrics + 1);
    }
    if (series.pointCount >= limits.maxPointsPerMetric()) {
      // Duplicates win over the limit: a retry of a stored point is not a new point.
      return sql.pointExists(series.id, point) ? AppendOutcome.DUPLICATE : AppendOutcome.METRIC_LIMIT_EXCEEDED;
    }
    long sequence = lastSequence() + 1;
    if (!sql.insertPoint(series.id, point, sequence)) {
      return AppendOutcome.DUPLICATE;
    }
    cache.lastSequence = sequence;
    cache.countPoint(series);
    touched
        .computeIfAbsent(new MinuteKey(series.id, Minutes.minuteOf(point.timestampMs())), k -> new ArrayList<>())
        .add(new StoredPoint(point.timestampMs(), point.step(), point.value(), sequence));
    return AppendOutcome.STORED;
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
    long[] idAndCount = sql.findSeries(key);
    return idAndCount == null ? null : cache.putSeries(key, idAndCount[0], idAndCount[1]);
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
      sql.updatePointCount(series.id, series.pointCount);
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
