package dev.stepwise.store.sqlite;

import static dev.stepwise.store.AppendOutcome.DUPLICATE;
import static dev.stepwise.store.AppendOutcome.METRIC_LIMIT_EXCEEDED;
import static dev.stepwise.store.AppendOutcome.STORED;
import static dev.stepwise.store.NewPoint.NO_STEP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.store.AppendBatch;
import dev.stepwise.store.AppendOutcome;
import dev.stepwise.store.NewPoint;
import dev.stepwise.store.SeriesKey;
import dev.stepwise.store.StoreLimits;
import dev.stepwise.store.StoreOverloadedException;
import dev.stepwise.store.StoreUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the SQLite store has to show: durability on disk, group commit, back-pressure, failures, plans. */
@DisplayName("SqliteMetricStore, beyond the contract,")
class SqliteMetricStoreSpecificsTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String TC = "tc-1";

  @TempDir Path dataDir;
  private final List<SqliteMetricStore> opened = new ArrayList<>();

  @AfterEach
  void closeStores() {
    opened.forEach(SqliteMetricStore::close);
  }

  private SqliteMetricStore open(StoreLimits limits, int capacity, Tuning tuning) {
    SqliteMetricStore store = new SqliteMetricStore(dataDir, limits, capacity, tuning);
    opened.add(store);
    return store;
  }

  private static AppendBatch batch(NewPoint... points) {
    return new AppendBatch("111122223333", "us-east-1", TC, List.of(points));
  }

  private static SeriesKey series(String metric) {
    return new SeriesKey("111122223333", "us-east-1", TC, metric);
  }

  private static List<AppendOutcome> append(SqliteMetricStore store, NewPoint... points) {
    return store.append(batch(points)).orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
  }

  private static List<List<Number>> rows(SqliteMetricStore store, String metric) {
    List<List<Number>> rows = new ArrayList<>();
    store.scanByTime(series(metric), Long.MIN_VALUE, Long.MAX_VALUE, (t, s, v, q) -> rows.add(List.of(t, s, v, q)));
    return rows;
  }

  /** A writer hook that holds the first transaction until released, and says when it is holding it. */
  private static final class Hold implements Runnable {
    final CountDownLatch holding = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    private final AtomicBoolean first = new AtomicBoolean(true);

    @Override
    public void run() {
      if (first.getAndSet(false)) {
        holding.countDown();
        await(release);
      }
    }

    void awaitHolding() {
      await(holding);
    }

    private static void await(CountDownLatch latch) {
      try {
        assertThat(latch.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("latch released in time").isTrue();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Nested
  @DisplayName("on disk")
  class OnDisk {
    @Test
    @DisplayName("keeps points, sequences and the limits' counts across close and reopen")
    void reopen() {
      StoreLimits limits = new StoreLimits(2, 3);
      SqliteMetricStore first = open(limits, 16, Tuning.DEFAULT);
      append(first, new NewPoint("a", 1, 1, 1.5), new NewPoint("a", 2, NO_STEP, 2.5), new NewPoint("a", 3, 3, 3.5));
      append(first, new NewPoint("b", 1, NO_STEP, -1));
      List<List<Number>> before = rows(first, "a");
      first.close();
      assertThat(dataDir.resolve("stepwise.db-wal")).as("WAL checkpointed and removed on close").doesNotExist();

      SqliteMetricStore second = open(limits, 16, Tuning.DEFAULT);
      assertThat(rows(second, "a")).isEqualTo(before);
      assertThat(append(second, new NewPoint("a", 1, 1, 1.5))).containsExactly(DUPLICATE);
      assertThat(append(second, new NewPoint("a", 4, 4, 4.5))).containsExactly(METRIC_LIMIT_EXCEEDED);
      assertThat(append(second, new NewPoint("c", 1, 1, 1))).containsExactly(METRIC_LIMIT_EXCEEDED);
      assertThat(append(second, new NewPoint("b", 2, NO_STEP, -2))).containsExactly(STORED);
      long lastBefore = before.stream().mapToLong(r -> r.get(3).longValue()).max().orElseThrow();
      assertThat(rows(second, "b").getLast().get(3).longValue()).isGreaterThan(lastBefore + 1);
    }

    @Test
    @DisplayName("creates the schema at the newest version, and refuses a file from a newer server")
    void schemaVersion() throws SQLException {
      open(StoreLimits.DEFAULT, 16, Tuning.DEFAULT).close();
      try (Connection c = jdbc(); Statement s = c.createStatement()) {
        assertThat(SchemaMigrator.userVersion(c)).isEqualTo(SchemaMigrator.latestVersion());
        s.execute("PRAGMA user_version = " + (SchemaMigrator.latestVersion() + 1));
      }

      assertThatThrownBy(() -> open(StoreLimits.DEFAULT, 16, Tuning.DEFAULT))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("newer");
    }

    @Test
    @DisplayName("fails to open with StoreUnavailableException where the directory cannot be created")
    void unopenable() throws Exception {
      Path file = Files.writeString(dataDir.resolve("a-file"), "not a directory");

      assertThatThrownBy(() -> new SqliteMetricStore(file.resolve("data"), StoreLimits.DEFAULT, 16))
          .isInstanceOf(StoreUnavailableException.class);
    }

    @Test
    @DisplayName("answers both scans with one index range scan and no sort")
    void queryPlans() throws SQLException {
      open(StoreLimits.DEFAULT, 16, Tuning.DEFAULT);
      try (Connection c = jdbc()) {
        assertThat(plan(c, Reader.BY_TIME))
            .anyMatch(d -> d.contains("USING PRIMARY KEY (series_id=? AND minute_ms>? AND minute_ms<?)"))
            .noneMatch(d -> d.contains("TEMP B-TREE"))
            .noneMatch(d -> d.startsWith("SCAN"));
        assertThat(plan(c, Reader.BY_STEP))
            .anyMatch(d -> d.contains("USING INDEX point_block_by_step (series_id=? AND min_step>? AND min_step<?)"))
            .noneMatch(d -> d.contains("TEMP B-TREE"))
            .noneMatch(d -> d.startsWith("SCAN"));
      }
    }

    private List<String> plan(Connection c, String sql) throws SQLException {
      List<String> details = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement("EXPLAIN QUERY PLAN " + sql)) {
        for (int i = 1; i <= 4; i++) {
          s.setString(i, "x");
        }
        s.setLong(5, 0);
        s.setLong(6, 10);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            details.add(r.getString("detail"));
          }
        }
      }
      return details;
    }
  }

  @Nested
  @DisplayName("the writer")
  class Writer {
    @Test
    @DisplayName("commits the batches queued while it was busy in one transaction")
    void groupCommit() {
      Hold hold = new Hold();
      SqliteMetricStore store = open(StoreLimits.DEFAULT, 100, Tuning.DEFAULT.withBeforeTransaction(hold));
      CompletableFuture<List<AppendOutcome>> first = store.append(batch(new NewPoint("m", 0, 0, 0)));
      hold.awaitHolding();
      List<CompletableFuture<List<AppendOutcome>>> queued =
          IntStream.range(1, 51).mapToObj(i -> store.append(batch(new NewPoint("m", i, i, i)))).toList();
      hold.release.countDown();

      assertThat(first).succeedsWithin(TIMEOUT).isEqualTo(List.of(STORED));
      assertThat(queued).allSatisfy(f -> assertThat(f).succeedsWithin(TIMEOUT).isEqualTo(List.of(STORED)));
      assertThat(store.writerStats().batches()).isEqualTo(51);
      assertThat(store.writerStats().transactions()).isEqualTo(2);
      assertThat(rows(store, "m")).hasSize(51);
    }

    @Test
    @DisplayName("drops old points in bounded chunks: an append queued during a long retention pass gets in between")
    void retentionInChunks() {
      SqliteMetricStore loading = open(StoreLimits.DEFAULT, 16, Tuning.DEFAULT);
      long old = 100_000;
      for (int from = 0; from < old; from += 5_000) {
        int first = from;
        append(loading, IntStream.range(first, first + 5_000)
            .mapToObj(i -> new NewPoint("old-" + (i % 10), i * 10L, i, i)).toArray(NewPoint[]::new));
      }
      loading.close();
      Hold hold = new Hold();
      SqliteMetricStore store = open(StoreLimits.DEFAULT, 16, Tuning.DEFAULT.withBeforeTransaction(hold));
      long now = 10_000_000L;
      CompletableFuture<List<AppendOutcome>> before = store.append(batch(new NewPoint("new", now, 0, 0)));
      hold.awaitHolding();
      List<String> finished = new java.util.concurrent.CopyOnWriteArrayList<>();
      CompletableFuture<Long> retention = store.dropPointsBefore(now).whenComplete((n, e) -> finished.add("retention"));
      CompletableFuture<List<AppendOutcome>> during = store.append(batch(new NewPoint("new", now + 1, 1, 1)))
          .whenComplete((outcomes, e) -> finished.add("append"));
      hold.release.countDown();

      assertThat(retention).succeedsWithin(TIMEOUT).isEqualTo(old);
      assertThat(before).succeedsWithin(TIMEOUT);
      assertThat(during).succeedsWithin(TIMEOUT).isEqualTo(List.of(STORED));
      assertThat(finished).as("the append did not wait for the whole pass").containsExactly("append", "retention");
      assertThat(rows(store, "old-3")).isEmpty();
      assertThat(rows(store, "new")).hasSize(2);
    }

    @Test
    @DisplayName("keeps counts and summaries exact when chunks cut a series, a minute of more blocks than a chunk"
        + " included")
    void retentionChunksCutExactly() {
      // One block per group: a busy minute of 2,100 blocks, then 3,000 points a minute apart, then new points.
      SqliteMetricStore store = open(StoreLimits.DEFAULT, 16, Tuning.DEFAULT.withFold(FoldPolicy.EVERY_GROUP));
      for (int i = 0; i < RetentionChunk.MAX_BLOCKS + 100; i++) {
        append(store, new NewPoint("m", i, 5_000 + i, i));
      }
      List<NewPoint> spread = new ArrayList<>();
      for (int i = 0; i < 3_000; i++) {
        spread.add(new NewPoint("m", 60_000L * (i + 1), i, i));
      }
      append(store, spread.toArray(NewPoint[]::new));
      long cutoff = 60_000L * 2_001; // keeps minutes 2,001 to 3,000 and what follows
      append(store, new NewPoint("m", cutoff + 5, 7, 7));

      assertThat(store.dropPointsBefore(cutoff)).succeedsWithin(TIMEOUT)
          .isEqualTo((long) RetentionChunk.MAX_BLOCKS + 100 + 2_000);

      assertThat(rows(store, "m")).hasSize(1_001);
      assertThat(store.summarize(series("m"))).hasValueSatisfying(summary -> {
        assertThat(summary.pointCount()).isEqualTo(1_001);
        assertThat(summary.firstTimestampMs()).isEqualTo(cutoff);
        assertThat(summary.minStep()).isEqualTo(7);
        assertThat(summary.maxStep()).as("the busy minute's steps went").isEqualTo(2_999);
      });
    }

    @Test
    @DisplayName("refuses an append at once with StoreOverloadedException when the queue is full")
    void overloaded() {
      Hold hold = new Hold();
      SqliteMetricStore store = open(StoreLimits.DEFAULT, 2, Tuning.DEFAULT.withBeforeTransaction(hold));
      CompletableFuture<List<AppendOutcome>> taken = store.append(batch(new NewPoint("m", 0, 0, 0)));
      hold.awaitHolding();
      List<CompletableFuture<List<AppendOutcome>>> queued =
          List.of(store.append(batch(new NewPoint("m", 1, 1, 1))), store.append(batch(new NewPoint("m", 2, 2, 2))));

      CompletableFuture<List<AppendOutcome>> refused = store.append(batch(new NewPoint("m", 3, 3, 3)));
      assertThat(refused).isCompletedExceptionally();
      assertThat(refused)
          .failsWithin(Duration.ZERO)
          .withThrowableThat()
          .havingCause()
          .isInstanceOf(StoreOverloadedException.class);

      hold.release.countDown();
      assertThat(taken).succeedsWithin(TIMEOUT);
      assertThat(queued).allSatisfy(f -> assertThat(f).succeedsWithin(TIMEOUT).isEqualTo(List.of(STORED)));
      assertThat(rows(store, "m")).hasSize(3);
      assertThat(append(store, new NewPoint("m", 3, 3, 3))).containsExactly(STORED);
    }

    @Test
    @DisplayName("fails appends with StoreUnavailableException while another process holds the lock, then recovers")
    void lockedByAnotherProcess() throws SQLException {
      SqliteMetricStore store =
          open(StoreLimits.DEFAULT, 16, Tuning.DEFAULT.withBusyTimeout(Duration.ofMillis(200)));
      append(store, new NewPoint("m", 1, 1, 1));

      try (Connection other = jdbc(); Statement s = other.createStatement()) {
        s.execute("BEGIN IMMEDIATE");
        assertThat(store.append(batch(new NewPoint("m", 2, 2, 2))))
            .failsWithin(TIMEOUT)
            .withThrowableThat()
            .havingCause()
            .isInstanceOf(StoreUnavailableException.class);
        assertThat(rows(store, "m")).as("readers are not blocked by a writer").hasSize(1);
        assertThat(store.isReady()).as("not ready: it cannot write").isFalse();
        s.execute("COMMIT");
      }
      assertThat(store.isReady()).as("ready again as soon as it can write").isTrue();

      assertThat(append(store, new NewPoint("m", 2, 2, 2))).containsExactly(STORED);
      assertThat(rows(store, "m")).hasSize(2);
    }

    @Test
    @DisplayName("rolls back a transaction that fills the database, forgets its counts, and keeps writing")
    void full() {
      // maxPageCount makes SQLite report SQLITE_FULL, as a full disk does, part-way through the transaction.
      StoreLimits limits = new StoreLimits(2, 3_000);
      SqliteMetricStore store = open(limits, 16, Tuning.DEFAULT.withMaxPageCount(20));
      append(store, new NewPoint("a", 0, 0, 0));
      List<NewPoint> tooMany = new ArrayList<>();
      tooMany.add(new NewPoint("b", 0, 0, 0));
      IntStream.range(1, 3_000).forEach(i -> tooMany.add(new NewPoint("a", i, i, i)));

      assertThat(store.append(batch(tooMany.toArray(NewPoint[]::new))))
          .failsWithin(TIMEOUT)
          .withThrowableThat()
          .havingCause()
          .isInstanceOf(StoreUnavailableException.class);
      assertThat(rows(store, "a")).hasSize(1);
      assertThat(rows(store, "b")).isEmpty();

      // Had the writer kept the rolled-back counts, "a" would be full and the trial component at 2 metrics.
      assertThat(append(store, new NewPoint("a", 1, 1, 1), new NewPoint("c", 0, 0, 0)))
          .containsExactly(STORED, STORED);
      assertThat(rows(store, "a")).map(r -> r.get(3).longValue()).isSorted().doesNotHaveDuplicates();
      assertThat(store.writerStats().transactions()).isEqualTo(2);
    }
  }

  private Connection jdbc() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(SqliteFile.FILE_NAME));
  }
}
