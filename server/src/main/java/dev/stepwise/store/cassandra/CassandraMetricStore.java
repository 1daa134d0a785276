package dev.stepwise.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.stepwise.store.AppendBatch;
import dev.stepwise.store.AppendOutcome;
import dev.stepwise.store.ExperimentStore;
import dev.stepwise.store.MetricStore;
import dev.stepwise.store.MinuteSink;
import dev.stepwise.store.NewPoint;
import dev.stepwise.store.Partition;
import dev.stepwise.store.PointSink;
import dev.stepwise.store.SeriesKey;
import dev.stepwise.store.SeriesSummary;
import dev.stepwise.store.StoreException;
import dev.stepwise.store.StoreLimits;
import dev.stepwise.store.StoreOverloadedException;
import dev.stepwise.store.StoreUnavailableException;
import dev.stepwise.store.cassandra.DayAppender.Candidate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** The metric store on a Cassandra cluster; see the package documentation for the data model. */
public final class CassandraMetricStore implements MetricStore {
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

  private final CqlSession session;
  private final Statements statements;
  private final StoreLimits limits;
  private final DayAppender appender;
  private final SeriesReads reads;
  private final MetricNames names;
  private final CassandraRetention retention;
  private final CassandraExperiments experiments;
  private final ThreadPoolExecutor workers;
  private static final long NAMES_CACHE_NANOS = 5_000_000_000L;

