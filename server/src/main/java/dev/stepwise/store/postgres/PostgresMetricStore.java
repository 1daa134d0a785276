package dev.stepwise.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.stepwise.store.AppendBatch;
import dev.stepwise.store.AppendOutcome;
import dev.stepwise.store.MetricStore;
import dev.stepwise.store.Minutes;
import dev.stepwise.store.MinuteRanges;
import dev.stepwise.store.MinuteSink;
import dev.stepwise.store.Partition;
import dev.stepwise.store.PointSink;
import dev.stepwise.store.PoolStats;
import dev.stepwise.store.SeriesKey;
import dev.stepwise.store.SeriesSummary;
import dev.stepwise.store.StoreLimits;
import dev.stepwise.store.WriterStats;
import dev.stepwise.store.StoreUnavailableException;
import dev.stepwise.store.groupcommit.WriteQueue;
import dev.stepwise.store.jdbc.MinuteAggregateSql;
import dev.stepwise.store.jdbc.SummaryQueries;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The shared store: one PostgreSQL database (the JDBC URL's current schema) that several nodes use at once.
 * Appends are group-committed by one writer thread per node ({@link GroupTransaction}); scans stream through a
 * cursor on a pooled connection.
 *
 * <p>When the database is unreachable every call fails within the pool's connection timeout with
 * {@link StoreUnavailableException} (503 to clients, who retry), and the pool reconnects by itself once it is
 * back: nothing here needs a restart.
 */
public final class PostgresMetricStore implements MetricStore {
  /** Connections per node: the writer holds one per transaction, scans and readiness probes share the rest. */
  static final int POOL_SIZE = 8;

  /** How long a call waits for a connection before it fails: an outage must turn into 503s quickly. */
  static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(2);

  private final String displayUrl;
  private final HikariDataSource pool;
  private final WriteQueue writes;
  private final PostgresGroupWriter writer;

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
    this.pool = new HikariDataSource(poolConfig(jdbcUrl));
    try (Connection connection = pool.getConnection()) {
      SchemaMigrator.migrate(connection);
    } catch (SQLException | RuntimeException e) {
      pool.close();
      throw new StoreUnavailableException(
          "cannot open PostgreSQL store at " + displayUrl + ": " + e.getMessage(), e);
    }
    this.writer = new PostgresGroupWriter(pool, limits);
    this.writes = new WriteQueue("postgres", writer, writeQueueCapacity, () -> {});
  }

  /**
   * Timeouts that turn an outage into prompt failures: the pool's for a connection, the driver's for connecting
   * and for a silent socket (a cut network that sends no reset). Settings in the JDBC URL take precedence over
   * these driver properties.
   */
  static HikariConfig poolConfig(String jdbcUrl) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("stepwise-postgres");
    config.setJdbcUrl(jdbcUrl);
    config.setMaximumPoolSize(POOL_SIZE);
    config.setMinimumIdle(2);
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
    return writes.runExclusive(() -> writer.dropPointsBefore(Minutes.minuteOf(cutoffMs)));
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
      return result;
    } catch (SQLException e) {
      throw new StoreUnavailableException("cannot read from PostgreSQL at " + displayUrl + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean hasRoomForWrites() {
    return writes.hasRoom();
  }

  @Override
  public PoolStats poolStats() {
    HikariPoolMXBean bean = pool.getHikariPoolMXBean();
    return bean == null ? PoolStats.NONE
        : new PoolStats(bean.getActiveConnections(), bean.getIdleConnections(), pool.getMaximumPoolSize());
  }

  @Override
  public WriterStats writerStats() {
    return writes.stats();
  }

  @Override
  public boolean isReady() {
    if (!writes.isRunning() || pool.isClosed()) {
      return false;
    }
    try (Connection connection = pool.getConnection()) {
      return connection.isValid(1);
    } catch (SQLException | RuntimeException e) {
      return false;
    }
  }

  /** The writer commits what is queued, then the pool closes. */
  @Override
  public void close() {
    writes.close();
    pool.close();
  }
}
