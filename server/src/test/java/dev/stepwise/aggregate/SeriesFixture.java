package dev.stepwise.aggregate;

import dev.stepwise.aggregate.NaiveBuckets.Point;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One series in a real in-memory store, plus the list of points it actually stored (duplicates dropped), in store
 * order, for the naive computation. Counts the points the store hands to scans, to check early stops.
 */
final class SeriesFixture implements MetricStore {
  static final SeriesKey SERIES = new SeriesKey("111122223333", "us-east-1", "tc-1", "loss");

  private final InMemoryMetricStore store = new InMemoryMetricStore(new StoreLimits(10, 10_000_000L));
  final List<Point> stored = new ArrayList<>();
  long pointsScanned;

  /** Appends the points in one batch and remembers those the store stored. */
  void put(List<NewPoint> points) {
    AppendBatch batch = new AppendBatch(SERIES.account(), SERIES.region(), SERIES.trialComponent(), points);
    List<AppendOutcome> outcomes = store.append(batch).join();
    for (int i = 0; i < points.size(); i++) {
      if (outcomes.get(i) == AppendOutcome.STORED) {
        NewPoint p = points.get(i);
        stored.add(new Point(p.timestampMs(), p.step(), p.value(), stored.size() + 1));
      }
    }
  }

  void put(long timestampMs, int step, double value) {
    put(List.of(new NewPoint(SERIES.metricName(), timestampMs, step, value)));
  }

  @Override
  public ExperimentStore experiments() {
    return store.experiments();
  }

  @Override
  public CompletableFuture<Long> dropPointsBefore(long cutoffMs) {
    throw new UnsupportedOperationException("a read-only fixture");
  }

  @Override
  public CompletableFuture<Long> deleteTrialComponent(String account, String region, String trialComponent) {
    throw new UnsupportedOperationException("a read-only fixture");
  }

  @Override
  public CompletableFuture<List<AppendOutcome>> append(AppendBatch batch) {
    return store.append(batch);
  }

  @Override
  public List<Partition> partitions() {
    return store.partitions();
  }

  @Override
  public List<SeriesSummary> summarize(Partition partition) {
    return store.summarize(partition);
  }

  @Override
  public Optional<SeriesSummary> summarize(SeriesKey series) {
    return store.summarize(series);
  }

  @Override
  public void scanByTime(SeriesKey series, long fromMs, long toMs, PointSink sink) {
    store.scanByTime(series, fromMs, toMs, counting(sink));
  }

  @Override
  public void scanByStep(SeriesKey series, long fromStep, long toStep, PointSink sink) {
    store.scanByStep(series, fromStep, toStep, counting(sink));
  }

  private PointSink counting(PointSink sink) {
    return (ts, step, value, sequence) -> {
      pointsScanned++;
      return sink.accept(ts, step, value, sequence);
    };
  }

  @Override
  public boolean isReady() {
    return store.isReady();
  }

  @Override
  public void close() {
    store.close();
  }
}
