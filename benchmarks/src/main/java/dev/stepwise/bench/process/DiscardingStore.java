package dev.stepwise.bench.process;

import dev.stepwise.store.AppendBatch;
import dev.stepwise.store.AppendOutcome;
import dev.stepwise.store.ExperimentStore;
import dev.stepwise.store.MetricStore;
import dev.stepwise.store.Partition;
import dev.stepwise.store.PointSink;
import dev.stepwise.store.SeriesKey;
import dev.stepwise.store.SeriesSummary;
import dev.stepwise.store.StoreLimits;
import dev.stepwise.store.memory.InMemoryMetricStore;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A store that acknowledges every point and keeps none: under the real server it shows what the request path costs
 * (signature, parsing, validation, response) with storage taken out. Reads find nothing.
 */
final class DiscardingStore implements MetricStore {
  /** The control plane is kept, in memory: only the points are discarded. */
  private final InMemoryMetricStore controlPlane = new InMemoryMetricStore(StoreLimits.DEFAULT);

  @Override
  public ExperimentStore experiments() {
    return controlPlane.experiments();
  }

  @Override
  public CompletableFuture<Long> dropPointsBefore(long cutoffMs) {
    return CompletableFuture.completedFuture(0L);
  }

  @Override
  public CompletableFuture<Long> deleteTrialComponent(String account, String region, String trialComponent) {
    return CompletableFuture.completedFuture(0L);
  }

  @Override
  public CompletableFuture<List<AppendOutcome>> append(AppendBatch batch) {
    return CompletableFuture.completedFuture(Collections.nCopies(batch.points().size(), AppendOutcome.STORED));
  }

  @Override
  public void scanByTime(SeriesKey series, long fromMs, long toMs, PointSink sink) {}

  @Override
  public void scanByStep(SeriesKey series, long fromStep, long toStep, PointSink sink) {}

  @Override
  public List<Partition> partitions() {
    return List.of();
  }

  @Override
  public List<SeriesSummary> summarize(Partition partition) {
    return List.of();
  }

  @Override
  public Optional<SeriesSummary> summarize(SeriesKey series) {
    return Optional.empty();
  }

  @Override
  public boolean isReady() {
    return true;
  }

  @Override
  public void close() {}
}
