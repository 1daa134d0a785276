package dev.stepwise.store.postgres;

import dev.stepwise.store.PointSink;
import dev.stepwise.store.SeriesKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The two scans. Both order by the whole of an index, not just by the column the contract asks for, so that
 * every node, and the SQLite store, hands the aggregation the same points in the same order: floating-point sums
 * depend on the order, and "same result from any node" is meant to the last bit.
 */
final class SeriesScans {
  static final String SERIES_ID =
      "(SELECT id FROM series WHERE account = ? AND region = ? AND trial_component = ? AND metric_name = ?)";

  static final String BY_TIME =
      "SELECT timestamp_ms, step, value, sequence FROM point WHERE series_id = " + SERIES_ID
          + " AND timestamp_ms >= ? AND timestamp_ms < ?"
          + " ORDER BY timestamp_ms, step, value";

  /** "step >= 0" repeats the partial index's condition, and keeps step-less points (-1) out of any range. */
  static final String BY_STEP =
      "SELECT timestamp_ms, step, value, sequence FROM point WHERE series_id = " + SERIES_ID
          + " AND step >= 0 AND step >= ? AND step < ?"
          + " ORDER BY step, timestamp_ms, sequence";

  /** Rows fetched per round trip: scans stream through a cursor rather than loading a series into memory. */
  static final int FETCH_SIZE = 8_192;

  private SeriesScans() {}

  /** Runs one scan on a connection in a transaction (which a cursor needs); leaves the transaction open. */
  static void scan(Connection connection, String sql, SeriesKey series, long from, long to, PointSink sink)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setFetchSize(FETCH_SIZE);
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
  }
}
