package dev.stepwise.store.sqlite;

import dev.stepwise.store.MinuteAggregate;
import dev.stepwise.store.MinuteAggregate.StoredPoint;
import dev.stepwise.store.NewPoint;
import dev.stepwise.store.SeriesKey;
import dev.stepwise.store.jdbc.MinuteAggregateSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** The writer's prepared statements, compiled once per connection. Closed with the connection. */
final class WriterStatements {
  private final PreparedStatement findSeries;
  private final PreparedStatement insertSeries;
  private final PreparedStatement countMetrics;
  private final PreparedStatement insertPoint;
  private final PreparedStatement pointExists;
  private final PreparedStatement updatePointCount;
  private final PreparedStatement loadLastSequence;
  private final PreparedStatement updateLastSequence;
  private final PreparedStatement findMinute;
  private final PreparedStatement upsertMinute;
  private final PreparedStatement minutePoints;

  WriterStatements(Connection connection) throws SQLException {
    findSeries =
        connection.prepareStatement(
            "SELECT id, point_count FROM series"
                + " WHERE account = ? AND region = ? AND trial_component = ? AND metric_name = ?");
    insertSeries =
        connection.prepareStatement(
            "INSERT INTO series (account, region, trial_component, metric_name) VALUES (?, ?, ?, ?) RETURNING id");
    countMetrics =
        connection.prepareStatement(
            "SELECT count(*) FROM series WHERE account = ? AND region = ? AND trial_component = ?");
    insertPoint =
        connection.prepareStatement(
            "INSERT OR IGNORE INTO point (series_id, timestamp_ms, step, value, sequence) VALUES (?, ?, ?, ?, ?)");
    pointExists =
        connection.prepareStatement(
            "SELECT 1 FROM point WHERE series_id = ? AND timestamp_ms = ? AND step = ? AND value = ?");
    updatePointCount = connection.prepareStatement("UPDATE series SET point_count = ? WHERE id = ?");
    loadLastSequence = connection.prepareStatement("SELECT last_sequence FROM store_state WHERE id = 1");
    updateLastSequence = connection.prepareStatement("UPDATE store_state SET last_sequence = ? WHERE id = 1");
    findMinute = connection.prepareStatement(MinuteAggregateSql.FIND);
    upsertMinute = connection.prepareStatement(MinuteAggregateSql.UPSERT);
    minutePoints = connection.prepareStatement(MinuteAggregateSql.MINUTE_POINTS);
  }

  /** The minute's kept aggregate, or null when it has none yet. */
  MinuteAggregate findMinute(long seriesId, long minuteMs) throws SQLException {
    return MinuteAggregateSql.find(findMinute, seriesId, minuteMs);
  }

  void upsertMinute(long seriesId, long minuteMs, MinuteAggregate aggregate) throws SQLException {
    MinuteAggregateSql.bindUpsert(upsertMinute, seriesId, minuteMs, aggregate);
    upsertMinute.executeUpdate();
  }

  List<StoredPoint> minutePoints(long seriesId, long minuteMs) throws SQLException {
    return MinuteAggregateSql.minutePoints(minutePoints, seriesId, minuteMs);
  }

  /** The series' id and point count, or null when it has none yet. */
  long[] findSeries(SeriesKey key) throws SQLException {
    bindSeries(findSeries, key);
    try (ResultSet row = findSeries.executeQuery()) {
      return row.next() ? new long[] {row.getLong(1), row.getLong(2)} : null;
    }
  }

  long insertSeries(SeriesKey key) throws SQLException {
    bindSeries(insertSeries, key);
    try (ResultSet row = insertSeries.executeQuery()) {
      row.next();
      return row.getLong(1);
    }
  }

  int countMetrics(GroupWriter.TrialComponent trialComponent) throws SQLException {
    countMetrics.setString(1, trialComponent.account());
    countMetrics.setString(2, trialComponent.region());
    countMetrics.setString(3, trialComponent.name());
    try (ResultSet row = countMetrics.executeQuery()) {
      row.next();
      return row.getInt(1);
    }
  }

  /** True when stored; false when an equal point was already there. */
  boolean insertPoint(long seriesId, NewPoint point, long sequence) throws SQLException {
    bindPoint(insertPoint, seriesId, point);
    insertPoint.setLong(5, sequence);
    return insertPoint.executeUpdate() == 1;
  }

  boolean pointExists(long seriesId, NewPoint point) throws SQLException {
    bindPoint(pointExists, seriesId, point);
    try (ResultSet row = pointExists.executeQuery()) {
      return row.next();
    }
  }

  void updatePointCount(long seriesId, long pointCount) throws SQLException {
    updatePointCount.setLong(1, pointCount);
    updatePointCount.setLong(2, seriesId);
    updatePointCount.executeUpdate();
  }

  long loadLastSequence() throws SQLException {
    try (ResultSet row = loadLastSequence.executeQuery()) {
      row.next();
      return row.getLong(1);
    }
  }

  void updateLastSequence(long lastSequence) throws SQLException {
    updateLastSequence.setLong(1, lastSequence);
    updateLastSequence.executeUpdate();
  }

  private static void bindSeries(PreparedStatement statement, SeriesKey key) throws SQLException {
    statement.setString(1, key.account());
    statement.setString(2, key.region());
    statement.setString(3, key.trialComponent());
    statement.setString(4, key.metricName());
  }

  private static void bindPoint(PreparedStatement statement, long seriesId, NewPoint point) throws SQLException {
    statement.setLong(1, seriesId);
    statement.setLong(2, point.timestampMs());
    statement.setInt(3, point.step());
    statement.setDouble(4, point.value());
  }
}
