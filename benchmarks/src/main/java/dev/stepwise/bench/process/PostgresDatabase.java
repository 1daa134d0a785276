package dev.stepwise.bench.process;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A throwaway PostgreSQL database for one run, created through the server's {@code postgres} database and dropped
 * at the end. When {@code STEPWISE_BENCH_POSTGRES_URL} names a database, that one is used as it is and kept.
 */
public final class PostgresDatabase implements AutoCloseable {
  public static final String URL_VARIABLE = "STEPWISE_BENCH_POSTGRES_URL";
  private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
  private static final String ADMIN_URL = SERVER + "postgres?user=root";

  private final String url;
  private final String createdName;

  private PostgresDatabase(String url, String createdName) {
    this.url = url;
    this.createdName = createdName;
  }

  public static PostgresDatabase create(String name) throws SQLException {
    String given = System.getenv(URL_VARIABLE);
    if (given != null && !given.isBlank()) {
      return new PostgresDatabase(given, null);
    }
    try (Connection admin = DriverManager.getConnection(ADMIN_URL); Statement sql = admin.createStatement()) {
      sql.execute("CREATE DATABASE " + name);
    }
    return new PostgresDatabase(SERVER + name + "?user=root", name);
  }

  public String url() {
    return url;
  }

  /**
   * {@code VACUUM (ANALYZE)} of the database at {@code url}: what autovacuum does by itself within a minute or so
   * of a bulk load, done at once (as pgbench vacuums before it measures). Without statistics the planner takes a
   * freshly loaded table for an almost empty one and plans a series' kept minutes as a bitmap scan and a sort.
   */
  public static void vacuumAnalyze(String url) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url); Statement sql = connection.createStatement()) {
      sql.execute("VACUUM (ANALYZE)");
    }
  }

  /** The postmaster of the server at {@code url} and all its processes, found through a backend's parent. */
  public static ProcessCpu serverCpu(String url) {
    try (Connection connection = DriverManager.getConnection(url);
        Statement sql = connection.createStatement();
        java.sql.ResultSet row = sql.executeQuery("SELECT pg_backend_pid()")) {
      row.next();
      return ProcessCpu.withChildren(ProcessCpu.parentOf(row.getLong(1)));
    } catch (SQLException e) {
      throw new IllegalStateException("cannot find PostgreSQL's processes: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws SQLException {
    if (createdName != null) {
      try (Connection admin = DriverManager.getConnection(ADMIN_URL); Statement sql = admin.createStatement()) {
        sql.execute("DROP DATABASE IF EXISTS " + createdName + " WITH (FORCE)");
      }
    }
  }
}
