package dev.stepwise.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.model.experiments.EntityKind;
import dev.stepwise.model.experiments.TrialComponent;
import dev.stepwise.store.AppendBatch;
import dev.stepwise.store.AppendOutcome;
import dev.stepwise.store.MetricStore;
import dev.stepwise.store.MinuteAggregate.StoredPoint;
import dev.stepwise.store.MinuteAggregate;
import dev.stepwise.store.Minutes;
import dev.stepwise.store.NewPoint;
import dev.stepwise.store.Partition;
import dev.stepwise.store.SeriesKey;
import dev.stepwise.store.StoreLimits;
import dev.stepwise.store.Stored;
import dev.stepwise.store.jdbc.MinuteAggregateSql;
import dev.stepwise.store.memory.InMemoryMetricStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The block layout and the point log (schema versions 2 and 3) against the in-memory reference store on random,
 * hostile workloads (points out of order, retries of earlier batches, duplicates within a batch, wide step ranges),
 * folded after every group, in small folds or not at all; recovery from a file with an unfolded log; and the
 * migration of a version 1 file.
 */
@DisplayName("SQLite point blocks")
class PointBlocksTest {
  private static final String ACCOUNT = "111122223333";
  private static final String REGION = "us-east-1";
  private static final List<String> METRICS = List.of("loss", "acc", "lr");
  private static final long ORIGIN = 1_767_312_000_000L;

  @TempDir Path dataDir;

  private static SeriesKey series(String trialComponent, String metric) {
    return new SeriesKey(ACCOUNT, REGION, trialComponent, metric);
  }

  private static NewPoint randomPoint(Random random) {
    // Few distinct timestamps, steps and values, so that equal points and ties are common.
    long timestamp = ORIGIN + random.nextInt(6) * 20_000L + random.nextInt(3) * 7;
    int step = random.nextInt(5) == 0 ? NewPoint.NO_STEP : random.nextInt(4) == 0 ? random.nextInt(5_000) : random.nextInt(40);
    double value = random.nextInt(4) * 0.5;
    return new NewPoint(METRICS.get(random.nextInt(METRICS.size())), timestamp, step, value);
  }

  private static List<AppendOutcome> append(MetricStore store, AppendBatch batch) {
    return store.append(batch).orTimeout(30, TimeUnit.SECONDS).join();
  }

  private static List<List<Number>> byTime(MetricStore store, SeriesKey key, long from, long to) {
    List<List<Number>> points = new ArrayList<>();
    store.scanByTime(key, from, to, (t, s, v, q) -> points.add(List.of(t, s, v)));
    return points;
  }

  private static List<List<Number>> byStep(MetricStore store, SeriesKey key, long from, long to) {
    List<List<Number>> points = new ArrayList<>();
    store.scanByStep(key, from, to, (t, s, v, q) -> points.add(List.of(t, s, v)));
    return points;
  }

  /** Random batches, a quarter of them retries of earlier ones; the batches sent so far, to retry after a restart. */
  private static final class Workload {
    private final Random random;
    final List<AppendBatch> sent = new ArrayList<>();

    Workload(long seed) {
      this.random = new Random(seed);
    }

    AppendBatch next() {
      if (!sent.isEmpty() && random.nextInt(4) == 0) {
        return sent.get(random.nextInt(sent.size())); // a retry
      }
      List<NewPoint> points = new ArrayList<>();
      for (int p = 0, n = 1 + random.nextInt(10); p < n; p++) {
        points.add(randomPoint(random));
      }
      AppendBatch batch = new AppendBatch(ACCOUNT, REGION, "tc-" + random.nextInt(2), points);
      sent.add(batch);
      return batch;
    }
  }

  private static void appendBoth(MetricStore sqlite, MetricStore reference, AppendBatch batch, int index) {
    assertThat(append(sqlite, batch)).as("batch %d", index).isEqualTo(append(reference, batch));
  }

