package dev.stepwise.service;

import dev.stepwise.aggregate.BucketedSeries;
import dev.stepwise.aggregate.Bucketing;
import dev.stepwise.api.ApiException;
import dev.stepwise.api.ErrorCode;
import dev.stepwise.api.Principal;
import dev.stepwise.config.ServerConfig;
import dev.stepwise.model.MetricQuery;
import dev.stepwise.model.Period;
import dev.stepwise.model.PutErrorCode;
import dev.stepwise.model.PutItemError;
import dev.stepwise.model.PutMetricsCommand;
import dev.stepwise.model.QueryResult;
import dev.stepwise.model.QueryStatus;
import dev.stepwise.model.RawMetric;
import dev.stepwise.model.RejectionReason;
import dev.stepwise.model.XAxisType;
import dev.stepwise.store.AppendBatch;
import dev.stepwise.store.AppendOutcome;
import dev.stepwise.store.MetricStore;
import dev.stepwise.store.NewPoint;
import dev.stepwise.store.SeriesKey;
import dev.stepwise.store.StoreException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The rules of {@code BatchPutMetrics} and {@code BatchGetMetrics} above the store: which items are stored, which
 * series a query reads, how it is bucketed and what status each query gets. Thread-safe.
 */
public final class MetricsService {
  static final String THROTTLED_MESSAGE = StoreFailures.THROTTLED_MESSAGE;
  static final String UNAVAILABLE_MESSAGE = StoreFailures.UNAVAILABLE_MESSAGE;
  static final String INTERNAL_MESSAGE = "An internal error occurred; retry the request later.";

  /**
   * How many of one call's queries run at once. A query waits on its store (SQLite's file, PostgreSQL's own
   * process) about as long as it computes here, so a second lane overlaps the two: 100 queries of 1,440 buckets
   * took 79 ms instead of 90 on SQLite and 205 instead of 240 on PostgreSQL on 2 cores (how it was measured:
   * docs/benchmarks.md). More lanes would hold more of the store's connections for one call. The lanes' reads are
   * bounded by the store's connections, not by the server's request slots.
   */
  static final int QUERY_LANES = 2;

  private final MetricStore store;
  private final Clock clock;
  private final MetricItemRules itemRules;
  private final int maxBuckets;
  private final IngestObserver observer;

  public MetricsService(MetricStore store, ServerConfig config, Clock clock) {
    this(store, config, clock, IngestObserver.NONE);
  }

  public MetricsService(MetricStore store, ServerConfig config, Clock clock, IngestObserver observer) {
    this.observer = Objects.requireNonNull(observer, "observer");
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.itemRules = new MetricItemRules(Objects.requireNonNull(config, "config"));
    this.maxBuckets = config.maxBuckets();
  }

  /**
   * Stores the valid items of one {@code BatchPutMetrics} request in one append and returns the per-item errors by
   * ascending index (empty when all were stored). A point already stored counts as stored, so a retried request
   * answers as the first one did. Never returns {@code CONFLICT_ERROR}: appends commute.
   *
   * @throws ApiException ThrottlingException when the store's write queue is full, ServiceUnavailable when it cannot
   *     commit; then nothing of the request is stored
   */
  /**
   * Refuses with ThrottlingException, before the request is read, when the store's write queue is full: under
   * overload a refusal must cost far less than a stored request, or refusing is itself the overload.
   *
   * @throws ApiException ThrottlingException when the store would refuse an append now
   */
  public void admitWrite() {
    if (!hasRoomForWrites()) {
      throw throttled();
    }
  }

  /** Whether the store takes an append now; {@link #admitWrite} throws {@link #throttled} when it does not. */
  public boolean hasRoomForWrites() {
    return store.hasRoomForWrites();
  }

  /** What a write refused for lack of room gets. */
  public static ApiException throttled() {
    return new ApiException(ErrorCode.ThrottlingException, THROTTLED_MESSAGE);
  }

