package dev.stepwise.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * The server's own metrics, named as Prometheus expects ({@code stepwise_requests_seconds_bucket},
 * {@code stepwise_points_stored_total}, ...). Request latency is a histogram with fixed buckets, so that several
 * nodes' series can be summed; labels are bounded sets (operation, status, error code), never an account or a
 * trial component.
 */
public final class Telemetry implements AutoCloseable {
  /** Prometheus' text exposition format, version 0.0.4. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private static final Duration[] LATENCY_BUCKETS = {
    Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
    Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
    Duration.ofSeconds(1), Duration.ofMillis(2_500), Duration.ofSeconds(5), Duration.ofSeconds(10)
  };

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final Counter pointsStored;
  private final Counter pointsDeduplicated;
  private final Counter itemsInvalid;
  private final Counter itemsOverLimit;
  private final List<DoubleSupplier> suppliers = new CopyOnWriteArrayList<>();

  public Telemetry() {
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    pointsStored = Counter.builder("stepwise.points.stored")
        .description("Points newly stored by BatchPutMetrics").register(registry);
    pointsDeduplicated = Counter.builder("stepwise.points.deduplicated")
        .description("Points equal to one already stored (retries): accepted, not stored again").register(registry);
    itemsInvalid = rejected("VALIDATION_ERROR");
    itemsOverLimit = rejected("METRIC_LIMIT_EXCEEDED");
  }

  private Counter rejected(String code) {
    return Counter.builder("stepwise.items.rejected")
        .description("BatchPutMetrics items answered with a per-item error, by its code")
        .tag("code", code)
        .register(registry);
  }

  /** One request answered: {@code operation} must come from a small fixed set. */
  public void request(String operation, int status, long nanos) {
    Timer.builder("stepwise.requests")
        .description("Requests answered, by operation and HTTP status, and how long they took")
        .tags("operation", operation, "status", Integer.toString(status))
        .serviceLevelObjectives(LATENCY_BUCKETS)
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /** What became of one BatchPutMetrics' items. */
  public void ingested(int stored, int duplicates, int invalid, int overLimit) {
    pointsStored.increment(stored);
    pointsDeduplicated.increment(duplicates);
    itemsInvalid.increment(invalid);
    itemsOverLimit.increment(overLimit);
  }

  /** A value that only grows, read when scraped; {@code unit} (or null) ends the Prometheus name before _total. */
  public void monotonic(String name, String unit, String description, DoubleSupplier value) {
    suppliers.add(value); // Micrometer holds it weakly, and nothing else would hold it
    FunctionCounter.builder(name, value, DoubleSupplier::getAsDouble)
        .baseUnit(unit)
        .description(description)
        .register(registry);
  }

  /** A value read when scraped. */
  public void gauge(String name, String description, DoubleSupplier value) {
    Gauge.builder(name, value, DoubleSupplier::getAsDouble)
        .strongReference(true)
        .description(description)
        .register(registry);
  }

  /** For binders that register themselves (the HTTP thread pool, a connection pool). */
  public io.micrometer.core.instrument.MeterRegistry registry() {
    return registry;
  }

  /** Everything, in Prometheus' text format. */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