  /** One kept minute as a scan passed it; records compare doubles bit for bit. */
  private record MinuteRow(long minuteMs, long count, double min, double max, double mean, double m2, double last) {}

  private static List<MinuteRow> minutes(MetricStore store, SeriesKey key, long from, long to) {
    List<MinuteRow> rows = new ArrayList<>();
    store.scanMinutes(key, from, to, (minute, s) ->
        rows.add(new MinuteRow(minute, s.count(), s.min(), s.max(), s.mean(), s.m2(), s.last())));
    return rows;
  }

  /** Every read the store answers, for every series the workloads write, equal to the reference's. */
  private static void assertSameAs(MetricStore reference, MetricStore sqlite) {
    for (String tc : List.of("tc-0", "tc-1")) {
      for (String metric : METRICS) {
        SeriesKey key = series(tc, metric);
        assertThat(byTime(sqlite, key, Long.MIN_VALUE, Long.MAX_VALUE))
            .isEqualTo(byTime(reference, key, Long.MIN_VALUE, Long.MAX_VALUE));
        assertThat(byTime(sqlite, key, ORIGIN + 20_007, ORIGIN + 80_007))
            .isEqualTo(byTime(reference, key, ORIGIN + 20_007, ORIGIN + 80_007));
        assertThat(byStep(sqlite, key, Long.MIN_VALUE, Long.MAX_VALUE))
            .isEqualTo(byStep(reference, key, Long.MIN_VALUE, Long.MAX_VALUE));
        assertThat(byStep(sqlite, key, 10, 30)).isEqualTo(byStep(reference, key, 10, 30));
        assertThat(byStep(sqlite, key, 2_000, 4_000)).isEqualTo(byStep(reference, key, 2_000, 4_000));
        assertThat(minutes(sqlite, key, Long.MIN_VALUE, Long.MAX_VALUE))
            .isEqualTo(minutes(reference, key, Long.MIN_VALUE, Long.MAX_VALUE));
        assertThat(minutes(sqlite, key, ORIGIN + 20_007, ORIGIN + 80_007))
            .isEqualTo(minutes(reference, key, ORIGIN + 20_007, ORIGIN + 80_007));
        assertThat(sqlite.summarize(key)).isEqualTo(reference.summarize(key));
      }
    }
    assertThat(sqlite.partitions()).isEqualTo(reference.partitions());
    for (Partition partition : reference.partitions()) {
      assertThat(sqlite.summarize(partition)).isEqualTo(reference.summarize(partition));
    }
  }

  private static Tuning folding(String policy) {
    return Tuning.DEFAULT.withFold(switch (policy) {
      case "every group" -> FoldPolicy.EVERY_GROUP;
      case "on request" -> FoldPolicy.ON_REQUEST;
      case "small" -> new FoldPolicy(25, 4, Duration.ofMillis(5));
      default -> throw new IllegalArgumentException(policy);
    });
  }

