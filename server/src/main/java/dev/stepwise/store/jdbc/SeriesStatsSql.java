package dev.stepwise.store.jdbc;

import dev.stepwise.stats.BucketStats;
import dev.stepwise.store.Partition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/** Reads the {@code stats} of series rows (see {@code MetricStore.seriesStats}), in the SQL both stores share. */
public final class SeriesStatsSql {
  private SeriesStatsSql() {}

  /** One series row: its statistics, or null when the row keeps none yet. */
  @FunctionalInterface
  public interface Row {
    void accept(String trialComponent, String metricName, BucketStats stats) throws SQLException;
  }

  /**
   * Beyond this many trial components, a few named metrics are read by metric (an index range per metric, then a
   * filter here) rather than by trial component (an index probe per trial component and metric).
   */
  static final int BY_METRIC_FROM = 256;

  /** Every series row of these trial components (of these metrics, when not empty). */
  public static void read(Connection connection, SqlDialect dialect, Partition partition,
      Collection<String> trialComponents, Collection<String> metricNames, Row row) throws SQLException {
    if (trialComponents.isEmpty()) {
      return;
    }
    boolean byMetric = !metricNames.isEmpty() && trialComponents.size() >= BY_METRIC_FROM;
    String sql = "SELECT trial_component, metric_name, stats FROM series WHERE account = ? AND region = ? AND "
        + (byMetric
            ? dialect.inList("metric_name")
            : dialect.inList("trial_component")
                + (metricNames.isEmpty() ? "" : " AND " + dialect.inList("metric_name")));
    Set<String> wanted = byMetric ? new HashSet<>(trialComponents) : null;
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      select.setString(1, partition.account());
      select.setString(2, partition.region());
      if (byMetric) {
        dialect.bindTexts(select, 3, metricNames);
      } else {
        dialect.bindTexts(select, 3, trialComponents);
        if (!metricNames.isEmpty()) {
          dialect.bindTexts(select, 4, metricNames);
        }
      }
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          String trialComponent = rows.getString(1);
          if (wanted != null && !wanted.contains(trialComponent)) {
            continue;
          }
          byte[] stats = rows.getBytes(3);
          row.accept(trialComponent, rows.getString(2), stats == null ? null : MinuteStatsCodec.decode(stats));
        }
      }
    }
  }
}
