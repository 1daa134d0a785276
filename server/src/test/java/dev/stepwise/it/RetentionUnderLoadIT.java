package dev.stepwise.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.Main;
import dev.stepwise.config.ServerConfig;
import dev.stepwise.store.AppendBatch;
import dev.stepwise.store.MetricStore;
import dev.stepwise.store.NewPoint;
import dev.stepwise.store.Partition;
import dev.stepwise.store.SeriesSummary;
import dev.stepwise.store.StoreLimits;
import dev.stepwise.store.postgres.PostgresMetricStore;
import dev.stepwise.store.sqlite.SqliteMetricStore;
import dev.stepwise.testing.PostgresTestDatabase;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.sagemakermetrics.SageMakerMetricsClient;
import software.amazon.awssdk.services.sagemakermetrics.model.BatchPutMetricsResponse;
import software.amazon.awssdk.services.sagemakermetrics.model.RawMetricData;
import software.amazon.awssdk.services.sagemakermetrics.model.SageMakerMetricsException;

/**
 * A retention pass over 1,000,000 old points while clients write: the real server on each store, the real SDK
 * clients (one attempt per call, so no refusal hides behind a retry). The old points are one a minute in each of 100
 * series, the costliest layout for retention: a kept minute, and on SQLite a block, for every point. No write may be
 * refused (429) or fail (503), and the writes' p99 latency during the pass stays bounded. The figures go to
 * docs/reliability.md; a run with {@code -Dstepwise.retention.points=N} changes the size.
 */
@DisplayName("Retention of 1,000,000 old points while clients write")
class RetentionUnderLoadIT {
  static final int OLD_POINTS = Integer.getInteger("stepwise.retention.points", 1_000_000);
  static final int SERIES = 100;
  static final int WRITERS = 4;
  static final Duration RETENTION = Duration.ofDays(7);
  /** Generous for a shared 2-core machine; what the pass did before it was cut into chunks is far beyond it. */
  static final Duration P99_BOUND = Duration.ofMillis(750);

  @TempDir Path dir;

  @Test
  @DisplayName("on SQLite: nothing refused, p99 bounded, summaries right afterwards")
  void sqlite() throws Exception {
    Path data = dir.resolve("data");
    run("SQLite", ServerConfig.defaults().withPort(0).withDataDir(data),
        () -> new SqliteMetricStore(data, StoreLimits.DEFAULT, 128));
  }

  @Test
  @EnabledIfEnvironmentVariable(named = PostgresTestDatabase.URL_VARIABLE, matches = ".+")
  @DisplayName("on PostgreSQL: nothing refused, p99 bounded, summaries right afterwards")
  void postgres() throws Exception {
    try (PostgresTestDatabase db = new PostgresTestDatabase()) {
      run("PostgreSQL", ServerConfig.defaults().withPort(0).withDataDir(dir).toBuilder().postgresUrl(db.url()).build(),
          () -> new PostgresMetricStore(db.url(), "test database", StoreLimits.DEFAULT, 128));
    }
  }

  void run(String name, ServerConfig config, Supplier<MetricStore> openStore) throws Exception {
    long now = System.currentTimeMillis();
    long oldStart = now - Duration.ofDays(30).toMillis();
    long loadStarted = System.nanoTime();
    try (MetricStore store = openStore.get()) {
      loadOldPoints(store, oldStart);
    }
    double loadSeconds = (System.nanoTime() - loadStarted) / 1e9;

    ServerConfig withRetention = config.toBuilder().retention(RETENTION).build();
    List<SageMakerMetricsClient> clients = new ArrayList<>();
    try (Main.Running running = Main.start(withRetention, Clock.systemUTC())) {
      for (int i = 0; i < WRITERS; i++) {
        clients.add(StepwiseTestServer.client(URI.create("http://127.0.0.1:" + running.server().port()),
            AwsBasicCredentials.create(StepwiseTestServer.ACCOUNT, "local"), 1));
      }
      Load load = new Load(clients);
      load.start();
      load.awaitRequests(50); // warm: the clients and the server have answered a few
      long baselineStarted = System.nanoTime();
      load.awaitRequests(load.requests.get() + 200); // the same writes without a pass, to compare with

      long passStarted = System.nanoTime();
      long dropped = running.store().dropPointsBefore(System.currentTimeMillis() - RETENTION.toMillis())
          .get(10, TimeUnit.MINUTES);
      long passEnded = System.nanoTime();
      double passSeconds = (passEnded - passStarted) / 1e9;
      load.stop();

      // Every request that was in flight at some moment of the pass: a write held up by it counts.
      List<Long> latencies = load.latencies(passStarted, passEnded);
      List<Long> baseline = load.latenciesWithin(baselineStarted, passStarted);
      System.out.printf(Locale.ROOT, "%s retention under load: %,d old points loaded in %.1f s; pass dropped %,d in"
              + " %.1f s while %d clients wrote %,d requests; write latency during the pass p50 %.1f ms, p99 %.1f ms,"
              + " max %.1f ms (just before it, %,d requests: p50 %.1f ms, p99 %.1f ms, max %.1f ms); refused or"
              + " failed: %d%n",
          name, OLD_POINTS, loadSeconds, dropped, passSeconds, WRITERS, latencies.size(), percentile(latencies, 0.50),
          percentile(latencies, 0.99), percentile(latencies, 1.0), baseline.size(), percentile(baseline, 0.50),
          percentile(baseline, 0.99), percentile(baseline, 1.0), load.failures.size());

      assertThat(load.failures).as("no write refused (429) or failed (503)").isEmpty();
      assertThat(dropped).isEqualTo(OLD_POINTS);
      assertThat(latencies).as("writes answered during the pass").hasSizeGreaterThan(WRITERS);
      assertThat(percentile(latencies, 0.99)).as("p99 latency (ms) of the writes during the pass")
          .isLessThan((double) P99_BOUND.toMillis());

      List<SeriesSummary> summaries = running.store().summarize(new Partition(StepwiseTestServer.ACCOUNT,
          StepwiseTestServer.REGION));
      assertThat(summaries).as("the old series are gone from the listing; the written one is whole")
          .extracting(SeriesSummary::metricName).containsExactly("live");
      assertThat(summaries.getFirst().pointCount()).isEqualTo(load.points.get());
      assertThat(summaries.getFirst().maxStep()).isEqualTo(load.points.get() - 1);
    } finally {
      clients.forEach(SageMakerMetricsClient::close);
    }
  }

