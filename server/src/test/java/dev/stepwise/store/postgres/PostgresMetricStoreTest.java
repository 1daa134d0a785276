package dev.stepwise.store.postgres;

import dev.stepwise.store.MetricStore;
import dev.stepwise.store.MetricStoreContract;
import dev.stepwise.store.StoreLimits;
import dev.stepwise.testing.PostgresTestDatabase;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The storage contract, unchanged, against a real PostgreSQL: one fresh schema per store. */
@EnabledIfEnvironmentVariable(named = PostgresTestDatabase.URL_VARIABLE, matches = ".+")
@DisplayName("PostgresMetricStore")
class PostgresMetricStoreTest extends MetricStoreContract {
  private static final List<PostgresTestDatabase> databases = new ArrayList<>();

  @Override
  protected MetricStore createStore(StoreLimits limits) {
    try {
      PostgresTestDatabase db = new PostgresTestDatabase();
      synchronized (databases) {
        databases.add(db);
      }
      return new PostgresMetricStore(db.url(), db.url(), limits, 1_024);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterAll
  static void dropSchemas() throws SQLException {
    synchronized (databases) {
      for (PostgresTestDatabase db : databases) {
        db.close();
      }
      databases.clear();
    }
  }
}