  @ParameterizedTest(name = "folding {0}, seed {1}")
  @CsvSource({
      "every group, 1", "every group, 2", "on request, 3", "on request, 4", "small, 5", "small, 6", "small, 7"})
  @DisplayName("store, deduplicate, scan and summarize as the reference store does, whenever the log is folded")
  void sameAsReference(String policy, long seed) {
    StoreLimits limits = new StoreLimits(1_000, 400);
    InMemoryMetricStore reference = new InMemoryMetricStore(limits);
    Workload workload = new Workload(seed);
    try (SqliteMetricStore sqlite = new SqliteMetricStore(dataDir, limits, 64, folding(policy))) {
      for (int i = 0; i < 300; i++) {
        appendBoth(sqlite, reference, workload.next(), i);
        if (i % 100 == 99) {
          assertSameAs(reference, sqlite);
        }
      }
    }
    // And again after a restart, when the writer knows nothing but what the file holds.
    try (SqliteMetricStore reopened = new SqliteMetricStore(dataDir, limits, 64, folding(policy))) {
      assertSameAs(reference, reopened);
      for (int i = 0; i < 20; i++) {
        appendBoth(reopened, reference, workload.sent.get(i), i);
      }
      assertSameAs(reference, reopened);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {11, 12})
  @DisplayName("a file left with an unfolded log, as a crash leaves it, opens with every point, and folds at close")
  void crashImage(long seed) throws Exception {
    StoreLimits limits = new StoreLimits(1_000, 400);
    InMemoryMetricStore reference = new InMemoryMetricStore(limits);
    Workload workload = new Workload(seed);
    Path image = dataDir.resolve("image");
    Files.createDirectories(image);
    try (SqliteMetricStore sqlite =
        new SqliteMetricStore(dataDir.resolve("live"), limits, 64, folding("on request"))) {
      for (int i = 0; i < 200; i++) {
        appendBoth(sqlite, reference, workload.next(), i);
      }
      // Every append has committed and the writer is idle: the database and its WAL are what a kill -9 leaves.
      for (String name : List.of(SqliteFile.FILE_NAME, SqliteFile.FILE_NAME + "-wal")) {
        Files.copy(dataDir.resolve("live").resolve(name), image.resolve(name));
      }
    }
    assertThat(logRows(image)).isPositive();

    try (SqliteMetricStore recovered = new SqliteMetricStore(image, limits, 64, folding("on request"))) {
      assertSameAs(reference, recovered);
      for (int i = 0; i < 40; i++) {
        appendBoth(recovered, reference, workload.sent.get(i), i); // retries of acknowledged points are duplicates
      }
      for (int i = 200; i < 260; i++) {
        appendBoth(recovered, reference, workload.next(), i);
      }
      assertSameAs(reference, recovered);
    }
    assertThat(logRows(image)).isZero();
    try (SqliteMetricStore reopened = new SqliteMetricStore(image, limits, 64, folding("every group"))) {
      assertSameAs(reference, reopened);
    }
  }

  private static long logRows(Path dir) throws SQLException {
    String url = "jdbc:sqlite:" + dir.resolve(SqliteFile.FILE_NAME).toAbsolutePath();
    try (Connection c = DriverManager.getConnection(url);
        var rows = c.createStatement().executeQuery("SELECT count(*) FROM point_log")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  @Nested
  @DisplayName("migration from schema version 1")
  class Migration {
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {7, 8})
    @DisplayName("keeps every point, its sequence, the kept minutes and the summaries")
    void fromVersionOne(long seed) throws SQLException {
      Random random = new Random(seed);
      List<StoredPoint> points = new ArrayList<>();
      long sequence = 0;
      for (int i = 0; i < 5_000; i++) {
        long timestamp = ORIGIN + random.nextInt(30 * 60_000);
        int step = random.nextInt(10) == 0 ? NewPoint.NO_STEP : random.nextInt(100_000);
        points.add(new StoredPoint(timestamp, step, random.nextGaussian(), ++sequence));
      }
      try (Connection c = DriverManager.getConnection(
          "jdbc:sqlite:" + dataDir.resolve(SqliteFile.FILE_NAME).toAbsolutePath())) {
        SchemaMigrator.migrate(c, 1);
        writeVersionOne(c, points);
      }

      try (SqliteMetricStore store = new SqliteMetricStore(dataDir, StoreLimits.DEFAULT, 16)) {
        SeriesKey key = series("tc-0", "loss");
        List<StoredPoint> stored = new ArrayList<>();
        store.scanByTime(key, Long.MIN_VALUE, Long.MAX_VALUE,
            (t, s, v, q) -> stored.add(new StoredPoint(t, s, v, q)));
        assertThat(stored).containsExactlyElementsOf(points.stream()
            .sorted(Comparator.comparingLong(StoredPoint::timestampMs).thenComparingInt(StoredPoint::step)
                .thenComparingDouble(StoredPoint::value))
            .toList());
        List<StoredPoint> bySteps = new ArrayList<>();
        store.scanByStep(key, 0, Integer.MAX_VALUE, (t, s, v, q) -> bySteps.add(new StoredPoint(t, s, v, q)));
        assertThat(bySteps).containsExactlyElementsOf(points.stream()
            .filter(p -> p.step() >= 0)
            .sorted(Comparator.comparingInt(StoredPoint::step).thenComparingLong(StoredPoint::timestampMs)
                .thenComparingLong(StoredPoint::sequence))
            .toList());
        StoredPoint last = points.stream()
            .max(Comparator.comparingLong(StoredPoint::timestampMs).thenComparingLong(StoredPoint::sequence))
            .orElseThrow();
        assertThat(store.summarize(key)).hasValueSatisfying(summary -> {
          assertThat(summary.pointCount()).isEqualTo(points.size());
          assertThat(summary.lastValue()).isEqualTo(last.value());
          assertThat(summary.lastTimestampMs()).isEqualTo(last.timestampMs());
        });
        List<Long> keptMinutes = new ArrayList<>();
        store.scanMinutes(key, Long.MIN_VALUE, Long.MAX_VALUE, (minute, stats) -> keptMinutes.add(minute));
        assertThat(keptMinutes).hasSize(30);
        Partition partition = new Partition(ACCOUNT, REGION);
        assertThat(store.experiments().find(partition, EntityKind.TRIAL_COMPONENT, "tc-0").map(Stored::entity))
            .contains(TrialComponent.implicit("tc-0", keptMinutes.getFirst()));
        assertThat(store.seriesStats(partition, List.of("tc-0"), List.of())).singleElement().satisfies(s -> {
          assertThat(s.stats().count()).isEqualTo(points.size());
          assertThat(s.stats().last()).isEqualTo(last.value());
          assertThat(s.stats().max()).isEqualTo(points.stream().mapToDouble(StoredPoint::value).max().orElseThrow());
        });

        StoredPoint old = points.get(123);
        assertThat(append(store, new AppendBatch(ACCOUNT, REGION, "tc-0",
                List.of(new NewPoint("loss", old.timestampMs(), old.step(), old.value())))))
            .containsExactly(AppendOutcome.DUPLICATE);
        assertThat(append(store, new AppendBatch(ACCOUNT, REGION, "tc-0",
                List.of(new NewPoint("loss", old.timestampMs(), old.step(), old.value() + 1)))))
            .containsExactly(AppendOutcome.STORED);
      }
    }

    /** What version 1's writer left: the points, their minutes' aggregates, the counters. */
    private void writeVersionOne(Connection c, List<StoredPoint> points) throws SQLException {
      c.createStatement().executeUpdate("INSERT INTO series (id, account, region, trial_component, metric_name,"
          + " point_count) VALUES (1, '" + ACCOUNT + "', '" + REGION + "', 'tc-0', 'loss', " + points.size() + ")");
      try (PreparedStatement insert = c.prepareStatement(
          "INSERT INTO point (series_id, timestamp_ms, step, value, sequence) VALUES (1, ?, ?, ?, ?)")) {
        for (StoredPoint p : points) {
          insert.setLong(1, p.timestampMs());
          insert.setInt(2, p.step());
          insert.setDouble(3, p.value());
          insert.setLong(4, p.sequence());
          insert.executeUpdate();
        }
      }
      Map<Long, List<StoredPoint>> minutes = new TreeMap<>();
      points.forEach(p -> minutes.computeIfAbsent(Minutes.minuteOf(p.timestampMs()), m -> new ArrayList<>()).add(p));
      try (PreparedStatement upsert = c.prepareStatement(MinuteAggregateSql.UPSERT)) {
        for (Map.Entry<Long, List<StoredPoint>> minute : minutes.entrySet()) {
          MinuteAggregateSql.bindUpsert(upsert, 1, minute.getKey(), MinuteAggregate.of(minute.getValue()));
          upsert.executeUpdate();
        }
      }
      c.createStatement().executeUpdate("UPDATE store_state SET last_sequence = " + points.size());
    }
  }
}
