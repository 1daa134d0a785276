package dev.stepwise.store.sqlite;

import dev.stepwise.store.MinuteAggregate;
import dev.stepwise.store.MinuteAggregate.StoredPoint;
import dev.stepwise.store.Partition;
import dev.stepwise.store.SeriesKey;
import dev.stepwise.store.jdbc.EntityTables;
import dev.stepwise.store.jdbc.MinuteAggregateSql;
import dev.stepwise.store.jdbc.MinuteStatsCodec;
import dev.stepwise.store.jdbc.TrialComponentDeletion;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The writer's prepared statements, compiled once per connection. Closed with the connection. */
final class WriterStatements {
  static final String INSERT_BLOCK =
      "INSERT INTO point_block (series_id, minute_ms, first_sequence, min_step, points) VALUES (?, ?, ?, ?, ?)";

  private final PreparedStatement findSeries;
  private final PreparedStatement insertSeries;
  private final PreparedStatement countMetrics;
  private final PreparedStatement insertBlock;
  private final PreparedStatement minuteBlocks;
  private final PreparedStatement updateSeries;
  private final PreparedStatement loadState;
  private final PreparedStatement updateState;
  private final PreparedStatement insertLog;
  private final PreparedStatement deleteLog;
  private final PreparedStatement seriesKey;
  private final PreparedStatement findMinute;
  private final PreparedStatement upsertMinute;
  private final PreparedStatement insertTrialComponent;

  private final Connection connection;

  WriterStatements(Connection connection) throws SQLException {
    this.connection = connection;
    findSeries =
        connection.prepareStatement(
            "SELECT id, point_count, first_ms, last_ms, min_step, max_step, last_value, step_span, stats FROM series"
                + " WHERE account = ? AND region = ? AND trial_component = ? AND metric_name = ?");
    insertSeries =
        connection.prepareStatement(
            "INSERT INTO series (account, region, trial_component, metric_name) VALUES (?, ?, ?, ?) RETURNING id");
    countMetrics =
        connection.prepareStatement(
            "SELECT count(*) FROM series WHERE account = ? AND region = ? AND trial_component = ?");
    insertBlock = connection.prepareStatement(INSERT_BLOCK);
    minuteBlocks =
        connection.prepareStatement(
            "SELECT first_sequence, points FROM point_block WHERE series_id = ? AND minute_ms = ?");
    updateSeries =
        connection.prepareStatement(
            "UPDATE series SET point_count = ?, first_ms = ?, last_ms = ?, min_step = ?, max_step = ?,"
                + " last_value = ?, step_span = ?, stats = ? WHERE id = ?");
    loadState = connection.prepareStatement("SELECT last_sequence, folded_through FROM store_state WHERE id = 1");
    updateState = connection.prepareStatement(
        "UPDATE store_state SET last_sequence = ?, folded_through = ? WHERE id = 1");
    insertLog = connection.prepareStatement("INSERT INTO point_log (id, points) VALUES (?, ?)");
    deleteLog = connection.prepareStatement("DELETE FROM point_log WHERE id <= ?");
    seriesKey = connection.prepareStatement(
        "SELECT account, region, trial_component, metric_name FROM series WHERE id = ?");
    findMinute = connection.prepareStatement(MinuteAggregateSql.FIND);
    upsertMinute = connection.prepareStatement(MinuteAggregateSql.UPSERT);
    insertTrialComponent = connection.prepareStatement(EntityTables.INSERT_IF_ABSENT);
  }

  /** Makes a trial component that an append names an entity, unless it is one already. */
  void insertTrialComponentIfAbsent(Partition partition, String name, long nowMs) throws SQLException {
    EntityTables.bindImplicitTrialComponent(insertTrialComponent, partition, name, nowMs);
    insertTrialComponent.executeUpdate();
  }

  /** The minute's kept aggregate, or null when it has none yet. */
  MinuteAggregate findMinute(long seriesId, long minuteMs) throws SQLException {
    return MinuteAggregateSql.find(findMinute, seriesId, minuteMs);
  }

  void upsertMinute(long seriesId, long minuteMs, MinuteAggregate aggregate) throws SQLException {
    MinuteAggregateSql.bindUpsert(upsertMinute, seriesId, minuteMs, aggregate);
    upsertMinute.executeUpdate();
  }

  /** The stored points of one series and minute, in no particular order. */
  List<StoredPoint> minutePoints(long seriesId, long minuteMs) throws SQLException {
    List<StoredPoint> points = new ArrayList<>();
    minuteBlocks.setLong(1, seriesId);
    minuteBlocks.setLong(2, minuteMs);
    try (ResultSet rows = minuteBlocks.executeQuery()) {
      while (rows.next()) {
        PointBlock.decode(minuteMs, rows.getLong(1), rows.getBytes(2),
            (timestampMs, step, value, sequence) -> points.add(new StoredPoint(timestampMs, step, value, sequence)));
      }
    }
    return points;
  }

  /** Deletes the trial component's blocks, kept minutes and series rows; returns the points it held. */
  long deleteTrialComponent(String account, String region, String trialComponent) throws SQLException {
    return TrialComponentDeletion.delete(connection, "point_block", account, region, trialComponent);
  }

  /** Stores the points, all of one series and minute, as one block; their sequences ascend. */
  void insertBlock(long seriesId, long minuteMs, List<StoredPoint> points) throws SQLException {
    bindBlock(insertBlock, seriesId, minuteMs, points);
    insertBlock.executeUpdate();
  }

