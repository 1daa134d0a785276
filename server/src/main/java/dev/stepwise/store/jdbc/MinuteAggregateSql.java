package dev.stepwise.store.jdbc;

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
  /** A series' whole minutes in {@code [from, to)}: one lookup of the series, one range scan of the key. */
  public static final String KEPT_MINUTES =
      "SELECT m.minute_ms, m.stats FROM minute_aggregate m"
          + " WHERE m.series_id ="
          + " (SELECT id FROM series WHERE account = ? AND region = ? AND trial_component = ? AND metric_name = ?)"
          + " AND m.minute_ms >= ? AND m.minute_ms < ?"
          + " ORDER BY m.minute_ms";

  public static final String FIND =
      "SELECT m.stats, m.max_sequence"
          + " FROM minute_aggregate m WHERE m.series_id = ? AND m.minute_ms = ?";

  public static final String UPSERT =
      "INSERT INTO minute_aggregate (series_id, minute_ms, stats, max_sequence) VALUES (?, ?, ?, ?)"
          + " ON CONFLICT (series_id, minute_ms) DO UPDATE"
          + " SET stats = excluded.stats, max_sequence = excluded.max_sequence";

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
        if (!sink.accept(rows.getLong(1), MinuteStatsCodec.decode(rows.getBytes(2)))) {
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
      return new MinuteAggregate(MinuteStatsCodec.decode(row.getBytes(1)), row.getLong(2));
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
    upsert.setLong(1, seriesId);
    upsert.setLong(2, minuteMs);
    upsert.setBytes(3, MinuteStatsCodec.encode(aggregate.stats()));
    upsert.setLong(4, aggregate.maxSequence());
  }

  private MinuteAggregateSql() {}
}
