package dev.stepwise.store.postgres;

import static dev.stepwise.store.AppendOutcome.STORED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.store.AppendBatch;
import dev.stepwise.store.AppendOutcome;
import dev.stepwise.store.NewPoint;
import dev.stepwise.store.SeriesKey;
import dev.stepwise.store.StoreLimits;
import dev.stepwise.store.StoreUnavailableException;
import dev.stepwise.testing.PostgresTestDatabase;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** Reads and writes of one PostgreSQL store at the same time: neither may starve or corrupt the other. */
@EnabledIfEnvironmentVariable(named = PostgresTestDatabase.URL_VARIABLE, matches = ".+")
@DisplayName("PostgresMetricStore under concurrent reads and writes")
class PostgresConcurrencyTest {
  private static final String TC = "tc-1";
  private static final SeriesKey SERIES = new SeriesKey("111122223333", "us-east-1", TC, "m");

  /** Names this test's connections among the server's sessions, which other test runs may share. */
  private final String applicationName = "stepwise-test-" + UUID.randomUUID();

  private PostgresTestDatabase db;
  private PostgresMetricStore store;

  @BeforeEach
  void open() throws SQLException {
    db = new PostgresTestDatabase();
    store = new PostgresMetricStore(db.url() + "&ApplicationName=" + applicationName, "test database",
        StoreLimits.DEFAULT, 1_024);
  }

  @AfterEach
  void close() throws SQLException {
    store.close();
    db.close();
  }

  private static AppendBatch batch(List<NewPoint> points) {
    return new AppendBatch("111122223333", "us-east-1", TC, points);
  }

  private List<AppendOutcome> append(NewPoint... points) {
    return store.append(batch(List.of(points))).orTimeout(30, TimeUnit.SECONDS).join();
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(30, TimeUnit.SECONDS)).as("latch in time").isTrue();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  @DisplayName("keeps writing, and ready, while 8 slow scans hold every reading connection")
  void writerIsNotStarvedByReaders() throws Exception {
    append(new NewPoint("m", 1, 1, 1.0));
    int readers = PostgresMetricStore.POOL_SIZE;
    CountDownLatch reading = new CountDownLatch(readers);
    CountDownLatch release = new CountDownLatch(1);
    List<CompletableFuture<Void>> scans = new ArrayList<>();
    ExecutorService threads = Executors.newFixedThreadPool(readers);
    for (int i = 0; i < readers; i++) {
      scans.add(CompletableFuture.runAsync(() -> store.scanByTime(SERIES, 0, 10, (t, s, v, q) -> {
        reading.countDown();
        await(release); // a slow reader: it holds its connection until released
        return true;
      }), threads));
    }
    try {
      await(reading);

      for (int i = 0; i < 5; i++) {
        assertThat(append(new NewPoint("m", 100 + i, 2 + i, 2.0))).as("write %d", i).containsExactly(STORED);
      }
      assertThat(store.isReady()).as("ready while the readers hold their connections").isTrue();
    } finally {
      release.countDown();
    }
    for (CompletableFuture<Void> scan : scans) {
      scan.get(30, TimeUnit.SECONDS);
    }
    threads.shutdown();
  }

  @Test
  @DisplayName("answers scanMinutes from one snapshot, whatever commits between its statements")
  void scanMinutesInOneSnapshot() {
    // Minute 0 is cut by the range (read from points), minute 1 is whole (kept aggregate), minute 2 is cut again.
    append(new NewPoint("m", 10_000, 1, 1.0), new NewPoint("m", 40_000, 2, 2.0), new NewPoint("m", 70_000, 3, 3.0),
        new NewPoint("m", 130_000, 4, 4.0));
    List<String> minutes = new ArrayList<>();
    store.scanMinutes(SERIES, 30_000, 150_000, (minuteMs, stats) -> {
      if (minutes.isEmpty()) {
        // Between the statements of the read: a point in the cut minute still to be read, and one in the whole one.
        assertThat(append(new NewPoint("m", 140_000, 5, 100.0), new NewPoint("m", 80_000, 6, 100.0)))
            .containsExactly(STORED, STORED);
      }
      minutes.add(minuteMs + ": " + stats.count() + " points, max " + stats.max());
      return true;
    });

    assertThat(minutes).containsExactly("0: 1 points, max 2.0", "60000: 1 points, max 3.0", "120000: 1 points, max 4.0");
  }

  @Test
  @DisplayName("reports the error that broke a read, not the failed rollback after it")
  void reportsTheReadsOwnError() {
    List<NewPoint> points = IntStream.range(0, 2 * SeriesScans.FETCH_SIZE).mapToObj(i -> new NewPoint("m", i, i, i))
        .toList();
    for (int from = 0; from < points.size(); from += 5_000) {
      store.append(batch(points.subList(from, Math.min(points.size(), from + 5_000)))).orTimeout(30, TimeUnit.SECONDS)
          .join();
    }
    boolean[] terminated = {false};

    assertThatThrownBy(() -> store.scanByTime(SERIES, 0, Long.MAX_VALUE, (t, s, v, q) -> {
      if (!terminated[0]) {
        terminated[0] = true;
        // The scan's own session, idle in its transaction between two fetches of the cursor: cut it, as a
        // database restart or an administrator would.
        try {
          db.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '"
              + applicationName + "' AND state = 'idle in transaction'");
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      }
      return true;
    }))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageStartingWith("cannot read from PostgreSQL at test database: ")
        .hasMessageContaining("terminating connection due to administrator command")
        .hasMessageNotContaining("closed"); // what the rollback after it says of the connection
    assertThat(terminated[0]).isTrue();
  }
}
