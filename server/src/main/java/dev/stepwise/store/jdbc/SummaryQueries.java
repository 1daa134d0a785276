package dev.stepwise.store.jdbc;

import dev.stepwise.store.NewPoint;
import dev.stepwise.store.Partition;
import dev.stepwise.store.SeriesKey;
import dev.stepwise.store.SeriesSummary;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The listing queries over a store's {@code series} table, given the query that yields a partition's series
 * summaries (trial component, metric name, point count, first and last timestamp, smallest and largest step or
 * NULLs, last value), with account and region as its two parameters.
 */
public final class SummaryQueries {
  /**
   * Over the {@code point} table of one row per point (PostgreSQL; see its V1 script). Each subquery is an index
   * lookup per series (a min or max over an index prefix, or the top of one), so a listing costs per series, not
   * per point.
   */
  public static final SummaryQueries OVER_POINT_TABLE = new SummaryQueries(
      "SELECT s.trial_component, s.metric_name, s.point_count,"
          + " (SELECT min(p.timestamp_ms) FROM point p WHERE p.series_id = s.id),"
          + " (SELECT max(p.timestamp_ms) FROM point p WHERE p.series_id = s.id),"
          + " (SELECT min(p.step) FROM point p WHERE p.series_id = s.id AND p.step >= 0),"
          + " (SELECT max(p.step) FROM point p WHERE p.series_id = s.id AND p.step >= 0),"
          + " (SELECT p.value FROM point p WHERE p.series_id = s.id"
          + "   ORDER BY p.timestamp_ms DESC, p.sequence DESC LIMIT 1)"
          + " FROM series s WHERE s.account = ? AND s.region = ? AND s.point_count > 0");

  static final String PARTITIONS =
      "SELECT DISTINCT account, region FROM series WHERE point_count > 0 ORDER BY account, region";

  private final String summaries;
  private final String oneSummary;

  /** @param summaryColumns the partition's summaries; "s" must name the series table */
  public SummaryQueries(String summaryColumns) {
    this.summaries = summaryColumns + " ORDER BY s.trial_component, s.metric_name";
    this.oneSummary = summaryColumns + " AND s.trial_component = ? AND s.metric_name = ?";
  }

  public static List<Partition> partitions(Connection connection) throws SQLException {
    List<Partition> partitions = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(PARTITIONS);
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        partitions.add(new Partition(rows.getString(1), rows.getString(2)));
      }
    }
    return partitions;
  }

  public List<SeriesSummary> summarize(Connection connection, Partition partition) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(summaries)) {
      statement.setString(1, partition.account());
      statement.setString(2, partition.region());
      return summaries(statement);
    }
  }

  public Optional<SeriesSummary> summarize(Connection connection, SeriesKey series) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(oneSummary)) {
      statement.setString(1, series.account());
      statement.setString(2, series.region());
      statement.setString(3, series.trialComponent());
      statement.setString(4, series.metricName());
      return summaries(statement).stream().findFirst();
    }
  }

  private static List<SeriesSummary> summaries(PreparedStatement statement) throws SQLException {
    List<SeriesSummary> summaries = new ArrayList<>();
    try (ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        int minStep = rows.getInt(6);
        boolean noStep = rows.wasNull();
        summaries.add(
            new SeriesSummary(
                rows.getString(1),
                rows.getString(2),
                rows.getLong(3),
                rows.getLong(4),
                rows.getLong(5),
                noStep ? NewPoint.NO_STEP : minStep,
                noStep ? NewPoint.NO_STEP : rows.getInt(7),
                rows.getDouble(8)));
      }
    }
    return summaries;
  }
}
