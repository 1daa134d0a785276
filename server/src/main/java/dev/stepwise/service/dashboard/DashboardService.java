package dev.stepwise.service.dashboard;

import dev.stepwise.aggregate.Bucket;
import dev.stepwise.stats.BucketStats;
import dev.stepwise.aggregate.BucketedSeries;
import dev.stepwise.aggregate.Bucketing;
import dev.stepwise.api.ApiException;
import dev.stepwise.api.ErrorCode;
import dev.stepwise.store.MetricStore;
import dev.stepwise.store.NewPoint;
import dev.stepwise.store.Partition;
import dev.stepwise.store.PointSink;
import dev.stepwise.store.SeriesKey;
import dev.stepwise.store.SeriesStats;
import dev.stepwise.store.SeriesSummary;
import dev.stepwise.store.StoreUnavailableException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads for the dashboard. Access control is the caller's business: it passes only partitions the viewer may see.
 */
public final class DashboardService {
  private final MetricStore store;

  public DashboardService(MetricStore store) {
    this.store = store;
  }

  /**
   * The partitions that hold metrics or experiments (a run may log parameters only); {@code onlyAccount} (when not
   * null) keeps that account's only.
   */
  public List<PartitionView> partitions(String onlyAccount) {
    return available(
        () ->
            java.util.stream.Stream.concat(store.partitions().stream(), store.experiments().partitions().stream())
                .filter(p -> onlyAccount == null || p.account().equals(onlyAccount))
                .distinct()
                .sorted(Comparator.comparing(Partition::account).thenComparing(Partition::region))
                .map(p -> new PartitionView(p.account(), p.region()))
                .toList());
  }

  /** At most this many names in one listing by name. */
  public static final int MAX_NAMED = 100;

  /** Every trial component of the partition, most recently updated first (then by name). */
  public List<TrialComponentView> trialComponents(String account, String region) {
    return trialComponents(account, region, Set.of());
  }

  /**
   * The trial components of the partition that have these names (every one when {@code names} is empty), most
   * recently updated first (then by name): a page that shows a few runs of a large partition gets only theirs.
   */
  public List<TrialComponentView> trialComponents(String account, String region, Set<String> names) {
    if (names.size() > MAX_NAMED) {
      throw new IllegalArgumentException("name may be given at most " + MAX_NAMED + " times, not " + names.size());
    }
    Map<String, List<MetricView>> byName = new LinkedHashMap<>();
    for (SeriesSummary summary : available(() -> summaries(new Partition(account, region), names))) {
      byName.computeIfAbsent(summary.trialComponent(), name -> new ArrayList<>()).add(view(summary));
    }
    List<TrialComponentView> views = new ArrayList<>(byName.size());
    byName.forEach((name, metrics) -> views.add(TrialComponentView.of(name, metrics)));
    views.sort(
        Comparator.comparingLong(TrialComponentView::lastTimestampMs)
            .reversed()
            .thenComparing(TrialComponentView::name));
    return views;
  }

  /**
   * The summaries of the partition's series, or of the named trial components' only: those are found by name (their
   * metrics, then each series by its key), so a few runs of a large partition cost a few reads, not a scan of it.
   */
  private List<SeriesSummary> summaries(Partition partition, Set<String> names) {
    if (names.isEmpty()) {
      return store.summarize(partition);
    }
    List<SeriesSummary> found = new ArrayList<>();
    for (SeriesStats series : store.seriesStats(partition, names, List.of())) {
      store.summarize(new SeriesKey(partition.account(), partition.region(), series.trialComponent(),
          series.metricName())).ifPresent(found::add);
    }
    return found;
  }

  /**
   * The series over the requested range: its raw points when there are at most {@code buckets} of them, else
   * buckets of {@code ceil(range / buckets)} steps or milliseconds, aligned to 0.
   */
  public SeriesView series(SeriesRequest request) {
    return available(() -> read(request));
  }

