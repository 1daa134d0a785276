package dev.stepwise.bench.jmh;

import dev.stepwise.store.AppendBatch;
import dev.stepwise.store.AppendOutcome;
import dev.stepwise.store.ExperimentStore;
import dev.stepwise.store.MetricStore;
import dev.stepwise.store.NewPoint;
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
 * The fake at the store's seam that costs next to nothing, so that a benchmark measures what is above it: a scan
 * replays one series held in arrays (for any series key), and an append stores every point at once.
 */
final class ReplayStore implements MetricStore {
  private final long[] timestampsMs;
  private final double[] values;

  /** @param timestampsMs ascending */
  ReplayStore(long[] timestampsMs, double[] values) {
    if (timestampsMs.length != values.length) {
      throw new IllegalArgumentException(timestampsMs.length + " timestamps but " + values.length + " values");
    }
    this.timestampsMs = timestampsMs;
    this.values = values;
  }

  /** The control plane, in memory. */
  private final InMemoryMetricStore controlPlane = new InMemoryMetricStore(StoreLimits.DEFAULT);

  @Override
  public ExperimentStore experiments() {
    return controlPlane.experiments();
  }

  @Override
  public CompletableFuture<Long> dropPointsBefore(long cutoffMs) {
    throw new UnsupportedOperationException("a read-only replay");
  }

  @Override
  public CompletableFuture<Long> deleteTrialComponent(String account, String region, String trialComponent) {
    throw new UnsupportedOperationException("a read-only replay");
  }

  @Override
  public CompletableFuture<List<AppendOutcome>> append(AppendBatch batch) {
    return CompletableFuture.completedFuture(Collections.nCopies(batch.points().size(), AppendOutcome.STORED));
  }

  @Override
  public void scanByTime(SeriesKey series, long fromMs, long toMs, PointSink sink) {
    for (int i = 0; i < timestampsMs.length; i++) {
      long ts = timestampsMs[i];
      if (ts >= fromMs && ts < toMs && !sink.accept(ts, NewPoint.NO_STEP, values[i], i)) {
        return;
      }
    }
  }

  @Override
  public void scanByStep(SeriesKey series, long fromStep, long toStep, PointSink sink) {
    throw new UnsupportedOperationException("the benchmarks scan by time only");
  }

  @Override
  public List<Partition> partitions() {
    throw new UnsupportedOperationException("not used by the benchmarks");
  }

  @Override
  public List<SeriesSummary> summarize(Partition partition) {
    throw new UnsupportedOperationException("not used by the benchmarks");
  }

  @Override
  public Optional<SeriesSummary> summarize(SeriesKey series) {
    throw new UnsupportedOperationException("not used by the benchmarks");
  }

  @Override
  public boolean isReady() {
    return true;
  }

  @Override
  public void close() {}
}
