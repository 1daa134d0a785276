package dev.stepwise.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A throwaway schema in the PostgreSQL named by {@code STEPWISE_TEST_POSTGRES_URL} (CI always sets it; see
 * README), dropped again by {@link #close()}.
 */
public final class PostgresTestDatabase implements AutoCloseable {
  public static final String URL_VARIABLE = "STEPWISE_TEST_POSTGRES_URL";

  private final String baseUrl;
  private final String schema;


  public PostgresTestDatabase() throws SQLException {
    baseUrl = System.getenv(URL_VARIABLE);
    if (baseUrl == null || baseUrl.isBlank()) {
      throw new IllegalStateException(URL_VARIABLE + " is not set");
    }
    schema = "stepwise_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    execute("CREATE SCHEMA " + schema);
  }

  /** The JDBC URL of the schema, with the host and port replaced (to go through a proxy). */
  public String url(String hostAndPort) {
    String url = baseUrl.replaceFirst("//[^/]+/", "//" + hostAndPort + "/");
    return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  public String schema() {
    return schema;
  }

  public String url() {
    return url(baseUrl.replaceFirst("^jdbc:postgresql://([^/]+)/.*$", "$1"));
  }

  /** Runs a statement on the base URL (not inside the schema unless it names it). */
  public void execute(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(baseUrl);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  @Override
  public void close() throws SQLException {
    execute("DROP SCHEMA " + schema + " CASCADE");
  }
}
