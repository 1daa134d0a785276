package dev.stepwise.store.postgres;

import dev.stepwise.stats.BucketStats;
import dev.stepwise.store.MinuteAggregate;
import dev.stepwise.store.MinuteAggregate.StoredPoint;
import dev.stepwise.store.Minutes;
import dev.stepwise.store.jdbc.MinuteAggregateSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Brings the aggregates of the minutes a group stored points in up to date, inside the group's transaction and
 * under its trial components' advisory locks (so no other node changes those minutes meanwhile): one round trip
 * reads the kept aggregates, one writes them all back. (A minute whose new points do not come after its kept
 * sequence would be folded again from its points; with the lock and the sequence that does not happen.)
 */
final class MinuteUpdates {
  static final String FIND_MANY =
      "SELECT m.series_id, m.minute_ms, m.count, m.min, m.max, m.mean, m.m2, m.last_timestamp_ms, m.last_sequence,"
          + " m.last_value, m.max_sequence"
          + " FROM unnest(?::bigint[], ?::bigint[]) AS u(s, mi)"
          + " JOIN minute_aggregate m ON m.series_id = u.s AND m.minute_ms = u.mi";

  static final String UPSERT_MANY =
      "INSERT INTO minute_aggregate (series_id, minute_ms, count, min, max, mean, m2, last_timestamp_ms,"
          + " last_sequence, last_value, max_sequence)"
          + " SELECT * FROM unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::float8[], ?::float8[], ?::float8[],"
          + " ?::float8[], ?::bigint[], ?::bigint[], ?::float8[], ?::bigint[])"
          + " ON CONFLICT (series_id, minute_ms) DO UPDATE SET count = excluded.count, min = excluded.min,"
          + " max = excluded.max, mean = excluded.mean, m2 = excluded.m2,"
          + " last_timestamp_ms = excluded.last_timestamp_ms, last_sequence = excluded.last_sequence,"
          + " last_value = excluded.last_value, max_sequence = excluded.max_sequence";

  private record Key(long seriesId, long minuteMs) {}

  private final Map<Key, List<StoredPoint>> stored = new LinkedHashMap<>();

  void add(long seriesId, StoredPoint point) {
    stored.computeIfAbsent(new Key(seriesId, Minutes.minuteOf(point.timestampMs())), k -> new ArrayList<>())
        .add(point);
  }

  void write(Connection connection) throws SQLException {
    if (stored.isEmpty()) {
      return;
    }
    Map<Key, MinuteAggregate> kept = findKept(connection);
    Map<Key, MinuteAggregate> updated = new LinkedHashMap<>();
    try (PreparedStatement points = connection.prepareStatement(MinuteAggregateSql.MINUTE_POINTS)) {
      for (Map.Entry<Key, List<StoredPoint>> entry : stored.entrySet()) {
        Key key = entry.getKey();
        MinuteAggregate aggregate = kept.get(key);
        if (aggregate == null) {
          aggregate = MinuteAggregate.of(entry.getValue());
        } else if (!aggregate.extend(entry.getValue())) {
          aggregate = MinuteAggregate.of(MinuteAggregateSql.minutePoints(points, key.seriesId(), key.minuteMs()));
        }
        updated.put(key, aggregate);
      }
    }
    upsert(connection, updated);
  }

  private Map<Key, MinuteAggregate> findKept(Connection connection) throws SQLException {
    Map<Key, MinuteAggregate> kept = new HashMap<>();
    try (PreparedStatement find = connection.prepareStatement(FIND_MANY)) {
      find.setArray(1, connection.createArrayOf("bigint", stored.keySet().stream().map(Key::seriesId).toArray()));
      find.setArray(2, connection.createArrayOf("bigint", stored.keySet().stream().map(Key::minuteMs).toArray()));
      try (ResultSet rows = find.executeQuery()) {
        while (rows.next()) {
          BucketStats stats = BucketStats.restore(
              rows.getLong(3), rows.getDouble(4), rows.getDouble(5), rows.getDouble(6), rows.getDouble(7),
              rows.getLong(8), rows.getLong(9), rows.getDouble(10));
          kept.put(
              new Key(rows.getLong(1), rows.getLong(2)),
              new MinuteAggregate(stats, rows.getLong(11)));
        }
      }
    }
    return kept;
  }

  private static void upsert(Connection connection, Map<Key, MinuteAggregate> updated) throws SQLException {
    int n = updated.size();
    Object[][] columns = new Object[11][n];
    int i = 0;
    for (Map.Entry<Key, MinuteAggregate> entry : updated.entrySet()) {
      MinuteAggregate aggregate = entry.getValue();
      BucketStats stats = aggregate.stats();
      Object[] row = {
        entry.getKey().seriesId(), entry.getKey().minuteMs(), stats.count(), stats.min(), stats.max(), stats.mean(),
        stats.m2(), stats.lastTimestampMs(), stats.lastSequence(), stats.last(), aggregate.maxSequence()
      };
      for (int c = 0; c < row.length; c++) {
        columns[c][i] = row[c];
      }
      i++;
    }
    String[] types = {
      "bigint", "bigint", "bigint", "float8", "float8", "float8", "float8", "bigint", "bigint", "float8", "bigint"
    };
    try (PreparedStatement upsert = connection.prepareStatement(UPSERT_MANY)) {
      for (int c = 0; c < types.length; c++) {
        upsert.setArray(c + 1, connection.createArrayOf(types[c], columns[c]));
      }
      upsert.executeUpdate();
    }
  }
}
