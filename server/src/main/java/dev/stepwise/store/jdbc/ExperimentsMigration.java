package dev.stepwise.store.jdbc;

import dev.stepwise.stats.BucketStats;
import dev.stepwise.store.Partition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The data part of the schema version that added the control plane (SQLite 4, PostgreSQL 3), run in the same
 * transaction as its script: every series gets its statistics, merged from its kept minutes in minute order, and
 * every trial component that has metrics becomes an entity, created at its first kept minute (the closest to "when
 * its first point arrived" that the tables know).
 */
public final class ExperimentsMigration {
  private ExperimentsMigration() {}

  public static void run(Connection connection, long nowMs) throws SQLException {
    fillSeriesStats(connection);
    createTrialComponents(connection, nowMs);
  }

  private static void fillSeriesStats(Connection connection) throws SQLException {
    try (PreparedStatement minutes = connection.prepareStatement(
            "SELECT series_id, stats FROM minute_aggregate ORDER BY series_id, minute_ms");
        PreparedStatement update = connection.prepareStatement("UPDATE series SET stats = ? WHERE id = ?");
        ResultSet rows = minutes.executeQuery()) {
      long current = -1;
      BucketStats total = null;
      while (rows.next()) {
        long seriesId = rows.getLong(1);
        if (seriesId != current) {
          write(update, current, total);
          current = seriesId;
          total = new BucketStats();
        }
        total.merge(MinuteStatsCodec.decode(rows.getBytes(2)));
      }
      write(update, current, total);
    }
  }

  private static void write(PreparedStatement update, long seriesId, BucketStats total) throws SQLException {
    if (total != null && total.count() > 0) {
      update.setBytes(1, MinuteStatsCodec.encode(total));
      update.setLong(2, seriesId);
      update.executeUpdate();
    }
  }

  private static void createTrialComponents(Connection connection, long nowMs) throws SQLException {
    try (PreparedStatement components = connection.prepareStatement(
            "SELECT s.account, s.region, s.trial_component, min(m.minute_ms) FROM series s"
                + " LEFT JOIN minute_aggregate m ON m.series_id = s.id"
                + " GROUP BY s.account, s.region, s.trial_component");
        PreparedStatement insert = connection.prepareStatement(EntityTables.INSERT_IF_ABSENT);
        ResultSet rows = components.executeQuery()) {
      while (rows.next()) {
        long firstMinute = rows.getLong(4);
        long created = rows.wasNull() ? nowMs : firstMinute;
        EntityTables.bindImplicitTrialComponent(
            insert, new Partition(rows.getString(1), rows.getString(2)), rows.getString(3), created);
        insert.executeUpdate();
      }
    }
  }
}
