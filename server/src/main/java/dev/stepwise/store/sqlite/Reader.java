package dev.stepwise.store.sqlite;

import dev.stepwise.store.MinuteSink;
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
   * CROSS JOIN makes SQLite read the one series row first and then range-scan its points by the primary key,
   * which already yields timestamp order: no sort, no lookups.
   */
  static final String BY_TIME =
      "SELECT p.timestamp_ms, p.step, p.value, p.sequence FROM series s CROSS JOIN point p ON p.series_id = s.id"
          + " WHERE s.account = ? AND s.region = ? AND s.trial_component = ? AND s.metric_name = ?"
          + " AND p.timestamp_ms >= ? AND p.timestamp_ms < ?"
          + " ORDER BY p.timestamp_ms, p.step, p.value";

  /**
   * "p.step >= 0" is there for the planner: it may use the partial index point_by_step only when the query
   * repeats the index's condition. It also keeps step-less points (-1) out when fromStep is negative.
   */
  static final String BY_STEP =
      "SELECT p.timestamp_ms, p.step, p.value, p.sequence FROM series s CROSS JOIN point p ON p.series_id = s.id"
          + " WHERE s.account = ? AND s.region = ? AND s.trial_component = ? AND s.metric_name = ?"
          + " AND p.step >= 0 AND p.step >= ? AND p.step < ?"
          + " ORDER BY p.step, p.timestamp_ms, p.sequence";

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
    scan(byTime, series, fromMs, toMs, sink);
  }

  void scanByStep(SeriesKey series, long fromStep, long toStep, PointSink sink) throws SQLException {
    open();
    scan(byStep, series, fromStep, toStep, sink);
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
    return SummaryQueries.summarize(connection, partition);
  }

  Optional<SeriesSummary> summarize(SeriesKey series) throws SQLException {
    open();
    return SummaryQueries.summarize(connection, series);
  }

  /** Reads the file's smallest table: proves the file is there and readable. */
  void ping() throws SQLException {
    open();
    try (ResultSet row = ping.executeQuery()) {
      row.next();
    }
  }

  private static void scan(PreparedStatement statement, SeriesKey series, long from, long to, PointSink sink)
      throws SQLException {
    statement.setString(1, series.account());
    statement.setString(2, series.region());
    statement.setString(3, series.trialComponent());
    statement.setString(4, series.metricName());
    statement.setLong(5, from);
    statement.setLong(6, to);
    try (ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        if (!sink.accept(rows.getLong(1), rows.getInt(2), rows.getDouble(3), rows.getLong(4))) {
          return;
        }
      }
    }
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