  public List<PutItemError> put(Principal caller, PutMetricsCommand command) {
    long nowMs = clock.millis();
    List<PutItemError> errors = new ArrayList<>();
    List<NewPoint> points = new ArrayList<>();
    List<Integer> pointIndex = new ArrayList<>();
    List<RawMetric> items = command.metricData();
    for (int i = 0; i < items.size(); i++) {
      RawMetric item = items.get(i);
      Optional<RejectionReason> violation = itemRules.violation(item, nowMs);
      if (violation.isPresent()) {
        errors.add(new PutItemError(PutErrorCode.VALIDATION_ERROR, i, violation.get()));
      } else {
        int step = item.step() == null ? NewPoint.NO_STEP : item.step();
        points.add(new NewPoint(item.metricName(), item.timestampMs(), step, item.value()));
        pointIndex.add(i);
      }
    }
    if (!points.isEmpty()) {
      AppendBatch batch =
          new AppendBatch(caller.account(), caller.region(), command.trialComponentName(), points, nowMs);
      List<AppendOutcome> outcomes = append(batch);
      int stored = 0;
      int duplicates = 0;
      for (int j = 0; j < outcomes.size(); j++) {
        switch (outcomes.get(j)) {
          case STORED -> stored++;
          case DUPLICATE -> duplicates++;
          case METRIC_LIMIT_EXCEEDED ->
              errors.add(new PutItemError(PutErrorCode.METRIC_LIMIT_EXCEEDED, pointIndex.get(j),
                  RejectionReason.METRIC_LIMIT));
        }
      }
      observer.observed(stored, duplicates, items.size() - points.size(), outcomes.size() - stored - duplicates);
    } else {
      observer.observed(0, 0, items.size(), 0);
    }
    errors.sort(Comparator.comparingInt(PutItemError::metricIndex));
    return List.copyOf(errors);
  }

  /**
   * Answers one {@code BatchGetMetrics} request: one result per query, in request order.
   *
   * @throws ApiException AccessDeniedException when any query names a resource of another account (checked before
   *     anything is read); ServiceUnavailable when the store cannot be read
   */
  public List<QueryResult> get(Principal caller, List<MetricQuery> queries) {
    List<ResourceArn> arns = new ArrayList<>(queries.size());
    for (MetricQuery query : queries) {
      ResourceArn arn = parseOrNull(query.resourceArn());
      if (arn != null && !arn.account().equals(caller.account())) {
        throw new ApiException(
            ErrorCode.AccessDeniedException,
            "Account " + caller.account() + " is not authorized to perform sagemaker:BatchGetMetrics on resource "
                + query.resourceArn());
      }
      arns.add(arn);
    }
    try {
      return runAll(caller, queries, arns);
    } catch (StoreException e) {
      throw unavailable(e);
    }
  }

