package dev.stepwise.store.memory;

import dev.stepwise.model.experiments.TrialComponent;
import dev.stepwise.store.AppendBatch;
import dev.stepwise.store.AppendOutcome;
import dev.stepwise.store.ExperimentStore;
import dev.stepwise.store.MetricStore;
import dev.stepwise.store.Minutes;
import dev.stepwise.store.NewPoint;
import dev.stepwise.store.Partition;
import dev.stepwise.store.PointSink;
import dev.stepwise.store.SeriesKey;
import dev.stepwise.store.SeriesSummary;
import dev.stepwise.store.StoreLimits;
import dev.stepwise.store.StoreUnavailableException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** A store that keeps everything in memory: the fake at the service's seam, and the contract suite's reference. */
public final class InMemoryMetricStore implements MetricStore {
  private record Stored(long timestampMs, int step, double value, long sequence) {}

  private record Identity(long timestampMs, int step, double value) {}

  private final StoreLimits limits;
  private final Map<SeriesKey, List<Stored>> points = new HashMap<>();
  private final Map<SeriesKey, Set<Identity>> identities = new HashMap<>();
  private final Map<List<String>, Set<String>> metricNames = new HashMap<>();
  private final InMemoryExperiments experiments =
      new InMemoryExperiments(this, this::checkOpen, (partition, trialComponent) ->
          deleteMetrics(partition.account(), partition.region(), trialComponent), this::latestPoints);
  private long sequence;
  private boolean closed;

  public InMemoryMetricStore(StoreLimits limits) {
    this.limits = limits;
  }

  @Override
  public ExperimentStore experiments() {
    return experiments;
  }

  @Override
  public synchronized CompletableFuture<List<AppendOutcome>> append(AppendBatch batch) {
    if (closed) {
      return CompletableFuture.failedFuture(new StoreUnavailableException("store is closed", null));
    }
    List<AppendOutcome> outcomes = new ArrayList<>(batch.points().size());
    for (NewPoint point : batch.points()) {
      outcomes.add(appendOne(batch, point));
    }
    return CompletableFuture.completedFuture(outcomes);
  }

  private AppendOutcome appendOne(AppendBatch batch, NewPoint point) {
    SeriesKey key = batch.series(point);
    // -0.0 and 0.0 are one value, as they are in SQL stores.
    Identity identity = new Identity(point.timestampMs(), point.step(), point.value() + 0.0);
    Set<Identity> seen = identities.get(key);
    if (seen != null && seen.contains(identity)) {
      return AppendOutcome.DUPLICATE;
    }
    Set<String> names =
        metricNames.computeIfAbsent(
            List.of(batch.account(), batch.region(), batch.trialComponent()), k -> new HashSet<>());
    if (!names.contains(point.metricName()) && names.size() >= limits.maxMetricsPerTrialComponent()) {
      return AppendOutcome.METRIC_LIMIT_EXCEEDED;
    }
    if (seen != null && seen.size() >= limits.maxPointsPerMetric()) {
      return AppendOutcome.METRIC_LIMIT_EXCEEDED;
    }
    if (names.add(point.metricName())) {
      experiments.insertIfAbsent(batch.partition(), TrialComponent.implicit(batch.trialComponent(), batch.receivedMs()));
    }
    identities.computeIfAbsent(key, k -> new HashSet<>()).add(identity);
    points
        .computeIfAbsent(key, k -> new ArrayList<>())
        .add(new Stored(point.timestampMs(), point.step(), point.value(), ++sequence));
    return AppendOutcome.STORED;
  }

  @Override
  public synchronized CompletableFuture<Long> deleteTrialComponent(
      String account, String region, String trialComponent) {
    if (closed) {
      return CompletableFuture.failedFuture(new StoreUnavailableException("store is closed", null));
    }
    return CompletableFuture.completedFuture(deleteMetrics(account, region, trialComponent));
  }

  private long deleteMetrics(String account, String region, String trialComponent) {
    long deleted = 0;
    for (var it = points.entrySet().iterator(); it.hasNext(); ) {
      var entry = it.next();
      SeriesKey key = entry.getKey();
      if (key.account().equals(account) && key.region().equals(region) && key.trialComponent().equals(trialComponent)) {
        deleted += entry.getValue().size();
        identities.remove(key);
        it.remove();
      }
    }
    metricNames.remove(List.of(account, region, trialComponent));
    return deleted;
  }

