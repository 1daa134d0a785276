package dev.stepwise.store.sqlite;

import dev.stepwise.store.MinuteAggregate.StoredPoint;
import dev.stepwise.store.Minutes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The data part of schema version 2: moves every point of version 1's {@code point} table into blocks of at most
 * {@link #MAX_BLOCK_POINTS} points of one series and minute, keeping each point's sequence (so the kept minute
 * aggregates stay valid), fills the series' new columns and drops the old table. Runs inside the migration's
 * transaction.
 */
final class PointsToBlocks {
  static final int MAX_BLOCK_POINTS = 1024;

  private PointsToBlocks() {}

  static void move(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        PreparedStatement insert = connection.prepareStatement(WriterStatements.INSERT_BLOCK);
        PreparedStatement span = connection.prepareStatement("UPDATE series SET step_span = ? WHERE id = ?");
        ResultSet rows = statement.executeQuery(
            "SELECT series_id, timestamp_ms, step, value, sequence FROM point ORDER BY series_id, timestamp_ms")) {
      long seriesId = -1;
      long minute = 0;
      int seriesSpan = 0;
      List<StoredPoint> points = new ArrayList<>();
      while (rows.next()) {
        long id = rows.getLong(1);
        StoredPoint point = new StoredPoint(rows.getLong(2), rows.getInt(3), rows.getDouble(4), rows.getLong(5));
        long pointMinute = Minutes.minuteOf(point.timestampMs());
        if (id != seriesId || pointMinute != minute) {
          seriesSpan = Math.max(seriesSpan, writeBlocks(insert, seriesId, minute, points));
          if (id != seriesId) {
            saveSpan(span, seriesId, seriesSpan);
            seriesSpan = 0;
          }
          seriesId = id;
          minute = pointMinute;
        }
        points.add(point);
      }
      seriesSpan = Math.max(seriesSpan, writeBlocks(insert, seriesId, minute, points));
      saveSpan(span, seriesId, seriesSpan);
      statement.executeUpdate(
          "UPDATE series SET"
              + " first_ms = (SELECT min(timestamp_ms) FROM point WHERE series_id = series.id),"
              + " last_ms = (SELECT max(timestamp_ms) FROM point WHERE series_id = series.id),"
              + " min_step = (SELECT min(step) FROM point WHERE series_id = series.id AND step >= 0),"
              + " max_step = (SELECT max(step) FROM point WHERE series_id = series.id AND step >= 0),"
              + " last_value = (SELECT value FROM point WHERE series_id = series.id"
              + "   ORDER BY timestamp_ms DESC, sequence DESC LIMIT 1)");
      statement.executeUpdate("DROP TABLE point");
    }
  }

  /** Writes the minute's points (then clears the list); returns the widest step span among the blocks written. */
  private static int writeBlocks(PreparedStatement insert, long seriesId, long minute, List<StoredPoint> points)
      throws SQLException {
    points.sort(Comparator.comparingLong(StoredPoint::sequence));
    int span = 0;
    int from = 0;
    while (from < points.size()) {
      long first = points.get(from).sequence();
      int to = from;
      while (to < points.size() && to - from < MAX_BLOCK_POINTS
          && points.get(to).sequence() - first <= Integer.MAX_VALUE) {
        to++;
      }
      List<StoredPoint> block = points.subList(from, to);
      WriterStatements.bindBlock(insert, seriesId, minute, block);
      insert.executeUpdate();
      span = Math.max(span, PointBlock.stepSpan(block));
      from = to;
    }
    points.clear();
    return span;
  }

  private static void saveSpan(PreparedStatement span, long seriesId, int stepSpan) throws SQLException {
    if (seriesId >= 0 && stepSpan > 0) {
      span.setInt(1, stepSpan);
      span.setLong(2, seriesId);
      span.executeUpdate();
    }
  }
}
