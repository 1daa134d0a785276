package dev.stepwise.store.jdbc;

import dev.stepwise.stats.BucketStats;
import dev.stepwise.store.MinuteAggregate;
import dev.stepwise.store.MinuteAggregate.StoredPoint;
import dev.stepwise.store.MinuteSink;
import dev.stepwise.store.Minutes;
import dev.stepwise.store.SeriesKey;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code minute_aggregate} table in SQL that SQLite and PostgreSQL both run: reading kept minutes for a query,
 * reading one for the writer, writing one back, and reading a minute's points to fold it again.
 */
public final class MinuteAggregateSql {
  static final String STATS_COLUMNS =
      "m.count, m.min, m.max, m.mean, m.m2, m.last_timestamp_ms, m.last_sequence, m.last_value";

  /** A series' whole minutes in {@code [from, to)}: one lookup of the series, one range scan of the key. */
  public static final String KEPT_MINUTES =
      "SELECT m.minute_ms, " + STATS_COLUMNS + " FROM minute_aggregate m"
          + " WHERE m.series_id ="
          + " (SELECT id FROM series WHERE account = ? AND region = ? AND trial_component = ? AND metric_name = ?)"
          + " AND m.minute_ms >= ? AND m.minute_ms < ?"
          + " ORDER BY m.minute_ms";

  public static final String FIND =
      "SELECT " + STATS_COLUMNS + ", m.max_sequence"
          + " FROM minute_aggregate m WHERE m.series_id = ? AND m.minute_ms = ?";

  public static final String UPSERT =
      "INSERT INTO minute_aggregate (series_id, minute_ms, count, min, max, mean, m2, last_timestamp_ms,"
          + " last_sequence, last_value, max_sequence)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (series_id, minute_ms) DO UPDATE SET count = excluded.count, min = excluded.min,"
          + " max = excluded.max, mean = excluded.mean, m2 = excluded.m2,"
          + " last_timestamp_ms = excluded.last_timestamp_ms, last_sequence = excluded.last_sequence,"
          + " last_value = excluded.last_value, max_sequence = excluded.max_sequence";

  /** One minute's points, in any order (they are folded in sequence order). */
  public static final String MINUTE_POINTS =
      "SELECT timestamp_ms, step, value, sequence FROM point"
          + " WHERE series_id = ? AND timestamp_ms >= ? AND timestamp_ms < ?";

  /** Runs {@link #KEPT_MINUTES}; returns false when the sink stopped the scan. */
  public static boolean scanKept(PreparedStatement kept, SeriesKey series, long fromMinute, long toMinute,
      MinuteSink sink) throws SQLException {
    kept.setString(1, series.account());
    kept.setString(2, series.region());
    kept.setString(3, series.trialComponent());
    kept.setString(4, series.metricName());
    kept.setLong(5, fromMinute);
    kept.setLong(6, toMinute);
    try (ResultSet rows = kept.executeQuery()) {
      while (rows.next()) {
        if (!sink.accept(rows.getLong(1), stats(rows, 2))) {
          return false;
        }
      }
    }
    return true;
  }

  /** Runs {@link #FIND}: the kept aggregate, or null when the minute has none yet. */
  public static MinuteAggregate find(PreparedStatement find, long seriesId, long minuteMs) throws SQLException {
    find.setLong(1, seriesId);
    find.setLong(2, minuteMs);
    try (ResultSet row = find.executeQuery()) {
      if (!row.next()) {
        return null;
      }
      return new MinuteAggregate(stats(row, 1), row.getLong(9));
    }
  }

  /** Runs {@link #MINUTE_POINTS}. */
  public static List<StoredPoint> minutePoints(PreparedStatement points, long seriesId, long minuteMs)
      throws SQLException {
    points.setLong(1, seriesId);
    points.setLong(2, minuteMs);
    points.setLong(3, minuteMs + Minutes.MINUTE_MS);
    List<StoredPoint> result = new ArrayList<>();
    try (ResultSet rows = points.executeQuery()) {
      while (rows.next()) {
        result.add(new StoredPoint(rows.getLong(1), rows.getInt(2), rows.getDouble(3), rows.getLong(4)));
      }
    }
    return result;
  }

  /** Binds {@link #UPSERT}'s parameters, for a single or a batched execution. */
  public static void bindUpsert(PreparedStatement upsert, long seriesId, long minuteMs, MinuteAggregate aggregate)
      throws SQLException {
    BucketStats stats = aggregate.stats();
    upsert.setLong(1, seriesId);
    upsert.setLong(2, minuteMs);
    upsert.setLong(3, stats.count());
    upsert.setDouble(4, stats.min());
    upsert.setDouble(5, stats.max());
    upsert.setDouble(6, stats.mean());
    upsert.setDouble(7, stats.m2());
    upsert.setLong(8, stats.lastTimestampMs());
    upsert.setLong(9, stats.lastSequence());
    upsert.setDouble(10, stats.last());
    upsert.setLong(11, aggregate.maxSequence());
  }

  private static BucketStats stats(ResultSet row, int first) throws SQLException {
    return BucketStats.restore(
        row.getLong(first), row.getDouble(first + 1), row.getDouble(first + 2), row.getDouble(first + 3),
        row.getDouble(first + 4), row.getLong(first + 5), row.getLong(first + 6), row.getDouble(first + 7));
  }

  private MinuteAggregateSql() {}
}
