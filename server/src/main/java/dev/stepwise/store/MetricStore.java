package dev.stepwise.store;

import dev.stepwise.stats.BucketStats;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Where points live. Implementations: SQLite (embedded default), in-memory (tests), PostgreSQL (shared).
 * All of them pass {@code MetricStoreContract}.
 *
 * <p>Thread-safe. Reads see every point whose append future has completed.
 */
public interface MetricStore extends AutoCloseable {

  /**
   * Appends the points of one request. The future completes with one outcome per point, in the batch's order,
   * only once every stored point is durable; two equal points in one batch give STORED then DUPLICATE.
   * It completes exceptionally with {@link StoreOverloadedException} (at once) when the write queue is full and
   * with {@link StoreUnavailableException} when the store cannot commit; then nothing of the batch is stored.
   */
  CompletableFuture<List<AppendOutcome>> append(AppendBatch batch);

  /**
   * Streams the series' points whose timestamp is in {@code [fromMs, toMs)} by ascending timestamp, then step, then
   * value: one order for every store, so that anything folded from a scan rounds the same everywhere.
   *
   * @throws StoreUnavailableException when the store cannot be read
   */
  void scanByTime(SeriesKey series, long fromMs, long toMs, PointSink sink);

  /**
   * Streams the one-minute aggregates ({@link Minutes}) of the series' points whose timestamp is in
   * {@code [fromMs, toMs)}, by ascending minute, skipping minutes without such a point. A minute cut by the range
   * aggregates only the points inside it. Stores that keep the aggregates up to date at ingest answer from them
   * without reading the points; every store's answer is equal, bit for bit, to this default, which folds a scan.
   *
   * @throws StoreUnavailableException when the store cannot be read
   */
  default void scanMinutes(SeriesKey series, long fromMs, long toMs, MinuteSink sink) {
    Minutes minutes = new Minutes(sink);
    scanByTime(series, fromMs, toMs, minutes);
    minutes.finish();
  }

  /**
   * Streams the series' points that have a step in {@code [fromStep, toStep)}, by ascending step, then ascending
   * timestamp. Points without a step are never passed.
   *
   * @throws StoreUnavailableException when the store cannot be read
   */
  void scanByStep(SeriesKey series, long fromStep, long toStep, PointSink sink);

  /**
   * The partitions that hold at least one point, by account then region.
   *
   * @throws StoreUnavailableException when the store cannot be read
   */
  List<Partition> partitions();

  /**
   * A summary of every series of the partition that holds at least one point, by trial component then metric name
   * (names are ASCII by the API's patterns, so byte and string order agree).
   *
   * @throws StoreUnavailableException when the store cannot be read
   */
  List<SeriesSummary> summarize(Partition partition);

  /**
   * The summary of one series, empty when it holds no point.
   *
   * @throws StoreUnavailableException when the store cannot be read
   */
  Optional<SeriesSummary> summarize(SeriesKey series);

  /**
   * The statistics of the series of these trial components ({@link SeriesStats}), of every metric when
   * {@code metricNames} is empty, else of those metrics only; series without points are left out. Stores that keep
   * them up to date at ingest answer without reading points or minutes; this default folds every minute.
   *
   * @throws StoreUnavailableException when the store cannot be read
   */
  default List<SeriesStats> seriesStats(
      Partition partition, Collection<String> trialComponents, Collection<String> metricNames) {
    Set<String> components = new HashSet<>(trialComponents);
    Set<String> metrics = new HashSet<>(metricNames);
    List<SeriesStats> result = new ArrayList<>();
    for (SeriesSummary summary : summarize(partition)) {
      if (!components.contains(summary.trialComponent())
          || (!metrics.isEmpty() && !metrics.contains(summary.metricName()))) {
        continue;
      }
      SeriesKey key = new SeriesKey(
          partition.account(), partition.region(), summary.trialComponent(), summary.metricName());
      BucketStats total = new BucketStats();
      scanMinutes(key, Long.MIN_VALUE, Long.MAX_VALUE, (minute, stats) -> {
        total.merge(stats);
        return true;
      });
      if (total.count() > 0) {
        result.add(new SeriesStats(summary.trialComponent(), summary.metricName(), total));
      }
    }
    return result;
  }

  /** The control plane's entities, kept in the same store as the metrics. */
  ExperimentStore experiments();

  /** Whether the store answers right now (for readiness probes). Never throws. */
  boolean isReady();

  /**
   * Whether an append made now would be queued rather than refused as overloaded: lets the server refuse a request
   * before reading it. Only a hint; {@link #append} decides.
   */
  default boolean hasRoomForWrites() {
    return true;
  }

  /**
   * Deletes every point, kept aggregate and metric name of one trial component (its metric-name count starts again
   * from zero), ordered with the appends around it: an append queued before is deleted with the rest, one queued
   * after is stored. Completes with the number of points deleted (0 when there were none).
   *
   * @throws StoreUnavailableException (through the future) when the store cannot write
   */
  CompletableFuture<Long> deleteTrialComponent(String account, String region, String trialComponent);

  /**
   * Retention: drops the raw points of every minute that ends at or before {@code cutoffMs}'s minute starts (so
   * whole minutes), keeping those minutes' aggregates where the store keeps them; the series' counts and summaries
   * follow, each as soon as its points go. Runs in bounded chunks, each committed on its own, so that appends go on
   * meanwhile (a store with one writer queues its chunks behind the appends that arrived since the last); a store
   * shared by several nodes lets one node at a time run it, and another node's pass completes at once with 0.
   * Completes with the number of points dropped.
   */
  CompletableFuture<Long> dropPointsBefore(long cutoffMs);

  /** The pool of reading connections (SQLite) or of all connections (PostgreSQL), for the server's own metrics. */
  default PoolStats poolStats() {
    return PoolStats.NONE;
  }

  /** What the writer has done since start, for the server's own metrics. */
  default WriterStats writerStats() {
    return WriterStats.NONE;
  }

  /** Commits what is queued, then releases everything. Appends after close fail with StoreUnavailableException. */
  @Override
  void close();
}
