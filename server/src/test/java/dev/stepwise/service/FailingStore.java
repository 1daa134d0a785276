package dev.stepwise.service;

import dev.stepwise.store.AppendBatch;
import dev.stepwise.store.AppendOutcome;
import dev.stepwise.store.ExperimentStore;
import dev.stepwise.store.MetricStore;
import dev.stepwise.store.Partition;
import dev.stepwise.store.PointSink;
import dev.stepwise.store.SeriesKey;
import dev.stepwise.store.SeriesSummary;
import dev.stepwise.store.StoreException;
import dev.stepwise.store.StoreOverloadedException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A store that fails every call with a given exception, either thrown at once or through the append's future: the
 * store faults that are hard to provoke in a real store. Its messages carry the kind of internals (SQL, paths) that
 * must never reach a caller.
 */
final class FailingStore implements MetricStore {
  static final String INTERNALS = "SQLITE_BUSY: INSERT INTO points failed for /var/lib/stepwise/metrics.db";

  private final StoreException failure;
  private final boolean throwAtOnce;

  FailingStore(StoreException failure, boolean throwAtOnce) {
    this.failure = failure;
    this.throwAtOnce = throwAtOnce;
  }

  /** Every control-plane call fails the same way. */
  @Override
  public ExperimentStore experiments() {
    return (ExperimentStore) Proxy.newProxyInstance(ExperimentStore.class.getClassLoader(),
        new Class<?>[] {ExperimentStore.class}, (proxy, method, arguments) -> {
          throw failure;
        });
  }

  @Override
  public CompletableFuture<Long> dropPointsBefore(long cutoffMs) {
    return CompletableFuture.failedFuture(failure);
  }

  @Override
  public CompletableFuture<Long> deleteTrialComponent(String account, String region, String trialComponent) {
    if (throwAtOnce) {
      throw failure;
    }
    return CompletableFuture.failedFuture(failure);
  }

  @Override
  public CompletableFuture<List<AppendOutcome>> append(AppendBatch batch) {
    if (throwAtOnce) {
      throw failure;
    }
    return CompletableFuture.failedFuture(failure);
  }

  /** An overloaded store says so before it is asked to append. */
  @Override
  public boolean hasRoomForWrites() {
    return !(failure instanceof StoreOverloadedException);
  }

  @Override
  public List<Partition> partitions() {
    throw failure;
  }

  @Override
  public List<SeriesSummary> summarize(Partition partition) {
    throw failure;
  }

  @Override
  public Optional<SeriesSummary> summarize(SeriesKey series) {
    throw failure;
  }

  @Override
  public void scanByTime(SeriesKey series, long fromMs, long toMs, PointSink sink) {
    throw failure;
  }

  @Override
  public void scanByStep(SeriesKey series, long fromStep, long toStep, PointSink sink) {
    throw failure;
  }

  @Override
  public boolean isReady() {
    return false;
  }

  @Override
  public void close() {}
}