  static void bindBlock(PreparedStatement insert, long seriesId, long minuteMs, List<StoredPoint> points)
      throws SQLException {
    long firstSequence = points.getFirst().sequence();
    insert.setLong(1, seriesId);
    insert.setLong(2, minuteMs);
    insert.setLong(3, firstSequence);
    insert.setInt(4, PointBlock.minStep(points));
    insert.setBytes(5, PointBlock.encode(minuteMs, firstSequence, points));
  }

  /** The series as stored, or null when there is no such series yet. */
  WriterCache.Series findSeries(SeriesKey key) throws SQLException {
    bindSeries(findSeries, key);
    try (ResultSet row = findSeries.executeQuery()) {
      if (!row.next()) {
        return null;
      }
      WriterCache.Series series = new WriterCache.Series(row.getLong(1), row.getLong(2));
      long firstMs = row.getLong(3);
      if (!row.wasNull()) {
        series.firstMs = firstMs;
        series.lastMs = row.getLong(4);
        series.lastValue = row.getDouble(7);
      }
      int minStep = row.getInt(5);
      if (!row.wasNull()) {
        series.minStep = minStep;
        series.maxStep = row.getInt(6);
      }
      series.stepSpan = row.getInt(8);
      byte[] stats = row.getBytes(9);
      if (stats != null) {
        series.stats = MinuteStatsCodec.decode(stats);
      }
      return series;
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

  void updateSeries(WriterCache.Series series) throws SQLException {
    updateSeries.setLong(1, series.pointCount);
    if (series.hasPoints()) {
      updateSeries.setLong(2, series.firstMs);
      updateSeries.setLong(3, series.lastMs);
      updateSeries.setDouble(6, series.lastValue);
    } else {
      updateSeries.setNull(2, Types.INTEGER);
      updateSeries.setNull(3, Types.INTEGER);
      updateSeries.setNull(6, Types.REAL);
    }
    if (series.hasSteps()) {
      updateSeries.setInt(4, series.minStep);
      updateSeries.setInt(5, series.maxStep);
    } else {
      updateSeries.setNull(4, Types.INTEGER);
      updateSeries.setNull(5, Types.INTEGER);
    }
    updateSeries.setInt(7, series.stepSpan);
    if (series.stats.count() > 0) {
      updateSeries.setBytes(8, MinuteStatsCodec.encode(series.stats));
    } else {
      updateSeries.setNull(8, Types.BLOB);
    }
    updateSeries.setLong(9, series.id);
    updateSeries.executeUpdate();
  }

  /** The last sequence and the last group id the tables hold (the log's groups come after both). */
  State loadState() throws SQLException {
    try (ResultSet row = loadState.executeQuery()) {
      row.next();
      return new State(row.getLong(1), row.getLong(2));
    }
  }

  /** Rewrites the state row as it is: a commit's worth of writing that changes nothing. */
  void touchState() throws SQLException {
    State state = loadState();
    updateState(state);
  }

  void updateState(State state) throws SQLException {
    updateState.setLong(1, state.lastSequence());
    updateState.setLong(2, state.foldedThrough());
    updateState.executeUpdate();
  }

  void insertLog(long groupId, byte[] points) throws SQLException {
    insertLog.setLong(1, groupId);
    insertLog.setBytes(2, points);
    insertLog.executeUpdate();
  }

  /** Drops the log rows of the groups up to {@code groupId}, which the tables now hold. */
  void deleteLogThrough(long groupId) throws SQLException {
    deleteLog.setLong(1, groupId);
    deleteLog.executeUpdate();
  }

  /** The log's groups, oldest first, with their series resolved through their rows. */
  List<UnfoldedPoints.Group> loadLog() throws SQLException {
    Map<Long, byte[]> rows = new LinkedHashMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT id, points FROM point_log ORDER BY id")) {
      while (row.next()) {
        rows.put(row.getLong(1), row.getBytes(2));
      }
    }
    Map<Long, SeriesKey> keys = new HashMap<>();
    for (byte[] blob : rows.values()) {
      for (long seriesId : GroupLog.seriesIds(blob)) {
        if (!keys.containsKey(seriesId)) {
          keys.put(seriesId, seriesKey(seriesId));
        }
      }
    }
    List<UnfoldedPoints.Group> groups = new ArrayList<>(rows.size());
    rows.forEach((id, blob) -> groups.add(new UnfoldedPoints.Group(id, GroupLog.decode(blob, keys::get))));
    return groups;
  }

  private SeriesKey seriesKey(long seriesId) throws SQLException {
    seriesKey.setLong(1, seriesId);
    try (ResultSet row = seriesKey.executeQuery()) {
      if (!row.next()) {
        throw new SQLException("the point log names series " + seriesId + ", which has no row");
      }
      return new SeriesKey(row.getString(1), row.getString(2), row.getString(3), row.getString(4));
    }
  }

  /** What {@code store_state} holds. */
  record State(long lastSequence, long foldedThrough) {}

  private static void bindSeries(PreparedStatement statement, SeriesKey key) throws SQLException {
    statement.setString(1, key.account());
    statement.setString(2, key.region());
    statement.setString(3, key.trialComponent());
    statement.setString(4, key.metricName());
  }

}
