package dev.stepwise.store.sqlite;

import dev.stepwise.stats.BucketStats;
import dev.stepwise.store.MinuteAggregate.StoredPoint;
import dev.stepwise.store.MinuteSink;
import dev.stepwise.store.Minutes;
import dev.stepwise.store.Partition;
import dev.stepwise.store.PointSink;
import dev.stepwise.store.SeriesKey;
import dev.stepwise.store.SeriesStats;
import dev.stepwise.store.SeriesSummary;
import dev.stepwise.store.jdbc.MinuteAggregateSql;
import dev.stepwise.store.jdbc.SeriesStatsSql;
import dev.stepwise.store.jdbc.SqlDialect;
import dev.stepwise.store.jdbc.SummaryQueries;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One read-only connection with its scan statements, opened on first use and again after a failure. Used by one
 * thread at a time (the pool sees to that). Every use is one read transaction ({@link #read}): one snapshot of the
 * tables, plus the unfolded points that snapshot lacks.
 */
final class Reader {
  /**
   * CROSS JOIN makes SQLite read the one series row first and then range-scan its blocks by the primary key, which
   * yields minute order: no sort, no lookups. The first parameter after the series is the start of the minute
   * holding fromMs.
   */
  static final String BY_TIME =
      "SELECT b.minute_ms, b.first_sequence, b.points FROM series s CROSS JOIN point_block b ON b.series_id = s.id"
          + " WHERE s.account = ? AND s.region = ? AND s.trial_component = ? AND s.metric_name = ?"
          + " AND b.minute_ms >= ? AND b.minute_ms < ?"
          + " ORDER BY b.minute_ms, b.first_sequence";

  /**
   * A block holding a step of the range starts at most the series' step_span before it, so the range of block
   * starts is widened by that much. "b.min_step >= 0" is there for the planner: it may use the partial index
   * point_block_by_step only when the query repeats the index's condition.
   */
  static final String BY_STEP =
      "SELECT b.minute_ms, b.first_sequence, b.points, b.min_step"
          + " FROM series s CROSS JOIN point_block b ON b.series_id = s.id"
          + " WHERE s.account = ? AND s.region = ? AND s.trial_component = ? AND s.metric_name = ?"
          + " AND b.min_step >= 0 AND b.min_step >= ? - s.step_span AND b.min_step < ?"
          + " ORDER BY b.min_step";

  /**
   * A series' row keeps its summary as of the last fold; rows without points are read too, since their series may
   * have unfolded ones.
   */
  private static final SummaryQueries SUMMARIES = new SummaryQueries(
      "SELECT s.trial_component, s.metric_name, s.point_count, s.first_ms, s.last_ms, s.min_step, s.max_step,"
          + " s.last_value FROM series s WHERE s.account = ? AND s.region = ?");

  private static final Comparator<Partition> PARTITION_ORDER =
      Comparator.comparing(Partition::account).thenComparing(Partition::region);

  /** Runs inside one read transaction. */
  @FunctionalInterface
  interface ReadWork {
    void run(Reader reader) throws SQLException;
  }

  private final SqliteFile file;
  private final Supplier<UnfoldedPoints> unfoldedView;
  private Connection connection;
  private PreparedStatement byTime;
  private PreparedStatement byStep;
  private PreparedStatement keptMinutes;
  private PreparedStatement begin;
  private PreparedStatement foldedThroughQuery;
  private PreparedStatement end;

  /** The current read transaction's unfolded groups, and how far its tables reach; null outside one. */
  private UnfoldedPoints unfolded;
  private long foldedThrough;

  Reader(SqliteFile file, Supplier<UnfoldedPoints> unfoldedView) {
    this.file = file;
    this.unfoldedView = unfoldedView;
  }

  /**
   * Runs the work in one read transaction. The writer's view of the unfolded groups is taken before the transaction
   * begins, so that every group in it is in the snapshot (see {@link UnfoldedPoints}).
   */
  void read(ReadWork work) throws SQLException {
    open();
    UnfoldedPoints view = unfoldedView.get();
    begin.execute();
    boolean done = false;
    try {
      try (ResultSet row = foldedThroughQuery.executeQuery()) {
        row.next();
        foldedThrough = row.getLong(1);
      }
      unfolded = view;
      work.run(this);
      done = true;
    } finally {
      unfolded = null;
      endTransaction(done);
    }
  }

  /** Ends the read transaction; when the work failed, its failure is the one reported, and the connection goes. */
  private void endTransaction(boolean workSucceeded) throws SQLException {
    try {
      end.execute();
    } catch (SQLException e) {
      if (workSucceeded) {
        throw e;
      }
      close();
    }
  }

  void scanByTime(SeriesKey series, long fromMs, long toMs, PointSink sink) throws SQLException {
    // The start of fromMs's minute, except where that would be before Long.MIN_VALUE.
    long fromMinute = fromMs < Long.MIN_VALUE + Minutes.MINUTE_MS ? Long.MIN_VALUE : Minutes.minuteOf(fromMs);
    bind(byTime, series, fromMinute, toMs);
    BlockScans.byTime(byTime, fromMs, toMs, unfolded(series, p -> p.timestampMs() >= fromMs && p.timestampMs() < toMs),
        sink);
  }

  void scanByStep(SeriesKey series, long fromStep, long toStep, PointSink sink) throws SQLException {
    bind(byStep, series, fromStep, toStep);
    BlockScans.byStep(byStep, fromStep, toStep,
        unfolded(series, p -> p.step() >= 0 && p.step() >= fromStep && p.step() < toStep), sink);
  }

  /** Returns false when the sink stopped the scan. */
  boolean scanKeptMinutes(SeriesKey series, long fromMinute, long toMinute, MinuteSink sink) throws SQLException {
    SnapshotMerges.UnfoldedMinutes merged = new SnapshotMerges.UnfoldedMinutes(
        unfolded(series, p -> p.timestampMs() >= fromMinute && p.timestampMs() < toMinute), sink);
    return MinuteAggregateSql.scanKept(keptMinutes, series, fromMinute, toMinute, merged) && merged.finish();
  }

  List<Partition> partitions() throws SQLException {
    TreeSet<Partition> partitions = new TreeSet<>(PARTITION_ORDER);
    partitions.addAll(SummaryQueries.partitions(connection));
    for (SeriesKey series : view().bySeries(foldedThrough).keySet()) {
      partitions.add(new Partition(series.account(), series.region()));
    }
    return List.copyOf(partitions);
  }

  List<SeriesSummary> summarize(Partition partition) throws SQLException {
    Map<SeriesKey, List<StoredPoint>> unfoldedPoints = view().bySeries(foldedThrough);
    List<SeriesSummary> summaries = new ArrayList<>();
    for (SeriesSummary row : SUMMARIES.summarize(connection, partition)) {
      SeriesKey key = new SeriesKey(partition.account(), partition.region(), row.trialComponent(), row.metricName());
      SeriesSummary merged = SnapshotMerges.summary(
          row, row.trialComponent(), row.metricName(), unfoldedPoints.getOrDefault(key, List.of()));
      if (merged != null) {
        summaries.add(merged);
      }
    }
    return summaries;
  }

  Optional<SeriesSummary> summarize(SeriesKey series) throws SQLException {
    SeriesSummary row = SUMMARIES.summarize(connection, series).orElse(null);
    return Optional.ofNullable(SnapshotMerges.summary(
        row, series.trialComponent(), series.metricName(), view().points(series, foldedThrough)));
  }

  /** The series' statistics as of this snapshot: the row's, extended by the unfolded points in sequence order. */
  List<SeriesStats> seriesStats(Partition partition, Collection<String> trialComponents,
      Collection<String> metricNames) throws SQLException {
    List<SeriesStats> result = new ArrayList<>();
    SeriesStatsSql.read(connection, SqlDialect.SQLITE, partition, trialComponents, metricNames,
        (trialComponent, metricName, kept) -> {
          SeriesKey key = new SeriesKey(partition.account(), partition.region(), trialComponent, metricName);
          BucketStats stats = kept == null ? new BucketStats() : kept;
          for (StoredPoint p : view().points(key, foldedThrough)) {
            stats.add(p.timestampMs(), p.sequence(), p.value());
          }
          if (stats.count() > 0) {
            result.add(new SeriesStats(trialComponent, metricName, stats));
          }
        });
    return result;
  }

  /**
   * The latest timestamp among the unfolded points of each trial component of the partition: what its series'
   * statistics in the tables lack.
   */
  Map<String, Long> unfoldedLatest(Partition partition) {
    Map<String, Long> latest = new HashMap<>();
    view().bySeries(foldedThrough).forEach((series, points) -> {
      if (series.account().equals(partition.account()) && series.region().equals(partition.region())) {
        points.forEach(p -> latest.merge(series.trialComponent(), p.timestampMs(), Math::max));
      }
    });
    return latest;
  }

  /** The connection of this read transaction, for the control plane's queries. */
  Connection connection() {
    view(); // only inside a read transaction
    return connection;
  }

  /** Reads the file's smallest table: proves the file is there and readable. */
  void ping() throws SQLException {
    view(); // a read transaction has read store_state already
  }

  /** The snapshot's unfolded points of the series that pass the filter, in sequence order. */
  private List<StoredPoint> unfolded(SeriesKey series, Predicate<StoredPoint> filter) {
    List<StoredPoint> points = view().points(series, foldedThrough);
    points.removeIf(filter.negate());
    return points;
  }

  private UnfoldedPoints view() {
    if (unfolded == null) {
      throw new IllegalStateException("a scan outside a read transaction");
    }
    return unfolded;
  }

  private static void bind(PreparedStatement statement, SeriesKey series, long from, long to) throws SQLException {
    statement.setString(1, series.account());
    statement.setString(2, series.region());
    statement.setString(3, series.trialComponent());
    statement.setString(4, series.metricName());
    statement.setLong(5, from);
    statement.setLong(6, to);
  }

  private void open() throws SQLException {
    if (connection != null) {
      return;
    }
    Connection opened = file.openReader();
    try {
      byTime = opened.prepareStatement(BY_TIME);
      byStep = opened.prepareStatement(BY_STEP);
      keptMinutes = opened.prepareStatement(MinuteAggregateSql.KEPT_MINUTES);
      begin = opened.prepareStatement("BEGIN");
      foldedThroughQuery = opened.prepareStatement("SELECT folded_through FROM store_state WHERE id = 1");
      end = opened.prepareStatement("COMMIT");
    } catch (SQLException e) {
      opened.close();
      throw e;
    }
    connection = opened;
  }

  /** Closes the connection; the next use opens a fresh one. */
  void close() {
    if (connection == null) {
      return;
    }
    try {
      connection.close();
    } catch (SQLException ignored) {
      // Closing a broken connection may fail; there is nothing left to release.
    } finally {
      connection = null;
    }
  }
}
