package dev.stepwise.store.sqlite;

import dev.stepwise.store.MetricStore;
import dev.stepwise.store.MetricStoreContract;
import dev.stepwise.store.StoreLimits;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("SqliteMetricStore")
class SqliteMetricStoreTest extends MetricStoreContract {
  @TempDir Path dataDir;
  private final AtomicInteger stores = new AtomicInteger();

  @Override
  protected MetricStore createStore(StoreLimits limits) {
    return new SqliteMetricStore(dataDir.resolve("store-" + stores.incrementAndGet()), limits, 1_024);
  }
}
