package dev.stepwise.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Deletes one trial component's points, kept minutes and series rows, inside the caller's transaction, in SQL that
 * SQLite and PostgreSQL both run; they differ only in the table that holds the points.
 */
public final class TrialComponentDeletion {
  private static final String SERIES = "SELECT id FROM series WHERE account = ? AND region = ? AND trial_component = ?";

  private TrialComponentDeletion() {}

  /** @return the points the trial component held, from its series' counts */
  public static long delete(Connection connection, String pointTable, String account, String region,
      String trialComponent) throws SQLException {
    long points;
    try (PreparedStatement count = connection.prepareStatement(
        "SELECT coalesce(sum(point_count), 0) FROM series WHERE account = ? AND region = ? AND trial_component = ?")) {
      bind(count, account, region, trialComponent);
      try (ResultSet row = count.executeQuery()) {
        row.next();
        points = row.getLong(1);
      }
    }
    for (String delete : List.of(
        "DELETE FROM " + pointTable + " WHERE series_id IN (" + SERIES + ")",
        "DELETE FROM minute_aggregate WHERE series_id IN (" + SERIES + ")",
        "DELETE FROM series WHERE account = ? AND region = ? AND trial_component = ?")) {
      try (PreparedStatement statement = connection.prepareStatement(delete)) {
        bind(statement, account, region, trialComponent);
        statement.executeUpdate();
      }
    }
    return points;
  }

  private static void bind(PreparedStatement statement, String account, String region, String trialComponent)
      throws SQLException {
    statement.setString(1, account);
    statement.setString(2, region);
    statement.setString(3, trialComponent);
  }
}