  static void loadOldPoints(MetricStore store, long oldStart) throws Exception {
    int perSeries = OLD_POINTS / SERIES;
    List<CompletableFuture<?>> pending = new ArrayList<>();
    for (int s = 0; s < SERIES; s++) {
      for (int from = 0; from < perSeries; from += 5_000) {
        List<NewPoint> points = new ArrayList<>();
        for (int i = from; i < Math.min(perSeries, from + 5_000); i++) {
          points.add(new NewPoint("old-" + s, oldStart + i * 60_000L, i, i * 0.5));
        }
        pending.add(store.append(new AppendBatch(StepwiseTestServer.ACCOUNT, StepwiseTestServer.REGION, "old-run",
            points)));
        if (pending.size() == 16) {
          for (CompletableFuture<?> f : pending) {
            f.get(5, TimeUnit.MINUTES);
          }
          pending.clear();
        }
      }
    }
    for (CompletableFuture<?> f : pending) {
      f.get(5, TimeUnit.MINUTES);
    }
  }

  static double percentile(List<Long> sortedNanos, double p) {
    if (sortedNanos.isEmpty()) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(p * sortedNanos.size()) - 1;
    return sortedNanos.get(Math.max(0, index)) / 1e6;
  }

  /** Clients writing new points of one series without pause, one request of 10 points at a time each. */
  static final class Load {
    final List<SageMakerMetricsClient> clients;
    final AtomicBoolean running = new AtomicBoolean(true);
    /** Each request's start and end, System.nanoTime(). */
    final ConcurrentLinkedQueue<long[]> requestsNanos = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    final AtomicInteger points = new AtomicInteger();
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger nextStep = new AtomicInteger();
    final List<Thread> threads = new ArrayList<>();

    Load(List<SageMakerMetricsClient> clients) {
      this.clients = clients;
    }

    void start() {
      for (SageMakerMetricsClient client : clients) {
        threads.add(Thread.ofPlatform().name("retention-load").start(() -> write(client)));
      }
    }

    void awaitRequests(int n) {
      dev.stepwise.testing.Await.until(n + " requests answered", Duration.ofSeconds(60), () -> requests.get() >= n);
    }

    void write(SageMakerMetricsClient client) {
      while (running.get()) {
        List<RawMetricData> batch = new ArrayList<>();
        int first = nextStep.getAndAdd(10);
        for (int step = first; step < first + 10; step++) {
          batch.add(RawMetricData.builder().metricName("live").timestamp(Instant.now()).step(step).value((double) step)
              .build());
        }
        long started = System.nanoTime();
        try {
          BatchPutMetricsResponse response =
              client.batchPutMetrics(b -> b.trialComponentName("live-run").metricData(batch));
          if (response.hasErrors() && !response.errors().isEmpty()) {
            failures.add("item errors " + response.errors());
          } else {
            points.addAndGet(10);
          }
        } catch (SageMakerMetricsException e) {
          failures.add(e.statusCode() + " " + e.awsErrorDetails().errorCode());
        } catch (RuntimeException e) {
          failures.add(e.toString());
        }
        requestsNanos.add(new long[] {started, System.nanoTime()});
        requests.incrementAndGet();
      }
    }

    /** The latencies, sorted, of the requests in flight at some moment of {@code [from, to)}. */
    List<Long> latencies(long fromNanos, long toNanos) {
      List<Long> latencies = new ArrayList<>();
      for (long[] request : requestsNanos) {
        if (request[0] < toNanos && request[1] > fromNanos) {
          latencies.add(request[1] - request[0]);
        }
      }
      Collections.sort(latencies);
      return latencies;
    }

    /** The latencies, sorted, of the requests sent and answered within {@code [from, to)}. */
    List<Long> latenciesWithin(long fromNanos, long toNanos) {
      List<Long> latencies = new ArrayList<>();
      for (long[] request : requestsNanos) {
        if (request[0] >= fromNanos && request[1] < toNanos) {
          latencies.add(request[1] - request[0]);
        }
      }
      Collections.sort(latencies);
      return latencies;
    }

    void stop() throws InterruptedException {
      running.set(false);
      for (Thread thread : threads) {
        thread.join(TimeUnit.MINUTES.toMillis(1));
      }
    }
  }
}