  /** Runs the queries in {@link #QUERY_LANES} lanes; the first failure stops every lane and is rethrown. */
  private List<QueryResult> runAll(Principal caller, List<MetricQuery> queries, List<ResourceArn> arns) {
    QueryResult[] results = new QueryResult[queries.size()];
    AtomicInteger next = new AtomicInteger();
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    Runnable lane = () -> {
      for (int i = next.getAndIncrement(); i < results.length && failure.get() == null; i = next.getAndIncrement()) {
        try {
          results[i] = run(caller, queries.get(i), arns.get(i));
        } catch (RuntimeException e) {
          failure.compareAndSet(null, e);
        }
      }
    };
    int lanes = Math.min(QUERY_LANES, results.length);
    List<Thread> helpers = new ArrayList<>();
    for (int i = 1; i < lanes; i++) {
      helpers.add(Thread.ofVirtual().start(lane));
    }
    lane.run();
    for (Thread helper : helpers) {
      try {
        helper.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while a lane of queries ran", e);
      }
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    return List.of(results);
  }

  private QueryResult run(Principal caller, MetricQuery query, ResourceArn arn) {
    if (arn == null) {
      return QueryResult.validationError(QueryMessages.notSageMakerArn(query.resourceArn()));
    }
    String trialComponent = arn.trialComponentName().orElse(null);
    if (trialComponent == null) {
      return QueryResult.validationError(QueryMessages.unsupportedResource(arn));
    }
    if (query.period().isTime() && query.xAxisType() == XAxisType.IterationNumber) {
      return QueryResult.validationError(QueryMessages.timePeriodOnStepAxis(query.period()));
    }
    long start = query.start() == null ? Long.MIN_VALUE : query.start();
    long end = query.end() == null ? Long.MAX_VALUE : query.end();
    if (start > end) {
      return QueryResult.validationError(QueryMessages.startAfterEnd(start, end));
    }
    if (!MetricItemRules.isStorable(query.metricName())) {
      // No store holds such a name (BatchPutMetrics refuses it), and PostgreSQL would fail on a NUL in a parameter.
      return new QueryResult(QueryStatus.Complete, null, new long[0], new double[0]);
    }
    // An ARN without a region (arn:aws:sagemaker::<account>:...) reads the region the caller signed for.
    String region = arn.region().isEmpty() ? caller.region() : arn.region();
    SeriesKey series = new SeriesKey(caller.account(), region, trialComponent, query.metricName());
    BucketedSeries buckets = bucket(series, query.period(), query.xAxisType(), start, end);
    int n = buckets.buckets().size();
    long[] xs = new long[n];
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      xs[i] = buckets.buckets().get(i).x();
      values[i] = buckets.buckets().get(i).value(query.stat());
    }
    if (buckets.truncated()) {
      String message = QueryMessages.truncated(n, buckets.nextStart().getAsLong());
      return new QueryResult(QueryStatus.Truncated, message, xs, values);
    }
    return new QueryResult(QueryStatus.Complete, null, xs, values);
  }

  private BucketedSeries bucket(SeriesKey series, Period period, XAxisType axis, long start, long end) {
    if (period.isTime()) {
      return Bucketing.byTime(store, series, start, end, period.millis(), maxBuckets);
    }
    return axis == XAxisType.IterationNumber
        ? Bucketing.byStep(store, series, start, end, 1, maxBuckets)
        : Bucketing.stepsByTime(store, series, start, end, maxBuckets);
  }

  private static ResourceArn parseOrNull(String arn) {
    try {
      return ResourceArn.parse(arn);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * Deletes every metric of the caller's trial component (in the caller's account and region); returns the number of
   * points deleted, 0 when there were none (so a repeated deletion answers as the first did, with 0).
   *
   * @throws ApiException ThrottlingException or ServiceUnavailable as for an append
   */
  public long deleteTrialComponent(Principal caller, String trialComponentName) {
    return await(() -> store.deleteTrialComponent(caller.account(), caller.region(), trialComponentName));
  }

  private List<AppendOutcome> append(AppendBatch batch) {
    List<AppendOutcome> outcomes = await(() -> store.append(batch));
    if (outcomes.size() != batch.points().size()) {
      throw new IllegalStateException(
          "store answered " + outcomes.size() + " outcomes for " + batch.points().size() + " points");
    }
    return outcomes;
  }

  /**
   * Starts a store operation and waits for it; whether it fails at once or through its future, the failure becomes
   * the AWS-shaped error (ThrottlingException, ServiceUnavailable, or InternalFailure for anything unexpected).
   */
  private static <T> T await(Supplier<CompletableFuture<T>> operation) {
    try {
      return operation.get().get();
    } catch (StoreException e) {
      throw storeFailure(e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof StoreException storeException) {
        throw storeFailure(storeException);
      }
      throw new ApiException(ErrorCode.InternalFailure, INTERNAL_MESSAGE, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(ErrorCode.ServiceUnavailable, UNAVAILABLE_MESSAGE, e);
    }
  }

  private static ApiException storeFailure(StoreException e) {
    return StoreFailures.of(e);
  }

  private static ApiException unavailable(StoreException e) {
    return new ApiException(ErrorCode.ServiceUnavailable, UNAVAILABLE_MESSAGE, e);
  }
}
