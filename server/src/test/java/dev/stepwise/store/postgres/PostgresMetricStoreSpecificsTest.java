package dev.stepwise.store.postgres;

import static dev.stepwise.store.AppendOutcome.METRIC_LIMIT_EXCEEDED;
import static dev.stepwise.store.AppendOutcome.STORED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.model.experiments.EntityKind;
import dev.stepwise.model.experiments.TrialComponent;
import dev.stepwise.store.AppendBatch;
import dev.stepwise.store.AppendOutcome;
import dev.stepwise.store.NewPoint;
import dev.stepwise.store.Partition;
import dev.stepwise.store.SeriesKey;
import dev.stepwise.store.SeriesStats;
import dev.stepwise.store.StoreLimits;
import dev.stepwise.store.StoreUnavailableException;
import dev.stepwise.store.Stored;
import dev.stepwise.store.jdbc.MinuteAggregateSql;
import dev.stepwise.testing.PostgresTestDatabase;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** What only the PostgreSQL store has to show: migration by racing nodes, limits held across nodes, failures. */
@EnabledIfEnvironmentVariable(named = PostgresTestDatabase.URL_VARIABLE, matches = ".+")
@DisplayName("PostgresMetricStore, beyond the contract,")
class PostgresMetricStoreSpecificsTest {
  private static final String TC = "tc-1";

  /**
   * The advisory lock a retention pass holds, as another node would hold it: "RETN" and the schema's hash, so that
   * deployments in other schemas of the database do not wait on each other.
   */
  private static final String RETENTION_LOCK = "1380275278, hashtext(current_schema())";

  private PostgresTestDatabase db;
  private final List<PostgresMetricStore> opened = new ArrayList<>();

  @BeforeEach
  void createSchema() throws SQLException {
    db = new PostgresTestDatabase();
  }

  @AfterEach
  void dropSchema() throws SQLException {
    opened.forEach(PostgresMetricStore::close);
    db.close();
  }

  private PostgresMetricStore open(StoreLimits limits) {
    PostgresMetricStore store = new PostgresMetricStore(db.url(), "test database", limits, 1_024);
    synchronized (opened) {
      opened.add(store);
    }
    return store;
  }

  private static AppendBatch batch(NewPoint... points) {
    return new AppendBatch("111122223333", "us-east-1", TC, List.of(points));
  }

  private static List<AppendOutcome> append(PostgresMetricStore store, AppendBatch batch) {
    return store.append(batch).orTimeout(30, TimeUnit.SECONDS).join();
  }

