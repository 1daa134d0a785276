package dev.stepwise.store.postgres;

import dev.stepwise.store.jdbc.ExperimentsMigration;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Brings the database (the connection's current schema) up to the newest version. Script {@code i} of
 * {@link #SCRIPTS} takes it from version {@code i} to {@code i + 1}; each applied version is a row of
 * {@code stepwise_schema_history}, written in the same transaction as its script. A session-level advisory lock
 * around the whole migration makes nodes that start together take turns: the first applies the scripts, the
 * others find them applied.
 */
final class SchemaMigrator {
  /** In order; append new scripts, never edit a released one. */
  static final List<String> SCRIPTS = List.of("V1__schema.sql", "V2__covering_minutes.sql", "V3__experiments.sql");

  /** An arbitrary constant that names "Stepwise's schema migration" among the database's advisory locks. */
  static final long MIGRATION_LOCK = 0x5354_4550_5749_5345L; // "STEPWISE"

  private static final String FOLDER = "/db/postgres/";

  private SchemaMigrator() {}

  static int latestVersion() {
    return SCRIPTS.size();
  }

  /** Applies the missing scripts, each in its own transaction. Leaves the connection in auto-commit off. */
  static void migrate(Connection connection) throws SQLException {
    connection.setAutoCommit(true);
    try (Statement statement = connection.createStatement()) {
      statement.execute("SELECT pg_advisory_lock(" + MIGRATION_LOCK + ")");
      try {
        statement.execute(
            "CREATE TABLE IF NOT EXISTS stepwise_schema_history ("
                + " version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())");
        int current = currentVersion(statement);
        if (current > latestVersion()) {
          throw new SQLException(
              "database schema version " + current + " is newer than this server knows (" + latestVersion()
                  + "): run a newer Stepwise on every node");
        }
        connection.setAutoCommit(false);
        for (int version = current + 1; version <= latestVersion(); version++) {
          try {
            statement.execute(load(SCRIPTS.get(version - 1)));
            if (version == 3) {
              ExperimentsMigration.run(connection, System.currentTimeMillis());
            }
            statement.execute("INSERT INTO stepwise_schema_history (version) VALUES (" + version + ")");
            connection.commit();
          } catch (SQLException e) {
            connection.rollback();
            throw e;
          }
        }
      } finally {
        connection.setAutoCommit(true);
        statement.execute("SELECT pg_advisory_unlock(" + MIGRATION_LOCK + ")");
        connection.setAutoCommit(false);
      }
    }
  }

  static int currentVersion(Statement statement) throws SQLException {
    try (ResultSet row = statement.executeQuery("SELECT coalesce(max(version), 0) FROM stepwise_schema_history")) {
      row.next();
      return row.getInt(1);
    }
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