  private final ReentrantLock[] stripes = new ReentrantLock[256];
  private final Map<List<String>, KnownNames> knownNames = new java.util.concurrent.ConcurrentHashMap<>();
  /** When this node last registered a series-day ({@code series}, {@code series_days}); bounded, see below. */
  private final Map<DayKey, Long> registered = new java.util.concurrent.ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * Opens a session, creates the schema when missing and checks the cluster's durability.
   *
   * @param queueCapacity how many appends may wait for a worker before more are refused as overloaded
   */
  public CassandraMetricStore(CassandraSettings settings, StoreLimits limits, int workerThreads, int queueCapacity,
      Clock clock) {
    this.session = CassandraSessions.open(settings);
    try {
      CassandraSchema.checkDurability(session, settings);
      CassandraSchema.create(session, settings);
      this.statements = new Statements(session, settings.keyspace(), settings.consistency());
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
    this.limits = limits;
    for (int i = 0; i < stripes.length; i++) {
      stripes[i] = new ReentrantLock();
    }
    this.appender = new DayAppender(session, statements, clock);
    this.reads = new SeriesReads(session, statements);
    this.names = new MetricNames(session, statements);
    this.experiments = new CassandraExperiments(session, statements, this::deleteMetrics, this::latestPoints);
    this.retention = new CassandraRetention(session, statements, reads);
    this.workers = new ThreadPoolExecutor(workerThreads, workerThreads, 60, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(queueCapacity), Thread.ofPlatform().name("cassandra-writer-", 0).daemon().factory());
  }

  @Override
  public CompletableFuture<List<AppendOutcome>> append(AppendBatch batch) {
    return submit(() -> appendNow(batch));
  }

  private <T> CompletableFuture<T> submit(Supplier<T> work) {
    if (closed) {
      return CompletableFuture.failedFuture(new StoreUnavailableException("store is closed", null));
    }
    try {
      return CompletableFuture.supplyAsync(() -> driver(work), workers);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(closed
          ? new StoreUnavailableException("store is closed", e)
          : new StoreOverloadedException("the Cassandra store's queue of " + workers.getQueue().size()
              + " appends is full"));
    }
  }

  private ReentrantLock stripe(Object... key) {
    return stripes[Math.floorMod(java.util.Objects.hash(key), stripes.length)];
  }

  private List<AppendOutcome> appendNow(AppendBatch batch) {
    AppendOutcome[] outcomes = new AppendOutcome[batch.points().size()];
    // Equal points of one batch: the first decides, the others repeat it (a stored one makes them duplicates).
    Map<List<Object>, Integer> firstOf = new HashMap<>();
    Map<String, Map<Long, List<Candidate>>> byMetric = new LinkedHashMap<>();
    List<Integer> repeats = new ArrayList<>();
    for (int i = 0; i < outcomes.length; i++) {
      NewPoint p = batch.points().get(i);
      Candidate c = new Candidate(i, p);
      if (firstOf.putIfAbsent(identity(c), i) != null) {
        repeats.add(i);
        continue;
      }
      byMetric.computeIfAbsent(p.metricName(), m -> new LinkedHashMap<>())
          .computeIfAbsent(DayKey.dayOf(p.timestampMs()), d -> new ArrayList<>()).add(c);
    }
    MetricNames.Admission admission = admit(batch, byMetric.keySet());
    if (admission.firstOfTrialComponent()) {
      experiments.insertImplicitTrialComponent(batch.partition(), batch.trialComponent(), batch.receivedMs());
    }
    byMetric.forEach((metric, days) -> {
      if (!admission.admitted().contains(metric)) {
        days.values().forEach(cs -> cs.forEach(c -> outcomes[c.index()] = AppendOutcome.METRIC_LIMIT_EXCEEDED));
        return;
      }
      SeriesKey series = new SeriesKey(batch.account(), batch.region(), batch.trialComponent(), metric);
      // One append of a series at a time on this node: its lightweight transactions would otherwise compete with
      // each other for the same partition (Paxos retries, then times out, under contention). Nodes still race,
      // and the transactions decide between them.
      ReentrantLock lock = stripe(series);
      lock.lock();
      try {
        appendSeries(series, days, outcomes);
      } finally {
        lock.unlock();
      }
    });
    for (int i : repeats) {
      AppendOutcome first = outcomes[firstOf.get(identity(new Candidate(i, batch.points().get(i))))];
      outcomes[i] = first == AppendOutcome.STORED ? AppendOutcome.DUPLICATE : first;
    }
    return Arrays.asList(outcomes);
  }

  /**
   * The batch's metric names that may be written. Names this node admitted for the trial component within the last
   * seconds are taken as known without asking the cluster (a deletion on another node is seen that much later);
   * new names go through the compare-and-set, one caller of this node at a time per trial component.
   */
  private MetricNames.Admission admit(AppendBatch batch, java.util.Set<String> wanted) {
    List<String> key = List.of(batch.account(), batch.region(), batch.trialComponent());
    KnownNames known = knownNames.get(key);
    long now = System.nanoTime();
    if (known != null && now - known.atNanos() < NAMES_CACHE_NANOS && known.names().containsAll(wanted)) {
      return new MetricNames.Admission(wanted, false);
    }
    ReentrantLock lock = stripe(key);
    lock.lock();
    try {
      MetricNames.Admission admission = names.admit(batch, wanted, limits.maxMetricsPerTrialComponent());
      knownNames.put(key, new KnownNames(admission.known(), now));
      return admission;
    } finally {
      lock.unlock();
    }
  }

  private record KnownNames(java.util.Set<String> names, long atNanos) {}

  /**
   * Appends one series' points, day by day. The registration of the series and its days (idempotent writes, so that
   * scans and listings find them) and the read of the series' days run in parallel with the first day's reads; the
   * points-per-metric limit counts the other days' points, read only when the series has other days.
   */
  private void appendSeries(SeriesKey series, Map<Long, List<Candidate>> days, AppendOutcome[] outcomes) {
    List<CompletableFuture<?>> registrations = new ArrayList<>();
    long now = System.nanoTime();
    if (registered.size() > 100_000) {
      registered.clear(); // a cache: forgetting costs two idempotent writes per series-day
    }
    for (long day : days.keySet()) {
      DayKey key = new DayKey(series, day);
      Long at = registered.get(key);
      if (at != null && now - at < NAMES_CACHE_NANOS) {
        continue; // registered by this node within the last seconds (as with metric names, see admit)
      }
      registrations.add(session.executeAsync(statements.registerSeries.bind(series.account(), series.region(),
          series.trialComponent(), series.metricName())).toCompletableFuture()
          .thenCompose(done -> session.executeAsync(statements.registerDay.bind(series.account(), series.region(),
              series.trialComponent(), series.metricName(), day)).toCompletableFuture())
          .thenRun(() -> registered.put(key, now)));
    }
    CompletableFuture<List<Long>> known = reads.daysAsync(series);
    long[] others = {-1};
    LongSupplier otherDays = () -> {
      if (others[0] < 0) {
        others[0] = 0;
        for (long day : DayAppender.join(known)) {
          if (!days.containsKey(day)) {
            others[0] += DayStatics.of(session.execute(statements.dayStaticsPlain.bind(
                new DayKey(series, day).bindings())).one()).count();
          }
        }
      }
      return others[0];
    };
    long[] storedHere = {0};
    for (var day : days.entrySet()) {
      storedHere[0] += appender.append(new DayKey(series, day.getKey()), day.getValue(),
          () -> Math.max(0, limits.maxPointsPerMetric() - otherDays.getAsLong() - storedHere[0]), outcomes);
    }
    registrations.forEach(DayAppender::join);
  }

  /** A point's identity within its batch: its metric name, timestamp, step and value. */
  private static List<Object> identity(Candidate c) {
    return List.of(c.point().metricName(), c.identity());
  }

  @Override
  public void scanByTime(SeriesKey series, long fromMs, long toMs, PointSink sink) {
    read(() -> {
      reads.scanByTime(series, fromMs, toMs, sink);
      return null;
    });
  }

  @Override
  public void scanMinutes(SeriesKey series, long fromMs, long toMs, MinuteSink sink) {
    read(() -> {
      reads.scanMinutes(series, fromMs, toMs, sink);
      return null;
    });
  }

  @Override
  public void scanByStep(SeriesKey series, long fromStep, long toStep, PointSink sink) {
    read(() -> {
      reads.scanByStep(series, fromStep, toStep, sink);
      return null;
    });
  }

  @Override
  public List<Partition> partitions() {
    return read(() -> {
      List<Partition> result = new ArrayList<>();
      for (Row row : session.execute(statements.allPartitions.bind())) {
        Partition partition = new Partition(row.getString("account"), row.getString("region"));
        if (!summarizeNow(partition).isEmpty()) {
          result.add(partition);
        }
      }
      result.sort(Comparator.comparing(Partition::account).thenComparing(Partition::region));
      return result;
    });
  }

  /** Each trial component's latest point timestamp, for the experiments' run activity. */
  private Map<String, Long> latestPoints(Partition partition) {
    Map<String, Long> latest = new HashMap<>();
    for (SeriesSummary summary : summarizeNow(partition)) {
      latest.merge(summary.trialComponent(), summary.lastTimestampMs(), Math::max);
    }
    return latest;
  }

  @Override
  public List<SeriesSummary> summarize(Partition partition) {
    return read(() -> summarizeNow(partition));
  }

  private List<SeriesSummary> summarizeNow(Partition partition) {
    List<SeriesSummary> result = new ArrayList<>();
    for (Row row : session.execute(statements.seriesOfPartition.bind(partition.account(), partition.region()))) {
      reads.summarize(new SeriesKey(partition.account(), partition.region(), row.getString("trial_component"),
          row.getString("metric"))).ifPresent(result::add);
    }
    return result; // clustering order: by trial component, then metric name
  }

  @Override
  public Optional<SeriesSummary> summarize(SeriesKey series) {
    return read(() -> reads.summarize(series));
  }

  @Override
  public ExperimentStore experiments() {
    return experiments;
  }

  @Override
  public boolean isReady() {
    if (closed) {
      return false;
    }
    try {
      session.execute(statements.probe.bind().setTimeout(PROBE_TIMEOUT));
      return true;
    } catch (DriverException e) {
      return false;
    }
  }

  @Override
  public boolean hasRoomForWrites() {
    return workers.getQueue().remainingCapacity() > 0;
  }

  @Override
  public CompletableFuture<Long> deleteTrialComponent(String account, String region, String trialComponent) {
    return submit(() -> deleteMetrics(new Partition(account, region), trialComponent));
  }

  /**
   * Deletes every series of the trial component (points, minutes, days, listing) and its metric names. Plain
   * deletions, not ordered with appends racing them on other nodes: an append that lands while its trial component
   * is being deleted may survive it (see the package documentation).
   */
  private long deleteMetrics(Partition partition, String trialComponent) {
    knownNames.remove(List.of(partition.account(), partition.region(), trialComponent));
    registered.keySet().removeIf(key -> key.series().trialComponent().equals(trialComponent));
    long deleted = 0;
    for (Row row : session.execute(statements.seriesOfTrialComponent.bind(
        partition.account(), partition.region(), trialComponent))) {
      SeriesKey series = new SeriesKey(partition.account(), partition.region(), trialComponent,
          row.getString("metric"));
      for (long day : reads.days(series)) {
        DayKey key = new DayKey(series, day);
        deleted += DayStatics.of(session.execute(statements.dayStaticsPlain.bind(key.bindings())).one()).count();
        session.execute(statements.deleteDay.bind(key.bindings()));
      }
      session.execute(statements.deleteSeriesDays.bind(
          series.account(), series.region(), series.trialComponent(), series.metricName()));
    }
    session.execute(statements.deleteSeriesOfTrialComponent.bind(partition.account(), partition.region(),
        trialComponent));
    session.execute(statements.deleteMetricNames.bind(partition.account(), partition.region(), trialComponent));
    return deleted;
  }

  @Override
  public CompletableFuture<Long> dropPointsBefore(long cutoffMs) {
    return submit(() -> retention.dropPointsBefore(cutoffMs));
  }

  private <T> T read(Supplier<T> work) {
    if (closed) {
      throw new StoreUnavailableException("store is closed", null);
    }
    return driver(work);
  }

  /** Runs driver calls, turning the driver's failures (no replica, a timeout) into the store's. */
  static <T> T driver(Supplier<T> work) {
    try {
      return work.get();
    } catch (DriverException e) {
      throw new StoreUnavailableException("Cassandra: " + e.getMessage(), e);
    } catch (StoreException e) {
      throw e;
    }
  }

  /** Whether {@link #close} was called. */
  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    workers.shutdown();
    try {
      workers.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    session.close();
  }
}
