package dev.stepwise.store.postgres;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Retention on PostgreSQL: one node at a time (a session advisory lock per schema; a node that finds it taken leaves
 * the pass to the node holding it), series by series, in chunks of at most {@link #CHUNK_POINTS} points, each its own
 * short transaction under its trial component's advisory lock, beside the node's writer rather than on it.
 *
 * <p>Cheap without a new index: a series' old points are the start of its range of the primary key (series_id,
 * timestamp_ms, ...), so finding which series have old points is one probe of the key per series, and each chunk
 * deletes rows found through it; the point table is never read whole, and ingest pays for no second index.
 */
final class PostgresRetention {
  /** "RETN": the class of the retention lock; its second key is the schema's hash. */
  static final int LOCK_CLASS = 0x5245544E;

  /** A short transaction: the longest a write to the same trial component waits for a chunk. */
  static final int CHUNK_POINTS = 10_000;

  static final String TRY_LOCK =
      "SELECT pg_try_advisory_lock(" + LOCK_CLASS + ", hashtext(current_schema()))";

  static final String UNLOCK = "SELECT pg_advisory_unlock(" + LOCK_CLASS + ", hashtext(current_schema()))";

  /** For each series, whether the first entry of its key range is old. */
  static final String OLD_SERIES =
      "SELECT s.id, s.account, s.region, s.trial_component FROM series s"
          + " WHERE EXISTS (SELECT 1 FROM point p WHERE p.series_id = s.id AND p.timestamp_ms < ?) ORDER BY s.id";

  /** Up to a chunk of one series' old points, and its point count with them. */
  static final String DROP_CHUNK =
      "WITH dropped AS (DELETE FROM point WHERE ctid = ANY (ARRAY("
          + "   SELECT ctid FROM point WHERE series_id = ? AND timestamp_ms < ? LIMIT ?)) RETURNING 1),"
          + " counted AS (SELECT count(*) AS n FROM dropped)"
          + " UPDATE series SET point_count = point_count - counted.n FROM counted WHERE series.id = ?"
          + " RETURNING counted.n";

  private final HikariDataSource pool;

  /** @param pool the writer's, which has a connection for this beside the writer's own */
  PostgresRetention(HikariDataSource pool) {
    this.pool = pool;
  }

  private record OldSeries(long id, String account, String region, String trialComponent) {}

  /** Drops the points of minutes before {@code cutoffMinute}; 0 at once when another node is doing it. */
  long run(long cutoffMinute) throws SQLException {
    Connection connection = pool.getConnection();
    boolean locked = false;
    try {
      locked = tryLock(connection);
      if (!locked) {
        return 0;
      }
      List<OldSeries> old = oldSeries(connection, cutoffMinute);
      long dropped = 0;
      for (OldSeries series : old) {
        long chunk;
        do {
          chunk = dropChunk(connection, series, cutoffMinute);
          dropped += chunk;
        } while (chunk == CHUNK_POINTS);
      }
      return dropped;
    } catch (SQLException | RuntimeException e) {
      rollbackQuietly(connection);
      throw e;
    } finally {
      release(connection, locked);
    }
  }

  static void bindChunk(PreparedStatement drop, long seriesId, long cutoffMinute, int limit) throws SQLException {
    drop.setLong(1, seriesId);
    drop.setLong(2, cutoffMinute);
    drop.setInt(3, limit);
    drop.setLong(4, seriesId);
  }

  private static boolean tryLock(Connection connection) throws SQLException {
    try (PreparedStatement lock = connection.prepareStatement(TRY_LOCK); ResultSet row = lock.executeQuery()) {
      row.next();
      boolean locked = row.getBoolean(1);
      connection.commit(); // a session lock outlives the transaction that took it
      return locked;
    }
  }

  private static List<OldSeries> oldSeries(Connection connection, long cutoffMinute) throws SQLException {
    List<OldSeries> old = new ArrayList<>();
    try (PreparedStatement find = connection.prepareStatement(OLD_SERIES)) {
      find.setLong(1, cutoffMinute);
      try (ResultSet rows = find.executeQuery()) {
        while (rows.next()) {
          old.add(new OldSeries(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4)));
        }
      }
    }
    connection.commit();
    return old;
  }

  /**
   * One chunk in one transaction, under the trial component's advisory lock: a writer of it reads the point count
   * under that lock, and must find it true until it commits (see {@link GroupTransaction}).
   */
  private static long dropChunk(Connection connection, OldSeries series, long cutoffMinute) throws SQLException {
    try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)");
        PreparedStatement drop = connection.prepareStatement(DROP_CHUNK)) {
      lock.setLong(1, TrialComponentLocks.key(series.account(), series.region(), series.trialComponent()));
      lock.execute();
      bindChunk(drop, series.id(), cutoffMinute, CHUNK_POINTS);
      long dropped;
      try (ResultSet row = drop.executeQuery()) {
        dropped = row.next() ? row.getLong(1) : 0;
      }
      connection.commit();
      return dropped;
    }
  }

  /** Unlocks and returns the connection; one that cannot unlock is closed for good, which unlocks too. */
  private void release(Connection connection, boolean locked) {
    try {
      if (locked) {
        try (PreparedStatement unlock = connection.prepareStatement(UNLOCK)) {
          unlock.execute();
          connection.commit();
        } catch (SQLException e) {
          pool.evictConnection(connection);
        }
      }
    } finally {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // returned to the pool, or evicted: nothing left to release
      }
    }
  }

  private static void rollbackQuietly(Connection connection) {
    try {
      connection.rollback();
    } catch (SQLException ignored) {
      // The connection is likely broken; the pool discards it, and the server ends its session and lock.
    }
  }
}
