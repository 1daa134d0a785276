package dev.stepwise.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.stepwise.store.AppendBatch;
import dev.stepwise.store.AppendOutcome;
import dev.stepwise.store.ExperimentStore;
import dev.stepwise.store.MetricStore;
import dev.stepwise.store.Minutes;
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
import dev.stepwise.store.groupcommit.WriteProbe;
import dev.stepwise.store.groupcommit.WriteQueue;
import dev.stepwise.store.jdbc.MinuteAggregateSql;
import dev.stepwise.store.jdbc.SeriesStatsSql;
import dev.stepwise.store.jdbc.SqlDialect;
import dev.stepwise.store.jdbc.SummaryQueries;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The shared store: one PostgreSQL database (the JDBC URL's current schema) that several nodes use at once.
 * Appends are group-committed by one writer thread per node ({@link GroupTransaction}) on connections of its own;
 * scans stream through a cursor on a pooled connection, each in one read-only REPEATABLE READ transaction (one
 * snapshot, even when a read takes several statements).
 *
 * <p>When the database is unreachable every call fails within the pool's connection timeout with
 * {@link StoreUnavailableException} (503 to clients, who retry), and the pool reconnects by itself once it is
 * back: nothing here needs a restart.
 */
public final class PostgresMetricStore implements MetricStore {
  /** Reading connections per node: scans share them. */
  static final int POOL_SIZE = 8;

  /**
   * The writing connections, apart from the readers' so that no number of slow reads can keep a write waiting: one
   * for the writer's transactions, one for readiness probes (which then never wait behind a long transaction), one
   * for a retention pass, two for the control plane's writes (experiments, trials, trial components: short
   * transactions of their own).
   */
  static final int WRITER_POOL_SIZE = 5;

  /** How long a call waits for a connection before it fails: an outage must turn into 503s quickly. */
  static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(2);

  private static final String NAME = "PostgreSQL store";

  private final String displayUrl;
  private final HikariDataSource pool;
  private final HikariDataSource writerPool;
  private final WriteQueue writes;
  private final PostgresGroupWriter writer;
  private final PostgresExperiments experiments;
  private final PostgresRetention retention;
  private final OutageLog readHealth = new OutageLog(NAME, "read");
  private final OutageLog writeHealth = new OutageLog(NAME, "write");
  private final WriteProbe probe;
  private volatile boolean closed;

  /**
   * Connects, migrates the schema (waiting for another node that is migrating it) and starts the writer.
   *
   * @param displayUrl the URL without secrets, for messages
   * @throws StoreUnavailableException when the database cannot be reached or migrated
   */
  public PostgresMetricStore(String jdbcUrl, String displayUrl, StoreLimits limits, int writeQueueCapacity) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(limits, "limits");
    if (writeQueueCapacity < 1) {
      throw new IllegalArgumentException("writeQueueCapacity " + writeQueueCapacity + " < 1");
    }
    this.displayUrl = displayUrl;
    this.writerPool = new HikariDataSource(writerPoolConfig(jdbcUrl));
    try (Connection connection = writerPool.getConnection()) {
      SchemaMigrator.migrate(connection);
    } catch (SQLException | RuntimeException e) {
      writerPool.close();
      throw new StoreUnavailableException(
          "cannot open PostgreSQL store at " + displayUrl + ": " + e.getMessage(), e);
    }
    this.pool = new HikariDataSource(readerPoolConfig(jdbcUrl));
    this.writer = new PostgresGroupWriter(writerPool, limits);
    this.retention = new PostgresRetention(writerPool);
    this.writes = new WriteQueue("postgres", writer, writeQueueCapacity, () -> {}, writeHealth);
    this.probe = new WriteProbe(writes, writer::probe);
    try {
      this.experiments = new PostgresExperiments(pool, writerPool, displayUrl, writes, writer);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  @Override
  public ExperimentStore experiments() {
    return experiments;
  }

  /** From the series rows' statistics, which the writers keep: no minute or point is read. */
  @Override
  public List<SeriesStats> seriesStats(
      Partition partition, Collection<String> trialComponents, Collection<String> metricNames) {
    return read(connection -> {
      List<SeriesStats> result = new ArrayList<>();
      SeriesStatsSql.read(connection, SqlDialect.POSTGRES, partition, trialComponents, metricNames,
          (trialComponent, metricName, stats) -> {
            if (stats != null && stats.count() > 0) {
              result.add(new SeriesStats(trialComponent, metricName, stats));
            }
          });
      return result;
    });
  }

  /**
   * Timeouts that turn an outage into prompt failures: the pool's for a connection, the driver's for connecting
   * and for a silent socket (a cut network that sends no reset). Settings in the JDBC URL take precedence over
   * these driver properties.
   */
  static HikariConfig poolConfig(String jdbcUrl, String name, int size) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(name);
    config.setJdbcUrl(jdbcUrl);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(Math.min(2, size));
    config.setAutoCommit(false);
    config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
    config.setValidationTimeout(Duration.ofSeconds(1).toMillis());
    // Start even if the database is down for a moment: the migration below then reports the real error.
    config.setInitializationFailTimeout(-1);
    config.addDataSourceProperty("connectTimeout", "2");
    config.addDataSourceProperty("socketTimeout", "30");
    config.addDataSourceProperty("tcpKeepAlive", "true");
    config.addDataSourceProperty("ApplicationName", "stepwise");
    return config;
  }

  /**
   * The readers': every transaction read only and REPEATABLE READ, so that a read of several statements (scanMinutes:
   * points, kept minutes, points) sees one snapshot and no write committed between them. A read-only transaction
   * cannot fail to serialize, and it costs nothing more than READ COMMITTED's snapshot per statement.
   */
  static HikariConfig readerPoolConfig(String jdbcUrl) {
    HikariConfig config = poolConfig(jdbcUrl, "stepwise-postgres", POOL_SIZE);
    config.setReadOnly(true);
    config.setTransactionIsolation("TRANSACTION_REPEATABLE_READ");
    return config;
  }

  static HikariConfig writerPoolConfig(String jdbcUrl) {
    return poolConfig(jdbcUrl, "stepwise-postgres-writer", WRITER_POOL_SIZE);
  }

  @Override
  public CompletableFuture<List<AppendOutcome>> append(AppendBatch batch) {
    return writes.submit(batch);
  }

  @Override
  public CompletableFuture<Long> deleteTrialComponent(String account, String region, String trialComponent) {
    return writes.runExclusive(() -> writer.deleteTrialComponent(account, region, trialComponent));
  }

  /** Beside the writer, on a thread of its own: see {@link PostgresRetention}. */
  @Override
  public CompletableFuture<Long> dropPointsBefore(long cutoffMs) {
    if (closed) {
      return CompletableFuture.failedFuture(new StoreUnavailableException("store is closed", null));
    }
    CompletableFuture<Long> dropped = new CompletableFuture<>();
    Thread.ofPlatform().name("stepwise-postgres-retention").daemon(true).start(() -> {
      try {
        dropped.complete(retention.run(Minutes.minuteOf(cutoffMs)));
      } catch (SQLException | RuntimeException e) {
        dropped.completeExceptionally(new StoreUnavailableException(
            "retention on PostgreSQL at " + displayUrl + " failed: " + e.getMessage(), e));
      }
    });
    return dropped;
  }

  @Override
  public void scanByTime(SeriesKey series, long fromMs, long toMs, PointSink sink) {
    scan(SeriesScans.BY_TIME, series, fromMs, toMs, sink);
  }

  /** Whole minutes from the kept aggregates; cut minutes at the ends from the points. */
  @Override
  public void scanMinutes(SeriesKey series, long fromMs, long toMs, MinuteSink sink) {
    read(
        connection -> {
          try (PreparedStatement kept = connection.prepareStatement(MinuteAggregateSql.KEPT_MINUTES)) {
            MinuteRanges.scan(
                fromMs,
                toMs,
                sink,
                (fromMinute, toMinute, minutes) ->
                    MinuteAggregateSql.scanKept(kept, series, fromMinute, toMinute, minutes),
                (from, to, points) -> SeriesScans.scan(connection, SeriesScans.BY_TIME, series, from, to, points));
          }
          return null;
        });
  }

  @Override
  public void scanByStep(SeriesKey series, long fromStep, long toStep, PointSink sink) {
    scan(SeriesScans.BY_STEP, series, fromStep, toStep, sink);
  }

  private void scan(String sql, SeriesKey series, long from, long to, PointSink sink) {
    read(
        connection -> {
          SeriesScans.scan(connection, sql, series, from, to, sink);
          return null;
        });
  }

  @Override
  public List<Partition> partitions() {
    return read(SummaryQueries::partitions);
  }

  @Override
  public List<SeriesSummary> summarize(Partition partition) {
    return read(connection -> SummaryQueries.OVER_POINT_TABLE.summarize(connection, partition));
  }

  @Override
  public Optional<SeriesSummary> summarize(SeriesKey series) {
    return read(connection -> SummaryQueries.OVER_POINT_TABLE.summarize(connection, series));
  }

  @FunctionalInterface
  private interface Query<T> {
    T run(Connection connection) throws SQLException;
  }

  private <T> T read(Query<T> query) {
    try (Connection connection = pool.getConnection()) {
      T result;
      try {
        result = query.run(connection);
      } catch (SQLException | RuntimeException e) {
        // The read's own failure is the one to report: a rollback on the connection it broke fails too.
        try {
          connection.rollback();
        } catch (SQLException rollbackFailure) {
          e.addSuppressed(rollbackFailure);
        }
        throw e;
      }
      connection.rollback(); // read only; ends the transaction the driver began
      readHealth.succeeded();
      return result;
    } catch (SQLException e) {
      readHealth.failed(e);
      throw new StoreUnavailableException("cannot read from PostgreSQL at " + displayUrl + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean hasRoomForWrites() {
    return writes.hasRoom();
  }

  /** Both pools' connections together: the readers' and the writer's. */
  @Override
  public PoolStats poolStats() {
    HikariPoolMXBean readers = pool.getHikariPoolMXBean();
    HikariPoolMXBean writers = writerPool.getHikariPoolMXBean();
    if (readers == null || writers == null) {
      return PoolStats.NONE;
    }
    return new PoolStats(readers.getActiveConnections() + writers.getActiveConnections(),
        readers.getIdleConnections() + writers.getIdleConnections(),
        pool.getMaximumPoolSize() + writerPool.getMaximumPoolSize());
  }

  @Override
  public WriterStats writerStats() {
    return writes.stats();
  }

  /**
   * Ready when the database answers this node's writer and accepts writes (not a read-only standby), and, while writes
   * fail, when a small write through the writer succeeds. Uses the writer's spare connection, so busy readers cannot
   * make it fail. Why it is not ready is logged once, when it stops being ready (see {@link OutageLog}).
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
    try (Connection connection = writerPool.getConnection();
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT current_setting('transaction_read_only')")) {
      row.next();
      boolean readOnly = row.getString(1).equals("on");
      connection.rollback();
      if (readOnly) {
        writeHealth.failed("the database at " + displayUrl + " is read-only (a standby?)");
        return false;
      }
    } catch (SQLException | RuntimeException e) {
      writeHealth.failed(e);
      return false;
    }
    return probe.canWrite(1);
  }

  /** The writer commits what is queued, then the pools close. */
  @Override
  public void close() {
    closed = true;
    writes.close();
    writerPool.close();
    pool.close();
  }
}
