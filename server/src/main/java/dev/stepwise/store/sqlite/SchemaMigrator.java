package dev.stepwise.store.sqlite;

import dev.stepwise.store.jdbc.ExperimentsMigration;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;

/**
 * Brings a database file up to the newest schema. Script {@code i} of {@link #SCRIPTS} takes the schema from
 * version {@code i} to {@code i + 1}; the version is SQLite's {@code PRAGMA user_version}, which lives in the
 * file header and changes in the same transaction as the script, so a crash mid-migration leaves the old
 * version and the old schema together.
 */
final class SchemaMigrator {
  /** In order; append new scripts, never edit a released one. */
  static final List<String> SCRIPTS = List.of("V1__schema.sql", "V2__point_blocks.sql", "V3__point_log.sql",
      "V4__experiments.sql");

  private static final String FOLDER = "/db/sqlite/";

  private SchemaMigrator() {}

  static int latestVersion() {
    return SCRIPTS.size();
  }

  /** Applies the missing scripts, each in its own transaction. */
  static void migrate(Connection connection) throws SQLException {
    migrate(connection, latestVersion());
  }

  /** Up to {@code target} only: how a test makes a database of an older version. */
  static void migrate(Connection connection, int target) throws SQLException {
    int current = userVersion(connection);
    if (current > latestVersion()) {
      throw new SQLException(
          "database schema version " + current + " is newer than this server knows (" + latestVersion()
              + "): run a newer Stepwise or restore an older backup");
    }
    for (int version = current + 1; version <= target; version++) {
      SqliteFile.begin(connection);
      try (Statement statement = connection.createStatement()) {
        for (String sql : statements(load(SCRIPTS.get(version - 1)))) {
          statement.executeUpdate(sql);
        }
        if (version == 2) {
          PointsToBlocks.move(connection);
        }
        if (version == 4) {
          ExperimentsMigration.run(connection, System.currentTimeMillis());
        }
        statement.executeUpdate("PRAGMA user_version = " + version);
        SqliteFile.commit(connection);
      } catch (SQLException e) {
        SqliteFile.rollback(connection);
        throw e;
      }
    }
  }

  static int userVersion(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("PRAGMA user_version")) {
      rows.next();
      return rows.getInt(1);
    }
  }

  /** Our scripts hold no triggers or string literals with ';', so splitting on ';' is enough. */
  static List<String> statements(String script) {
    String withoutComments = script.replaceAll("(?m)--.*$", "");
    return Arrays.stream(withoutComments.split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  private static String load(String name) {
    try (InputStream in = SchemaMigrator.class.getResourceAsStream(FOLDER + name)) {
      if (in == null) {
        throw new IllegalStateException("migration script " + FOLDER + name + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
