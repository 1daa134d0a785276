package dev.stepwise.store.cassandra;

import dev.stepwise.store.MetricStore;
import dev.stepwise.store.MetricStoreContract;
import dev.stepwise.store.StoreLimits;
import dev.stepwise.testing.CassandraTestCluster;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The storage contract, unchanged, against a real three-node Cassandra cluster: each store on an empty keyspace of
 * its own (a keyspace whose store was closed is emptied and used again).
 */
@EnabledIfEnvironmentVariable(named = CassandraTestCluster.CONTACT_POINTS_VARIABLE, matches = ".+")
@DisplayName("CassandraMetricStore")
class CassandraMetricStoreTest extends MetricStoreContract {
  private static final CassandraTestCluster cluster = new CassandraTestCluster();
  private static final Map<CassandraMetricStore, String> inUse = new HashMap<>();

  @Override
  protected MetricStore createStore(StoreLimits limits) {
    synchronized (inUse) {
      inUse.entrySet().removeIf(e -> {
        if (e.getKey().isClosed()) {
          cluster.release(e.getValue());
          return true;
        }
        return false;
      });
      CassandraSettings settings = cluster.acquire();
      CassandraMetricStore store = new CassandraMetricStore(settings, limits, 8, 1_024, Clock.systemUTC());
      inUse.put(store, settings.keyspace());
      return store;
    }
  }

  @AfterAll
  static void dropKeyspaces() {
    synchronized (inUse) {
      inUse.keySet().forEach(CassandraMetricStore::close);
      inUse.clear();
      cluster.close();
    }
  }
}
