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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Brings the aggregates of the minutes a group stored points in up to date, inside the group's transaction and
 * under its trial components' advisory locks (so no other node changes those minutes meanwhile). No round trip of
 * its own in the usual case: the kept aggregates of every minute the group's candidates fall in are read in the
 * round trip that inserts the points ({@link #FIND_MANY}, bound by {@link #bindFind}), the group's points are merged
 * into them here, and {@link #UPSERT_MANY} (bound by {@link #bindUpsert}) writes each minute once, in the round trip
 * that commits. (A minute whose new points do not come after its kept sequence would be folded again from its
 * points, one extra round trip; with the lock and the sequence that does not happen.)
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

  /** The minutes the group may store points in: those whose kept aggregates {@link #FIND_MANY} reads. */
  private final Set<Key> expected = new LinkedHashSet<>();
  private final Map<Key, MinuteAggregate> kept = new HashMap<>();
  private final Map<Key, List<StoredPoint>> stored = new LinkedHashMap<>();
  private Map<Key, MinuteAggregate> updated;

  /** A point of this series and time may be stored by the group: its minute's kept aggregate is read. */
  void expect(long seriesId, long timestampMs) {
    expected.add(new Key(seriesId, Minutes.minuteOf(timestampMs)));
  }

  /** Binds {@link #FIND_MANY}'s two parameters from {@code first}. */
  void bindFind(Connection connection, PreparedStatement statement, int first) throws SQLException {
    statement.setArray(first, connection.createArrayOf("bigint", expected.stream().map(Key::seriesId).toArray()));
    statement.setArray(first + 1, connection.createArrayOf("bigint", expected.stream().map(Key::minuteMs).toArray()));
  }

  /** Reads {@link #FIND_MANY}'s rows. */
  void readKept(ResultSet rows) throws SQLException {
    while (rows.next()) {
      kept.put(
          new Key(rows.getLong(1), rows.getLong(2)),
          new MinuteAggregate(MinuteStatsCodec.decode(rows.getBytes(3)), rows.getLong(4)));
    }
  }

  void add(long seriesId, StoredPoint point) {
    Key key = new Key(seriesId, Minutes.minuteOf(point.timestampMs()));
    if (!expected.contains(key)) {
      throw new IllegalStateException("a point stored in minute " + key + ", whose kept aggregate was not read");
    }
    stored.computeIfAbsent(key, k -> new ArrayList<>()).add(point);
  }

  boolean isEmpty() {
    return stored.isEmpty();
  }

  /**
   * Merges each minute's stored points into its kept aggregate (or folds them from nothing): the aggregates
   * {@link #bindUpsert} then writes. Folds a minute again from its points, in a round trip, only when its new points
   * do not all come after its kept sequence.
   */
  void merge(Connection connection) throws SQLException {
    updated = new LinkedHashMap<>();
    PreparedStatement points = null;
    try {
      for (Map.Entry<Key, List<StoredPoint>> entry : stored.entrySet()) {
        Key key = entry.getKey();
        MinuteAggregate aggregate = kept.get(key);
        if (aggregate == null) {
          aggregate = MinuteAggregate.of(entry.getValue());
        } else if (!aggregate.extend(entry.getValue())) {
          if (points == null) {
            points = connection.prepareStatement(MinuteAggregateSql.MINUTE_POINTS);
          }
          aggregate = MinuteAggregate.of(MinuteAggregateSql.minutePoints(points, key.seriesId(), key.minuteMs()));
        }
        updated.put(key, aggregate);
      }
    } finally {
      if (points != null) {
        points.close();
      }
    }
  }

  /** Binds {@link #UPSERT_MANY}'s four parameters from {@code first}, after {@link #merge}. */
  void bindUpsert(Connection connection, PreparedStatement statement, int first) throws SQLException {
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
    statement.setArray(first, connection.createArrayOf("bigint", seriesIds));
    statement.setArray(first + 1, connection.createArrayOf("bigint", minutes));
    statement.setArray(first + 2, connection.createArrayOf("bytea", stats));
    statement.setArray(first + 3, connection.createArrayOf("bigint", maxSequences));
  }
}