  /** This store keeps no minute aggregates: the dropped minutes are gone from time-bucketed answers too. */
  @Override
  public synchronized CompletableFuture<Long> dropPointsBefore(long cutoffMs) {
    if (closed) {
      return CompletableFuture.failedFuture(new StoreUnavailableException("store is closed", null));
    }
    long cutoff = Minutes.minuteOf(cutoffMs);
    long dropped = 0;
    for (var it = points.entrySet().iterator(); it.hasNext(); ) {
      var entry = it.next();
      List<Stored> series = entry.getValue();
      int before = series.size();
      series.removeIf(p -> p.timestampMs() < cutoff);
      dropped += before - series.size();
      Set<Identity> seen = identities.get(entry.getKey());
      if (seen != null) {
        seen.removeIf(i -> i.timestampMs() < cutoff);
      }
      if (series.isEmpty()) {
        identities.remove(entry.getKey());
        it.remove();
      }
    }
    return CompletableFuture.completedFuture(dropped);
  }

  @Override
  public void scanByTime(SeriesKey series, long fromMs, long toMs, PointSink sink) {
    List<Stored> selected = select(series, p -> p.timestampMs() >= fromMs && p.timestampMs() < toMs);
    selected.sort(
        Comparator.comparingLong(Stored::timestampMs).thenComparingInt(Stored::step).thenComparingDouble(Stored::value));
    emit(selected, sink);
  }

  @Override
  public void scanByStep(SeriesKey series, long fromStep, long toStep, PointSink sink) {
    List<Stored> selected =
        select(series, p -> p.step() != NewPoint.NO_STEP && p.step() >= fromStep && p.step() < toStep);
    selected.sort(Comparator.comparingInt(Stored::step).thenComparingLong(Stored::timestampMs));
    emit(selected, sink);
  }

  private synchronized List<Stored> select(SeriesKey series, java.util.function.Predicate<Stored> filter) {
    if (closed) {
      throw new StoreUnavailableException("store is closed", null);
    }
    return new ArrayList<>(points.getOrDefault(series, List.of()).stream().filter(filter).toList());
  }

  private static void emit(List<Stored> selected, PointSink sink) {
    for (Stored p : selected) {
      if (!sink.accept(p.timestampMs(), p.step(), p.value(), p.sequence())) {
        return;
      }
    }
  }

  @Override
  public synchronized List<Partition> partitions() {
    checkOpen();
    return points.keySet().stream()
        .map(key -> new Partition(key.account(), key.region()))
        .distinct()
        .sorted(Comparator.comparing(Partition::account).thenComparing(Partition::region))
        .toList();
  }

  @Override
  public synchronized List<SeriesSummary> summarize(Partition partition) {
    checkOpen();
    List<SeriesSummary> summaries = new ArrayList<>();
    points.forEach(
        (key, stored) -> {
          if (key.account().equals(partition.account()) && key.region().equals(partition.region())) {
            summaries.add(summary(key, stored));
          }
        });
    summaries.sort(
        Comparator.comparing(SeriesSummary::trialComponent).thenComparing(SeriesSummary::metricName));
    return summaries;
  }

  @Override
  public synchronized Optional<SeriesSummary> summarize(SeriesKey series) {
    checkOpen();
    List<Stored> stored = points.get(series);
    return stored == null ? Optional.empty() : Optional.of(summary(series, stored));
  }

  private static SeriesSummary summary(SeriesKey key, List<Stored> stored) {
    Stored last =
        stored.stream()
            .max(Comparator.comparingLong(Stored::timestampMs).thenComparingLong(Stored::sequence))
            .orElseThrow();
    int[] steps = stored.stream().mapToInt(Stored::step).filter(step -> step != NewPoint.NO_STEP).sorted().toArray();
    return new SeriesSummary(
        key.trialComponent(),
        key.metricName(),
        stored.size(),
        stored.stream().mapToLong(Stored::timestampMs).min().orElseThrow(),
        stored.stream().mapToLong(Stored::timestampMs).max().orElseThrow(),
        steps.length == 0 ? NewPoint.NO_STEP : steps[0],
        steps.length == 0 ? NewPoint.NO_STEP : steps[steps.length - 1],
        last.value());
  }

  /** Under the lock: each trial component's latest point timestamp. */
  private Map<String, Long> latestPoints(Partition partition) {
    Map<String, Long> latest = new HashMap<>();
    points.forEach((key, stored) -> {
      if (key.account().equals(partition.account()) && key.region().equals(partition.region())) {
        stored.forEach(p -> latest.merge(key.trialComponent(), p.timestampMs(), Math::max));
      }
    });
    return latest;
  }

  private void checkOpen() {
    if (closed) {
      throw new StoreUnavailableException("store is closed", null);
    }
  }

  @Override
  public synchronized boolean isReady() {
    return !closed;
  }

  @Override
  public synchronized void close() {
    closed = true;
  }
}
