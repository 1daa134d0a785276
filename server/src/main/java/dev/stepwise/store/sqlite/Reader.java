package dev.stepwise.store.sqlite;

import dev.stepwise.store.MinuteSink;
import dev.stepwise.store.Minutes;
import dev.stepwise.store.Partition;
import dev.stepwise.store.PointSink;
import dev.stepwise.store.SeriesKey;
import dev.stepwise.store.SeriesSummary;
import dev.stepwise.store.jdbc.MinuteAggregateSql;
import dev.stepwise.store.jdbc.SummaryQueries;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * One read-only connection with its scan statements, opened on first use and again after a failure. Used by one
 * thread at a time (the pool sees to that).
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

  /** A series' row keeps its summary (kept up by the writer): no point is read to list them. */
  private static final SummaryQueries SUMMARIES = new SummaryQueries(
      "SELECT s.trial_component, s.metric_name, s.point_count, s.first_ms, s.last_ms, s.min_step, s.max_step,"
          + " s.last_value FROM series s WHERE s.account = ? AND s.region = ? AND s.point_count > 0");

  private final SqliteFile file;
  private Connection connection;
  private PreparedStatement byTime;
  private PreparedStatement byStep;
  private PreparedStatement keptMinutes;
  private PreparedStatement ping;

  Reader(SqliteFile file) {
    this.file = file;
  }

  void scanByTime(SeriesKey series, long fromMs, long toMs, PointSink sink) throws SQLException {
    open();
    // The start of fromMs's minute, except where that would be before Long.MIN_VALUE.
    long fromMinute = fromMs < Long.MIN_VALUE + Minutes.MINUTE_MS ? Long.MIN_VALUE : Minutes.minuteOf(fromMs);
    bind(byTime, series, fromMinute, toMs);
    BlockScans.byTime(byTime, fromMs, toMs, sink);
  }

  void scanByStep(SeriesKey series, long fromStep, long toStep, PointSink sink) throws SQLException {
    open();
    bind(byStep, series, fromStep, toStep);
    BlockScans.byStep(byStep, fromStep, toStep, sink);
  }

  /** Returns false when the sink stopped the scan. */
  boolean scanKeptMinutes(SeriesKey series, long fromMinute, long toMinute, MinuteSink sink) throws SQLException {
    open();
    return MinuteAggregateSql.scanKept(keptMinutes, series, fromMinute, toMinute, sink);
  }

  List<Partition> partitions() throws SQLException {
    open();
    return SummaryQueries.partitions(connection);
  }

  List<SeriesSummary> summarize(Partition partition) throws SQLException {
    open();
    return SUMMARIES.summarize(connection, partition);
  }

  Optional<SeriesSummary> summarize(SeriesKey series) throws SQLException {
    open();
    return SUMMARIES.summarize(connection, series);
  }

  /** Reads the file's smallest table: proves the file is there and readable. */
  void ping() throws SQLException {
    open();
    try (ResultSet row = ping.executeQuery()) {
      row.next();
    }
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
      ping = opened.prepareStatement("SELECT last_sequence FROM store_state");
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
