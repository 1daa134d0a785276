package dev.stepwise.store.sqlite;

import dev.stepwise.store.MetricStore;
import dev.stepwise.store.MetricStoreContract;
import dev.stepwise.store.StoreLimits;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract with the production fold policy: the contract's small workloads mostly read while their points are
 * still in the log. {@link SqliteFoldedStoreTest} and {@link SqliteUnfoldedStoreTest} pin each path down.
 */
@DisplayName("SqliteMetricStore")
class SqliteMetricStoreTest extends MetricStoreContract {
  @TempDir Path dataDir;
  private final AtomicInteger stores = new AtomicInteger();

  /** When the store under test folds its point log. */
  FoldPolicy foldPolicy() {
    return FoldPolicy.DEFAULT;
  }

  @Override
  protected MetricStore createStore(StoreLimits limits) {
    return new SqliteMetricStore(dataDir.resolve("store-" + stores.incrementAndGet()), limits, 1_024,
        Tuning.DEFAULT.withFold(foldPolicy()));
  }
}
