package dev.stepwise.service;

import static dev.stepwise.service.MetricsServicePutTest.CALLER;
import static dev.stepwise.service.MetricsServicePutTest.CLOCK;
import static dev.stepwise.service.MetricsServicePutTest.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.config.ServerConfig;
import dev.stepwise.model.MetricQuery;
import dev.stepwise.model.Period;
import dev.stepwise.model.PutMetricsCommand;
import dev.stepwise.model.QueryResult;
import dev.stepwise.model.RawMetric;
import dev.stepwise.model.XAxisType;
import dev.stepwise.stats.Stat;
import dev.stepwise.store.MetricStore;
import dev.stepwise.store.StoreLimits;
import dev.stepwise.store.memory.InMemoryMetricStore;
import dev.stepwise.store.sqlite.SqliteMetricStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * BatchGetMetrics answered from the minute aggregates SQLite keeps at ingest equals, bit for bit, the same
 * queries answered by the in-memory store, which keeps nothing and folds the raw points at query time.
 */
@DisplayName("kept minute aggregates")
class KeptAggregatesTest {
  static final long DAY = 86_400_000L;

  @TempDir Path dir;

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {7, 11, 2026})
  @DisplayName("answer every query exactly as the raw computation, on random data written out of order")
  void equalToRaw(long seed) {
    Random random = new Random(seed);
    try (MetricStore raw = new InMemoryMetricStore(StoreLimits.DEFAULT);
        MetricStore kept = new SqliteMetricStore(dir, StoreLimits.DEFAULT, 1_000)) {
      MetricsService rawService = new MetricsService(raw, ServerConfig.defaults(), CLOCK);
      MetricsService keptService = new MetricsService(kept, ServerConfig.defaults(), CLOCK);
      long start = NOW - DAY;
      List<RawMetric> points = new ArrayList<>();
      for (int i = 0; i < 3_000; i++) {
        long timestamp = start + (long) (random.nextDouble() * 3 * 3_600_000L);
        Integer step = random.nextInt(5) == 0 ? null : random.nextInt(2_000);
        double value = random.nextBoolean() ? random.nextGaussian() * 100 : Math.exp(random.nextGaussian() * 10);
        points.add(new RawMetric(random.nextInt(3) == 0 ? "acc" : "loss", timestamp, step, value));
      }
      for (int i = 0; i < points.size(); ) {
        int n = 1 + random.nextInt(10);
        PutMetricsCommand command = new PutMetricsCommand("tc-1", points.subList(i, Math.min(points.size(), i + n)));
        assertThat(rawService.put(CALLER, command)).isEmpty();
        assertThat(keptService.put(CALLER, command)).isEmpty();
        i += n;
      }

      List<MetricQuery> queries = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        Period period = Period.values()[random.nextInt(3)]; // the time periods: those are the ones kept
        Long from = random.nextInt(4) == 0 ? null : start + random.nextInt(4 * 3_600_000) - 1_800_000L;
        Long to = random.nextInt(4) == 0 ? null : (from == null ? start : from) + random.nextInt(4 * 3_600_000);
        queries.add(new MetricQuery(
            random.nextBoolean() ? "loss" : "acc",
            "arn:aws:sagemaker:us-west-2:111122223333:experiment-trial-component/tc-1",
            Stat.values()[random.nextInt(Stat.values().length)],
            period,
            XAxisType.Timestamp,
            from,
            to));
      }
      List<QueryResult> expected = rawService.get(CALLER, queries);
      List<QueryResult> actual = keptService.get(CALLER, queries);
      for (int i = 0; i < queries.size(); i++) {
        assertThat(actual.get(i).status()).as("%s", queries.get(i)).isEqualTo(expected.get(i).status());
        assertThat(actual.get(i).xAxisValues()).as("%s", queries.get(i)).isEqualTo(expected.get(i).xAxisValues());
        assertThat(bits(actual.get(i).metricValues())).as("%s", queries.get(i))
            .isEqualTo(bits(expected.get(i).metricValues()));
      }
      assertThat(expected).anySatisfy(r -> assertThat(r.metricValues().length).isGreaterThan(100));
    }
  }

  private static long[] bits(double[] values) {
    return Arrays.stream(values).mapToLong(Double::doubleToRawLongBits).toArray();
  }
}