  private SeriesView read(SeriesRequest request) {
    SeriesKey key = key(request);
    Optional<SeriesSummary> summary = store.summarize(key);
    Long firstTimestamp = summary.map(SeriesSummary::firstTimestampMs).orElse(null);
    long[] extent = extent(request, summary);
    long from = request.from() != null ? request.from() : extent[0];
    long to = request.to() != null ? request.to() : extent[1];
    if (from >= to) {
      return new SeriesView(request.axis(), from, to, 0, firstTimestamp, List.of());
    }
    List<Bucket> raw = rawPoints(key, request.axis(), from, to, request.buckets());
    if (raw != null) {
      return new SeriesView(request.axis(), from, to, 0, firstTimestamp, raw);
    }
    long width = ceilDiv(to - from, request.buckets());
    // Alignment to 0 may split the range into one bucket more than it holds widths.
    int maxBuckets = request.buckets() + 1;
    BucketedSeries buckets =
        request.axis() == Axis.STEP
            ? Bucketing.byStep(store, key, from, to, width, maxBuckets)
            : Bucketing.byTime(store, key, from, to, width, maxBuckets);
    return new SeriesView(request.axis(), from, to, width, firstTimestamp, buckets.buckets());
  }

  /** Every stored point of the request's range, in axis order, to the consumer (for the CSV export). */
  public void exportRaw(SeriesRequest request, RawPointConsumer consumer) {
    available(
        () -> {
          SeriesKey key = key(request);
          long[] extent = extent(request, store.summarize(key));
          long from = request.from() != null ? request.from() : extent[0];
          long to = request.to() != null ? request.to() : extent[1];
          if (from < to) {
            scan(
                key,
                request.axis(),
                from,
                to,
                (timestampMs, step, value, sequence) -> {
                  consumer.accept(timestampMs, step == NewPoint.NO_STEP ? null : step, value);
                  return true;
                });
          }
          return null;
        });
  }

  private static SeriesKey key(SeriesRequest request) {
    return new SeriesKey(request.account(), request.region(), request.trialComponent(), request.metric());
  }

  private static MetricView view(SeriesSummary s) {
    return new MetricView(
        s.metricName(),
        s.pointCount(),
        s.firstTimestampMs(),
        s.lastTimestampMs(),
        s.hasSteps() ? s.minStep() : null,
        s.hasSteps() ? s.maxStep() : null,
        s.lastValue());
  }

  /** Runs a read; a store that cannot answer becomes 503, as for the AWS operations. */
  private static <T> T available(Supplier<T> read) {
    try {
      return read.get();
    } catch (StoreUnavailableException e) {
      throw new ApiException(ErrorCode.ServiceUnavailable, "The metrics store is unavailable right now; retry.", e);
    }
  }

  /** {@code [first, last + 1)} of the series along the axis; empty ({@code [0, 0)}) when it has no such points. */
  private static long[] extent(SeriesRequest request, Optional<SeriesSummary> summary) {
    if (summary.isEmpty()) {
      return new long[] {0, 0};
    }
    SeriesSummary s = summary.get();
    if (request.axis() == Axis.TIME) {
      return new long[] {s.firstTimestampMs(), s.lastTimestampMs() + 1};
    }
    return s.hasSteps() ? new long[] {s.minStep(), s.maxStep() + 1L} : new long[] {0, 0};
  }

  /** The range's points as one-point buckets at their exact x, or null when there are more than {@code limit}. */
  private List<Bucket> rawPoints(SeriesKey series, Axis axis, long from, long to, int limit) {
    List<Bucket> points = new ArrayList<>();
    boolean[] overflow = {false};
    scan(
        series,
        axis,
        from,
        to,
        (timestampMs, step, value, sequence) -> {
          if (points.size() == limit) {
            overflow[0] = true;
            return false;
          }
          BucketStats stats = new BucketStats();
          stats.add(timestampMs, sequence, value);
          long x = axis == Axis.STEP ? step : timestampMs;
          points.add(new Bucket(x, x, stats));
          return true;
        });
    return overflow[0] ? null : points;
  }

  private void scan(SeriesKey series, Axis axis, long from, long to, PointSink sink) {
    if (axis == Axis.STEP) {
      store.scanByStep(series, from, to, sink);
    } else {
      store.scanByTime(series, from, to, sink);
    }
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }
}