  private long count(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(db.url());
        Statement s = c.createStatement();
        ResultSet row = s.executeQuery(sql)) {
      row.next();
      return row.getLong(1);
    }
  }

  @Test
  @DisplayName("is migrated once when four nodes start at the same moment")
  void racingMigrations() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<PostgresMetricStore>> starting = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      starting.add(pool.submit(() -> open(StoreLimits.DEFAULT)));
    }
    for (Future<PostgresMetricStore> store : starting) {
      assertThat(append(store.get(), batch(new NewPoint("m", 1, 1, 1.0)))).hasSize(1);
    }
    pool.shutdown();

    assertThat(count("SELECT count(*) FROM stepwise_schema_history")).isEqualTo(SchemaMigrator.latestVersion());
    assertThat(count("SELECT count(*) FROM point")).isEqualTo(1);
  }

  @Test
  @DisplayName("keeps a version-1 database's minutes through the upgrade to the covering key, read from the index")
  void coveringMinutesUpgrade() throws SQLException {
    PostgresMetricStore first = open(StoreLimits.DEFAULT);
    append(first, batch(new NewPoint("m", 60_000, 1, 1.0), new NewPoint("m", 60_500, 2, 3.0),
        new NewPoint("m", 120_000, 3, 5.0)));
    first.close();
    // What version 1 left: the same rows under a key without the stats (and none of version 3's tables).
    revertToVersion2();
    try (Connection c = DriverManager.getConnection(db.url()); Statement s = c.createStatement()) {
      s.execute("ALTER TABLE minute_aggregate DROP CONSTRAINT minute_aggregate_pkey");
      s.execute("ALTER TABLE minute_aggregate ADD PRIMARY KEY (series_id, minute_ms)");
      s.execute("DELETE FROM stepwise_schema_history WHERE version > 1");
    }

    PostgresMetricStore upgraded = open(StoreLimits.DEFAULT);
    append(upgraded, batch(new NewPoint("m", 61_000, 4, 8.0))); // into a kept minute: the upsert finds the key

    SeriesKey series = new SeriesKey("111122223333", "us-east-1", TC, "m");
    List<String> minutes = new ArrayList<>();
    upgraded.scanMinutes(series, 0, 180_000, (minuteMs, stats) -> {
      minutes.add(minuteMs + ": " + stats.count() + " points, mean " + stats.mean());
      return true;
    });
    assertThat(minutes).containsExactly("60000: 3 points, mean 4.0", "120000: 1 points, mean 5.0");
    assertThat(count("SELECT max(version) FROM stepwise_schema_history")).isEqualTo(SchemaMigrator.latestVersion());
    try (Connection c = DriverManager.getConnection(db.url()); Statement s = c.createStatement()) {
      s.execute("VACUUM minute_aggregate"); // marks the pages all-visible, as autovacuum would
      s.execute("SET enable_seqscan = off"); // two rows: the planner would rather read the table
      StringBuilder plan = new StringBuilder();
      try (PreparedStatement explain = c.prepareStatement("EXPLAIN " + MinuteAggregateSql.KEPT_MINUTES)) {
        explain.setString(1, series.account());
        explain.setString(2, series.region());
        explain.setString(3, series.trialComponent());
        explain.setString(4, series.metricName());
        explain.setLong(5, 0);
        explain.setLong(6, 180_000);
        try (ResultSet rows = explain.executeQuery()) {
          while (rows.next()) {
            plan.append(rows.getString(1)).append('\n');
          }
        }
      }
      assertThat(plan.toString()).contains("Index Only Scan using minute_aggregate_pkey on minute_aggregate");
    }
  }

  /** Undoes version 3 (the control plane): what a database of version 2 looks like, its points and minutes kept. */
  private void revertToVersion2() throws SQLException {
    try (Connection c = DriverManager.getConnection(db.url()); Statement s = c.createStatement()) {
      s.execute("DROP TABLE listing_snapshot, token_key, lineage, trial_membership, entity");
      s.execute("DROP INDEX series_by_metric");
      s.execute("ALTER TABLE series DROP COLUMN stats");
      s.execute("DELETE FROM stepwise_schema_history WHERE version > 2");
    }
  }

  @Test
  @DisplayName("makes a version-2 database's trial components entities, with their metrics' statistics")
  void experimentsUpgrade() throws SQLException {
    PostgresMetricStore first = open(StoreLimits.DEFAULT);
    append(first, batch(new NewPoint("m", 60_000, 1, 1.0), new NewPoint("m", 60_500, 2, 3.0),
        new NewPoint("m", 180_000, 3, 5.0), new NewPoint("n", 120_000, 1, 7.0)));
    first.close();
    revertToVersion2();

    PostgresMetricStore upgraded = open(StoreLimits.DEFAULT);
    Partition partition = new Partition("111122223333", "us-east-1");

    assertThat(upgraded.experiments().find(partition, EntityKind.TRIAL_COMPONENT, TC).map(Stored::entity))
        .contains(TrialComponent.implicit(TC, 60_000));
    List<SeriesStats> stats = upgraded.seriesStats(partition, List.of(TC), List.of("m"));
    assertThat(stats).singleElement().satisfies(s -> {
      assertThat(s.stats().count()).isEqualTo(3);
      assertThat(s.stats().mean()).isEqualTo(3.0);
      assertThat(s.stats().last()).isEqualTo(5.0);
    });
    append(upgraded, batch(new NewPoint("m", 240_000, 4, 11.0)));
    assertThat(upgraded.seriesStats(partition, List.of(TC), List.of("m")).getFirst().stats().count()).isEqualTo(4);
  }

  @Test
  @DisplayName("refuses a database migrated by a newer Stepwise")
  void newerSchema() throws SQLException {
    open(StoreLimits.DEFAULT).close();
    db.execute("INSERT INTO " + db.schema() + ".stepwise_schema_history (version) VALUES (99)");

    assertThatThrownBy(() -> open(StoreLimits.DEFAULT))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("test database")
        .hasMessageContaining("version 99 is newer than this server knows (" + SchemaMigrator.latestVersion() + ")");
  }

  @Test
  @DisplayName("fails to open, with the reason, when nothing listens at the URL")
  void unreachable() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort(); // closed again: connections to it are refused
    }
    long started = System.nanoTime();
    assertThatThrownBy(() -> new PostgresMetricStore(db.url("127.0.0.1:" + port), "nowhere", StoreLimits.DEFAULT, 8))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageStartingWith("cannot open PostgreSQL store at nowhere: ");
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).isLessThan(20);
  }

  @Test
  @DisplayName("holds the metric limit when two nodes race to add the last metric names")
  void metricLimitAcrossNodes() {
    StoreLimits limits = new StoreLimits(10, 1_000);
    PostgresMetricStore node1 = open(limits);
    PostgresMetricStore node2 = open(limits);
    List<CompletableFuture<List<AppendOutcome>>> futures = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      PostgresMetricStore node = i % 2 == 0 ? node1 : node2;
      futures.add(node.append(batch(new NewPoint("metric-" + i, 1, 1, 1.0))));
    }
    List<AppendOutcome> outcomes =
        futures.stream().flatMap(f -> f.orTimeout(30, TimeUnit.SECONDS).join().stream()).toList();

    assertThat(outcomes).filteredOn(o -> o == STORED).hasSize(10);
    assertThat(outcomes).filteredOn(o -> o == METRIC_LIMIT_EXCEEDED).hasSize(20);
  }

  @Test
  @DisplayName("holds the points-per-metric limit when two nodes race, counting duplicates as nothing")
  void pointLimitAcrossNodes() throws SQLException {
    StoreLimits limits = new StoreLimits(10, 25);
    PostgresMetricStore node1 = open(limits);
    PostgresMetricStore node2 = open(limits);
    List<CompletableFuture<List<AppendOutcome>>> futures = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      // Each node gets the same ten points (one node's are the other's retries), and twenty new ones between them.
      NewPoint shared = new NewPoint("m", i % 10, i % 10, 1.0);
      NewPoint own = new NewPoint("m", 1_000 + i, i, 2.0);
      futures.add((i < 10 ? node1 : node2).append(batch(shared, own)));
    }
    List<AppendOutcome> outcomes =
        futures.stream().flatMap(f -> f.orTimeout(30, TimeUnit.SECONDS).join().stream()).toList();

    assertThat(outcomes).filteredOn(o -> o == STORED).hasSize(25);
    assertThat(count("SELECT count(*) FROM point")).isEqualTo(25);
    assertThat(count("SELECT point_count FROM series")).isEqualTo(25);
  }

  @Test
  @DisplayName("commits many concurrent appends in fewer transactions (group commit)")
  void groupCommit() throws SQLException {
    PostgresMetricStore store = open(StoreLimits.DEFAULT);
    List<CompletableFuture<List<AppendOutcome>>> futures = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      futures.add(store.append(batch(new NewPoint("m", i, i, i))));
    }
    futures.forEach(f -> assertThat(f.orTimeout(30, TimeUnit.SECONDS).join()).containsExactly(STORED));

    assertThat(store.writerStats().batches()).isEqualTo(500);
    assertThat(store.writerStats().transactions()).isLessThan(500);
    assertThat(count("SELECT count(*) FROM point")).isEqualTo(500);
  }

  @Test
  @DisplayName("lets one node at a time run retention: a pass finds another node's and leaves the work to it")
  void oneRetentionAtATime() throws SQLException {
    PostgresMetricStore store = open(StoreLimits.DEFAULT);
    append(store, batch(new NewPoint("m", 1_000, 1, 1.0), new NewPoint("m", 600_000, 2, 2.0)));
    try (Connection otherNode = DriverManager.getConnection(db.url()); Statement s = otherNode.createStatement()) {
      // What another node's pass holds while it runs.
      s.execute("SELECT pg_advisory_lock(" + RETENTION_LOCK + ")");

      assertThat(store.dropPointsBefore(300_000).orTimeout(30, TimeUnit.SECONDS).join()).isZero();
      assertThat(count("SELECT count(*) FROM point")).as("left to the node holding the lock").isEqualTo(2);

      s.execute("SELECT pg_advisory_unlock(" + RETENTION_LOCK + ")");
    }
    assertThat(RETENTION_LOCK).startsWith(PostgresRetention.LOCK_CLASS + ", ");
    assertThat(store.dropPointsBefore(300_000).orTimeout(30, TimeUnit.SECONDS).join()).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM point")).isEqualTo(1);
  }

  @Test
  @DisplayName("drops a series' old points through the primary key, never reading the whole point table")
  void retentionReadsThePrimaryKey() throws SQLException {
    PostgresMetricStore store = open(StoreLimits.DEFAULT);
    List<NewPoint> points = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      points.add(new NewPoint("m-" + (i % 100), i * 1_000L, i, i));
    }
    for (int from = 0; from < points.size(); from += 5_000) {
      append(store, new AppendBatch("111122223333", "us-east-1", TC, points.subList(from, from + 5_000)));
    }
    try (Connection c = DriverManager.getConnection(db.url()); Statement s = c.createStatement()) {
      s.execute("ANALYZE point");
      StringBuilder plan = new StringBuilder();
      try (PreparedStatement explain = c.prepareStatement("EXPLAIN " + PostgresRetention.DROP_CHUNK)) {
        PostgresRetention.bindChunk(explain, 1, 5_000_000, PostgresRetention.CHUNK_POINTS);
        try (ResultSet rows = explain.executeQuery()) {
          while (rows.next()) {
            plan.append(rows.getString(1)).append('\n');
          }
        }
      }
      assertThat(plan.toString()).contains("point_pkey").doesNotContain("Seq Scan on point");
    }
  }
}
