package dev.stepwise.store.memory;

import dev.stepwise.store.MetricStore;
import dev.stepwise.store.MetricStoreContract;
import dev.stepwise.store.StoreLimits;
import org.junit.jupiter.api.DisplayName;

@DisplayName("InMemoryMetricStore")
class InMemoryMetricStoreTest extends MetricStoreContract {
  @Override
  protected MetricStore createStore(StoreLimits limits) {
    return new InMemoryMetricStore(limits);
  }

  /** The reference folds its minutes from the points, so retention takes them too. */
  @Override
  protected boolean keepsMinuteAggregates() {
    return false;
  }
}
