package dev.stepwise.store.postgres;

import dev.stepwise.store.MinuteAggregate;
import dev.stepwise.store.MinuteAggregate.StoredPoint;
import dev.stepwise.store.Minutes;
import dev.stepwise.store.jdbc.MinuteAggregateSql;
import dev.stepwise.store.jdbc.MinuteStatsCodec;
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
      "SELECT m.series_id, m.minute_ms, m.stats, m.max_sequence"
          + " FROM unnest(?::bigint[], ?::bigint[]) AS u(s, mi)"
          + " JOIN minute_aggregate m ON m.series_id = u.s AND m.minute_ms = u.mi";

  static final String UPSERT_MANY =
      "INSERT INTO minute_aggregate (series_id, minute_ms, stats, max_sequence)"
          + " SELECT * FROM unnest(?::bigint[], ?::bigint[], ?::bytea[], ?::bigint[])"
          + " ON CONFLICT (series_id, minute_ms) DO UPDATE"
          + " SET stats = excluded.stats, max_sequence = excluded.max_sequence";

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
          kept.put(
              new Key(rows.getLong(1), rows.getLong(2)),
              new MinuteAggregate(MinuteStatsCodec.decode(rows.getBytes(3)), rows.getLong(4)));
        }
      }
    }
    return kept;
  }

  private static void upsert(Connection connection, Map<Key, MinuteAggregate> updated) throws SQLException {
    int n = updated.size();
    Long[] seriesIds = new Long[n];
    Long[] minutes = new Long[n];
    byte[][] stats = new byte[n][];
    Long[] maxSequences = new Long[n];
    int i = 0;
    for (Map.Entry<Key, MinuteAggregate> entry : updated.entrySet()) {
      seriesIds[i] = entry.getKey().seriesId();
      minutes[i] = entry.getKey().minuteMs();
      stats[i] = MinuteStatsCodec.encode(entry.getValue().stats());
      maxSequences[i] = entry.getValue().maxSequence();
      i++;
    }
    try (PreparedStatement upsert = connection.prepareStatement(UPSERT_MANY)) {
      upsert.setArray(1, connection.createArrayOf("bigint", seriesIds));
      upsert.setArray(2, connection.createArrayOf("bigint", minutes));
      upsert.setArray(3, connection.createArrayOf("bytea", stats));
      upsert.setArray(4, connection.createArrayOf("bigint", maxSequences));
      upsert.executeUpdate();
    }
  }
}
