package dev.stepwise.store.sqlite;

import dev.stepwise.store.AppendBatch;
import dev.stepwise.store.AppendOutcome;
import dev.stepwise.store.ExperimentStore;
import dev.stepwise.store.MetricStore;
import dev.stepwise.store.MinuteRanges;
import dev.stepwise.store.MinuteSink;
import dev.stepwise.store.OutageLog;
import dev.stepwise.store.Partition;
import dev.stepwise.store.PointSink;
import dev.stepwise.store.PoolStats;
import dev.stepwise.store.SeriesKey;
import dev.stepwise.store.SeriesStats;
import dev.stepwise.store.SeriesSummary;
import dev.stepwise.store.StoreLimits;
import dev.stepwise.store.WriterStats;
import dev.stepwise.store.StoreUnavailableException;
import dev.stepwise.store.groupcommit.ChunkedWork;
import dev.stepwise.store.groupcommit.WriteProbe;
import dev.stepwise.store.groupcommit.WriteQueue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The embedded store: one SQLite file, {@code dataDir/stepwise.db}, in WAL mode with fsync on every commit.
 * Appends are group-committed by a single writer thread ({@link WriteQueue}); scans run on a small pool of
 * read-only connections beside it ({@link ReaderPool}).
 */
public final class SqliteMetricStore implements MetricStore {
  /** Scans are short; a few connections keep them off each other's way without holding many file handles. */
  static final int READERS = 4;

  private static final long READY_TIMEOUT_SECONDS = 1;
  private static final String NAME = "SQLite store";

  private final WriteQueue writes;
  private final GroupWriter writer;
  private final ReaderPool readers;
  private final SqliteExperiments experiments;
  private final OutageLog readHealth = new OutageLog(NAME, "read");
  private final OutageLog writeHealth = new OutageLog(NAME, "write");
  private final WriteProbe probe;
  private volatile boolean closed;

  /**
   * Opens (creating the directory and file if needed) and migrates the database.
   *
   * @param writeQueueCapacity how many batches may wait for the writer before appends are refused with
   *     {@link dev.stepwise.store.StoreOverloadedException}
   * @throws StoreUnavailableException when the directory or the file cannot be created, opened or migrated
   */
  public SqliteMetricStore(Path dataDir, StoreLimits limits, int writeQueueCapacity) {
    this(dataDir, limits, writeQueueCapacity, Tuning.DEFAULT);
  }

  /** With knobs for tests: short lock waits, a small size cap, a hook that holds the writer busy. */
  SqliteMetricStore(Path dataDir, StoreLimits limits, int writeQueueCapacity, Tuning tuning) {
    Objects.requireNonNull(limits, "limits");
    if (writeQueueCapacity < 1) {
      throw new IllegalArgumentException("writeQueueCapacity " + writeQueueCapacity + " < 1");
    }
    SqliteFile file = new SqliteFile(createDirectories(dataDir), tuning);
    this.writer = new GroupWriter(file, limits, tuning.fold());
    try {
      writer.open();
    } catch (SQLException e) {
      writer.close();
      throw new StoreUnavailableException("cannot open SQLite database in " + dataDir + ": " + e.getMessage(), e);
    }
    this.writes = new WriteQueue("sqlite", writer, writeQueueCapacity, tuning.beforeTransaction(), writeHealth);
    this.readers = new ReaderPool(file, READERS, writer::unfolded, tuning.readerCloseWait(), readHealth);
    this.probe = new WriteProbe(writes, writer::probe);
    this.experiments = new SqliteExperiments(writes, writer, readers);
  }

  @Override
  public ExperimentStore experiments() {
    return experiments;
  }

  /** From the series rows' statistics and the unfolded points: no minute or point is read. */
  @Override
  public List<SeriesStats> seriesStats(
      Partition partition, Collection<String> trialComponents, Collection<String> metricNames) {
    List<List<SeriesStats>> result = new ArrayList<>(1);
    readers.use(reader -> result.add(reader.seriesStats(partition, trialComponents, metricNames)));
    return result.getFirst();
  }

  private static Path createDirectories(Path dataDir) {
    try {
      return Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new StoreUnavailableException("cannot create data directory " + dataDir + ": " + e, e);
    }
  }

  @Override
  public CompletableFuture<List<AppendOutcome>> append(AppendBatch batch) {
    return writes.submit(batch);
  }

  @Override
  public CompletableFuture<Long> deleteTrialComponent(String account, String region, String trialComponent) {
    return writes.runExclusive(() -> writer.deleteTrialComponent(account, region, trialComponent));
  }

  @Override
  public CompletableFuture<Long> dropPointsBefore(long cutoffMs) {
    return ChunkedWork.run(writes, () -> writer.dropChunk(cutoffMs));
  }

  @Override
  public void scanByTime(SeriesKey series, long fromMs, long toMs, PointSink sink) {
    readers.use(reader -> reader.scanByTime(series, fromMs, toMs, sink));
  }

  /** Whole minutes from the kept aggregates, on one reader connection; cut minutes at the ends from the points. */
  @Override
  public void scanMinutes(SeriesKey series, long fromMs, long toMs, MinuteSink sink) {
    readers.use(
        reader ->
            MinuteRanges.scan(
                fromMs,
                toMs,
                sink,
                (fromMinute, toMinute, minutes) -> reader.scanKeptMinutes(series, fromMinute, toMinute, minutes),
                (from, to, points) -> reader.scanByTime(series, from, to, points)));
  }

  @Override
  public void scanByStep(SeriesKey series, long fromStep, long toStep, PointSink sink) {
    readers.use(reader -> reader.scanByStep(series, fromStep, toStep, sink));
  }

  @Override
  public List<Partition> partitions() {
    List<List<Partition>> result = new ArrayList<>(1);
    readers.use(reader -> result.add(reader.partitions()));
    return result.getFirst();
  }

  @Override
  public List<SeriesSummary> summarize(Partition partition) {
    List<List<SeriesSummary>> result = new ArrayList<>(1);
    readers.use(reader -> result.add(reader.summarize(partition)));
    return result.getFirst();
  }

  @Override
  public Optional<SeriesSummary> summarize(SeriesKey series) {
    List<Optional<SeriesSummary>> result = new ArrayList<>(1);
    readers.use(reader -> result.add(reader.summarize(series)));
    return result.getFirst();
  }

  @Override
  public boolean hasRoomForWrites() {
    return writes.hasRoom();
  }

  @Override
  public PoolStats poolStats() {
    return readers.stats();
  }

  @Override
  public WriterStats writerStats() {
    return writes.stats();
  }

  /**
   * Ready when the file can be read and written: a reader reads it, and while writes fail (a full disk, files that
   * cannot be written, a lock held by another process) a small write through the writer must succeed. Why it is
   * not ready is logged once, when it stops being ready (see {@link OutageLog}).
   */
  @Override
  public boolean isReady() {
    if (closed) {
      return false;
    }
    if (!writes.isRunning()) {
      writeHealth.failed("the writer thread has stopped");
      return false;
    }
    try {
      readers.use(Reader::ping, READY_TIMEOUT_SECONDS);
    } catch (RuntimeException e) {
      readHealth.failed(e);
      return false;
    }
    return probe.canWrite(READY_TIMEOUT_SECONDS);
  }

  /**
   * Readers go first: SQLite checkpoints the WAL into the database file and deletes it when the last connection
   * closes, and only a connection that may write can do that, so the writer must be the last one.
   */
  @Override
  public void close() {
    closed = true;
    readers.close();
    writes.close();
  }
}
