package dev.stepwise.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.store.AppendBatch;
import dev.stepwise.store.NewPoint;
import dev.stepwise.store.SeriesKey;
import dev.stepwise.store.StoreLimits;
import dev.stepwise.store.StoreUnavailableException;
import dev.stepwise.testing.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closing the store while scans are in progress: every reader's connection is closed in the end, whenever its scan
 * hands it back. What is open is read from the process's file descriptors (Linux's /proc/self/fd), not from the
 * pool's insides.
 */
@DisplayName("ReaderPool, closed while scans run,")
class ReaderPoolTest {
  private static final SeriesKey SERIES = new SeriesKey("111122223333", "us-east-1", "tc", "loss");

  @TempDir Path dataDir;

  /** How many of this process's file descriptors are open on the database's files (db, -wal, -shm). */
  long openDatabaseFiles() {
    Path prefix = dataDir.resolve(SqliteFile.FILE_NAME).toAbsolutePath();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.filter(fd -> {
        try {
          return Files.readSymbolicLink(fd).toString().startsWith(prefix.toString());
        } catch (IOException gone) {
          return false; // closed meanwhile, or the listing's own descriptor
        }
      }).count();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  @DisplayName("closes a reader that a scan hands back after close gave up waiting for it")
  void readerReturnedAfterClose() throws Exception {
    SqliteMetricStore store = new SqliteMetricStore(dataDir, StoreLimits.DEFAULT, 16,
        Tuning.DEFAULT.withReaderCloseWait(Duration.ofMillis(200)));
    store.append(new AppendBatch("111122223333", "us-east-1", "tc",
        List.of(new NewPoint("loss", 1, 1, 1.0), new NewPoint("loss", 2, 2, 2.0)))).get(30, TimeUnit.SECONDS);
    CountDownLatch scanning = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Void> scan = CompletableFuture.runAsync(() -> store.scanByTime(SERIES, 0, 10, (t, s, v, q) -> {
      scanning.countDown();
      try {
        return release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }));
    assertThat(scanning.await(30, TimeUnit.SECONDS)).isTrue();

    store.close(); // waits 200 ms for the scan, then closes the rest
    release.countDown();
    scan.get(30, TimeUnit.SECONDS);

    Await.until("every connection to the database closed", Duration.ofSeconds(10), () -> openDatabaseFiles() == 0);
    assertThat(store.poolStats().idle()).as("nothing went back into the closed pool").isZero();
    assertThatThrownBy(() -> store.scanByTime(SERIES, 0, 10, (t, s, v, q) -> true))
        .isInstanceOf(StoreUnavailableException.class);
  }
}
