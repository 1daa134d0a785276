package dev.stepwise.store.jdbc;

import dev.stepwise.stats.BucketStats;
import dev.stepwise.store.Partition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;

/** Reads the {@code stats} of series rows (see {@code MetricStore.seriesStats}), in the SQL both stores share. */
public final class SeriesStatsSql {
  private SeriesStatsSql() {}

  /** One series row: its statistics, or null when the row keeps none yet. */
  @FunctionalInterface
  public interface Row {
    void accept(String trialComponent, String metricName, BucketStats stats) throws SQLException;
  }

  /** Every series row of these trial components (of these metrics, when not empty). */
  public static void read(Connection connection, SqlDialect dialect, Partition partition,
      Collection<String> trialComponents, Collection<String> metricNames, Row row) throws SQLException {
    if (trialComponents.isEmpty()) {
      return;
    }
    String sql = "SELECT trial_component, metric_name, stats FROM series WHERE account = ? AND region = ? AND "
        + dialect.inList("trial_component")
        + (metricNames.isEmpty() ? "" : " AND " + dialect.inList("metric_name"));
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      select.setString(1, partition.account());
      select.setString(2, partition.region());
      dialect.bindTexts(select, 3, trialComponents);
      if (!metricNames.isEmpty()) {
        dialect.bindTexts(select, 4, metricNames);
      }
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          byte[] stats = rows.getBytes(3);
          row.accept(rows.getString(1), rows.getString(2), stats == null ? null : MinuteStatsCodec.decode(stats));
        }
      }
    }
  }
}
