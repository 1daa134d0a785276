package dev.stepwise.store.sqlite;

import dev.stepwise.model.experiments.EntityKind;
import dev.stepwise.store.AppendBatch;
import dev.stepwise.store.AppendOutcome;
import dev.stepwise.store.MinuteAggregate;
import dev.stepwise.store.MinuteAggregate.StoredPoint;
import dev.stepwise.store.Minutes;
import dev.stepwise.store.EntityStateException;
import dev.stepwise.store.NewPoint;
import dev.stepwise.store.Partition;
import dev.stepwise.store.SeriesKey;
import dev.stepwise.store.StoreLimits;
import dev.stepwise.store.groupcommit.BatchWriter;
import dev.stepwise.store.groupcommit.ChunkedWork;
import dev.stepwise.store.jdbc.EntityTables;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a group of batches in one transaction and decides every point's outcome. Used by the writer thread
 * only: being the single writer is what lets it check the limits and point identity against what it caches in
 * memory, without racing anyone.
 *
 * <p>A group's stored points go into one {@code point_log} row: one append at the end of one B-tree per commit.
 * Every so often ({@link FoldPolicy}) the writer folds the log, in one transaction, into a {@link PointBlock} per
 * series and minute, the minutes' aggregates ({@link MinuteAggregate}) and the series rows, and drops the folded
 * rows. Until then readers add the unfolded points, which it publishes ({@link UnfoldedPoints}), to what the tables
 * hold. A point later than every stored point of its series is new; only one that is not (a retry, or points
 * arriving out of order) costs a look at the points already stored in its minute.
 */
final class GroupWriter implements BatchWriter {
  /** A step scan decodes whole blocks, so a busy minute is split into blocks of at most this many points. */
  static final int MAX_BLOCK_POINTS = 1_024;

  private static final Logger LOG = LoggerFactory.getLogger(GroupWriter.class);

  private final SqliteFile file;
  private final StoreLimits limits;
  private final FoldPolicy foldPolicy;
  private final WriterCache cache = new WriterCache();
  private Connection connection;
  private WriterStatements sql;

  /** This group's stored points by series and minute: later points of the group are checked against them. */
  private final Map<MinuteKey, List<StoredPoint>> touched = new HashMap<>();

  /** This group's stored points by series, in sequence order: its log row. */
  private Map<SeriesKey, List<StoredPoint>> groupPoints = new LinkedHashMap<>();

  /** The committed groups not yet folded; rebuilt from the log whenever the connection is opened. */
  private volatile UnfoldedPoints unfolded = UnfoldedPoints.NONE;

  private long nextGroupId;

  GroupWriter(SqliteFile file, StoreLimits limits, FoldPolicy foldPolicy) {
    this.file = file;
    this.limits = limits;
    this.foldPolicy = foldPolicy;
  }

  /** What a reader adds to its snapshot; safe to call from any thread. */
  UnfoldedPoints unfolded() {
    return unfolded;
  }

  /**
   * Opens the connection, migrates the schema and reads the log; failing here means the store cannot open. The log
   * rather than memory is what the unfolded view is rebuilt from: it holds exactly the groups that committed.
   */
  void open() throws SQLException {
    connection = file.openWriter();
    SchemaMigrator.migrate(connection);
    sql = new WriterStatements(connection);
    long now = System.nanoTime();
    UnfoldedPoints view = UnfoldedPoints.NONE;
    for (UnfoldedPoints.Group group : sql.loadLog()) {
      view = view.plus(group, now);
    }
    long foldedThrough = sql.loadState().foldedThrough();
    nextGroupId = Math.max(foldedThrough, view.isEmpty() ? foldedThrough : view.lastGroupId()) + 1;
    unfolded = view;
  }

  /**
   * Writes and commits the batches; outcomes in the batches' order. Folds the log first when it is due, in a
   * transaction of its own; a fold that fails fails the group, so the unfolded points stay bounded. On any failure
   * the transaction is rolled back, the caches (which may hold the rolled-back counts) are dropped and the
   * connection is closed, so that the next group starts from what is really on disk, through a fresh connection.
   */
  @Override
  public List<List<AppendOutcome>> write(List<AppendBatch> batches) throws SQLException {
    try {
      if (connection == null) {
        open();
      }
      if (foldPolicy.isDue(unfolded, System.nanoTime())) {
        fold();
      }
      SqliteFile.begin(connection);
      touched.clear();
      groupPoints = new LinkedHashMap<>();
      List<List<AppendOutcome>> outcomes = new ArrayList<>(batches.size());
      for (AppendBatch batch : batches) {
        List<AppendOutcome> batchOutcomes = new ArrayList<>(batch.points().size());
        for (NewPoint point : batch.points()) {
          batchOutcomes.add(writePoint(batch, point));
        }
        outcomes.add(batchOutcomes);
      }
      long groupId = nextGroupId;
      if (!groupPoints.isEmpty()) {
        sql.insertLog(groupId, GroupLog.encode(groupPoints, key -> cache.series(key).id));
      }
      SqliteFile.commit(connection);
      if (!groupPoints.isEmpty()) {
        nextGroupId++;
        unfolded = unfolded.plus(new UnfoldedPoints.Group(groupId, Collections.unmodifiableMap(groupPoints)),
            System.nanoTime());
      }
      cache.committed();
      return outcomes;
    } catch (SQLException | RuntimeException e) {
      discard();
      throw e;
    }
  }

  private AppendOutcome writePoint(AppendBatch batch, NewPoint point) throws SQLException {
    SeriesKey key = batch.series(point);
    WriterCache.Series series = series(key);
    if (series == null) {
      // A metric name new to its trial component: no point of it can be stored yet, so none is a duplicate.
      TrialComponent trialComponent = TrialComponent.of(key);
      int metrics = metricCount(trialComponent);
      if (metrics >= limits.maxMetricsPerTrialComponent()) {
        return AppendOutcome.METRIC_LIMIT_EXCEEDED;
      }
      series = cache.putSeries(key, new WriterCache.Series(sql.insertSeries(key), 0));
      cache.putMetricCount(trialComponent, metrics + 1);
      if (metrics == 0) {
        // Its first metric: the trial component becomes an entity unless it is one already.
        sql.insertTrialComponentIfAbsent(batch.partition(), batch.trialComponent(), batch.receivedMs());
      }
    }
    MinuteKey minute = new MinuteKey(series.id, Minutes.minuteOf(point.timestampMs()));
    WriterCache.Identity identity = new WriterCache.Identity(point.timestampMs(), point.step(), point.value());
    if (series.mayHold(point.timestampMs()) && identities(key, minute).contains(identity)) {
      return AppendOutcome.DUPLICATE;
    }
    if (series.pointCount >= limits.maxPointsPerMetric()) {
      return AppendOutcome.METRIC_LIMIT_EXCEEDED;
    }
    long sequence = lastSequence() + 1;
    cache.lastSequence = sequence;
    series.pointCount++;
    series.add(point.timestampMs(), point.step(), point.value(), sequence);
    cache.addIdentity(minute, identity);
    StoredPoint stored = new StoredPoint(point.timestampMs(), point.step(), point.value(), sequence);
    touched.computeIfAbsent(minute, k -> new ArrayList<>()).add(stored);
    groupPoints.computeIfAbsent(key, k -> new ArrayList<>()).add(stored);
    return AppendOutcome.STORED;
  }

  /**
   * The identities of the points stored in the minute (in blocks, in the log, and in this group); loaded once, then
   * kept up.
   */
  private Set<WriterCache.Identity> identities(SeriesKey key, MinuteKey minute) throws SQLException {
    Set<WriterCache.Identity> known = cache.identities(minute);
    if (known == null) {
      known = new HashSet<>();
      for (StoredPoint p : sql.minutePoints(minute.seriesId(), minute.minuteMs())) {
        known.add(new WriterCache.Identity(p.timestampMs(), p.step(), p.value()));
      }
      for (StoredPoint p : unfolded.points(key, Long.MIN_VALUE)) {
        if (Minutes.minuteOf(p.timestampMs()) == minute.minuteMs()) {
          known.add(new WriterCache.Identity(p.timestampMs(), p.step(), p.value()));
        }
      }
      for (StoredPoint p : touched.getOrDefault(minute, List.of())) {
        known.add(new WriterCache.Identity(p.timestampMs(), p.step(), p.value()));
      }
      cache.putIdentities(minute, known);
    }
    return known;
  }

  /**
   * Folds every unfolded group into blocks, kept minutes and series rows, drops their log rows and records how far
   * the tables now reach, in one transaction. The caller discards the connection when this throws.
   */
  private void fold() throws SQLException {
    UnfoldedPoints pending = unfolded;
    if (pending.isEmpty()) {
      return;
    }
    SqliteFile.begin(connection);
    for (Map.Entry<SeriesKey, List<StoredPoint>> entry : pending.bySeries(Long.MIN_VALUE).entrySet()) {
      WriterCache.Series series = series(entry.getKey());
      if (series == null) {
        throw new IllegalStateException("the point log holds points of " + entry.getKey() + ", which has no row");
      }
      foldSeries(series, entry.getValue());
      sql.updateSeries(series);
    }
    sql.deleteLogThrough(pending.lastGroupId());
    sql.updateState(new WriterStatements.State(lastSequence(), pending.lastGroupId()));
    SqliteFile.commit(connection);
    unfolded = UnfoldedPoints.NONE; // this thread is the only one that adds groups
  }

  /** Stores one series' unfolded points, a block per minute (or several), and brings those minutes' aggregates up to date. */
  private void foldSeries(WriterCache.Series series, List<StoredPoint> points) throws SQLException {
    Map<Long, List<StoredPoint>> byMinute = new TreeMap<>();
    for (StoredPoint p : points) {
      byMinute.computeIfAbsent(Minutes.minuteOf(p.timestampMs()), k -> new ArrayList<>()).add(p);
    }
    for (Map.Entry<Long, List<StoredPoint>> entry : byMinute.entrySet()) {
      long minuteMs = entry.getKey();
      List<StoredPoint> minutePoints = entry.getValue();
      for (int from = 0; from < minutePoints.size(); from += MAX_BLOCK_POINTS) {
        List<StoredPoint> block = minutePoints.subList(from, Math.min(minutePoints.size(), from + MAX_BLOCK_POINTS));
        sql.insertBlock(series.id, minuteMs, block);
        series.stepSpan = Math.max(series.stepSpan, PointBlock.stepSpan(block));
      }
      updateMinute(new MinuteKey(series.id, minuteMs), minutePoints);
    }
  }

  /** Brings the kept aggregate of one minute up to date with its newly folded points (blocks already inserted). */
  private void updateMinute(MinuteKey key, List<StoredPoint> points) throws SQLException {
    MinuteAggregate aggregate = cache.minute(key);
    if (aggregate == null) {
      aggregate = sql.findMinute(key.seriesId(), key.minuteMs());
    }
    if (aggregate == null) {
      aggregate = MinuteAggregate.of(points);
    } else if (!aggregate.extend(points)) {
      // Sequences only grow, so this is a safety net: fold the minute again from what is stored now.
      aggregate = MinuteAggregate.of(sql.minutePoints(key.seriesId(), key.minuteMs()));
    }
    sql.upsertMinute(key.seriesId(), key.minuteMs(), aggregate);
    cache.putMinute(key, aggregate);
  }

  /** Deletes one trial component's series in one transaction; returns the points they held. Writer thread only. */
  long deleteTrialComponent(String account, String region, String trialComponent) throws SQLException {
    long deleted = exclusively(() -> sql.deleteTrialComponent(account, region, trialComponent));
    cache.clear(); // ids, counts, minutes and identities of the deleted series must not be reused
    return deleted;
  }

  /**
   * One chunk of retention (see {@link dev.stepwise.store.MetricStore#dropPointsBefore}) in a transaction of its
   * own: the store queues chunks until one is the last, appends going in between. Writer thread only.
   */
  ChunkedWork.Chunk dropChunk(long cutoffMs) throws SQLException {
    RetentionChunk.Result result = exclusively(() -> RetentionChunk.drop(connection, Minutes.minuteOf(cutoffMs)));
    cache.forgetSeries(result.series()); // their counts and summaries changed; the other series' stay valid
    return new ChunkedWork.Chunk(result.points(), result.finished());
  }

  /**
   * A write as small as there is, for readiness while writes fail: folds what is unfolded, then rewrites the state
   * row and commits, which needs the write lock and room in the WAL like any commit. Writer thread only.
   */
  long probe() throws SQLException {
    return exclusively(() -> {
      sql.touchState();
      return 0L;
    });
  }

  /** What the tables alone hold must be all there is for these: folds first, then runs the work in a transaction. */
  private <T> T exclusively(TableWork<T> work) throws SQLException {
    return transaction(true, connection -> work.run());
  }

  @FunctionalInterface
  private interface TableWork<T> {
    T run() throws SQLException;
  }

  /** Work on the writer's connection, inside a transaction that {@link #transaction} opens and commits. */
  @FunctionalInterface
  interface ConnectionWork<T> {
    T run(Connection connection) throws SQLException;
  }

  /**
   * Control-plane work (experiments, trials, trial components as entities), in a transaction of its own; the point
   * log and the caches are left as they are. Writer thread only.
   */
  <T> T control(ConnectionWork<T> work) throws SQLException {
    return transaction(false, work);
  }

  /** Deletes a trial component entity and, in the same transaction, its metrics. Writer thread only. */
  long deleteTrialComponentEntity(Partition partition, String key, EntityTables tables) throws SQLException {
    long deleted = transaction(true, connection -> {
      tables.delete(connection, partition, EntityKind.TRIAL_COMPONENT, key);
      return sql.deleteTrialComponent(partition.account(), partition.region(), key);
    });
    cache.clear(); // ids, counts, minutes and identities of the deleted series must not be reused
    return deleted;
  }

  /**
   * Runs the work in a transaction; work on points folds the log first (the tables alone must hold every point; the
   * caller then drops what its work made stale of the caches). A refusal by the store's state rolls back and keeps
   * the connection; any other failure discards it.
   */
  private <T> T transaction(boolean onPoints, ConnectionWork<T> work) throws SQLException {
    try {
      if (connection == null) {
        open();
      }
      if (onPoints) {
        fold();
      }
      SqliteFile.begin(connection);
      T result;
      try {
        result = work.run(connection);
      } catch (EntityStateException refused) {
        SqliteFile.rollback(connection);
        throw refused;
      }
      SqliteFile.commit(connection);
      return result;
    } catch (EntityStateException refused) {
      throw refused;
    } catch (SQLException | RuntimeException e) {
      discard();
      throw e;
    }
  }

  /** Nothing queued: folds once the oldest unfolded group is as old as the policy lets it be. */
  @Override
  public long idleDelayNanos() {
    UnfoldedPoints pending = unfolded;
    return pending.isEmpty() ? -1 : foldPolicy.delayLeftNanos(pending, System.nanoTime());
  }

  @Override
  public void idle() throws SQLException {
    try {
      if (connection == null) {
        open();
      }
      fold();
    } catch (SQLException | RuntimeException e) {
      discard();
      throw e;
    }
  }

  /** The series as of the last commit: its row brought up to date with its unfolded points. */
  private WriterCache.Series series(SeriesKey key) throws SQLException {
    WriterCache.Series cached = cache.series(key);
    if (cached != null) {
      return cached;
    }
    WriterCache.Series stored = sql.findSeries(key);
    if (stored == null) {
      return null;
    }
    for (StoredPoint p : unfolded.points(key, Long.MIN_VALUE)) {
      stored.pointCount++;
      stored.add(p.timestampMs(), p.step(), p.value(), p.sequence());
    }
    return cache.putSeries(key, stored);
  }

  private int metricCount(TrialComponent trialComponent) throws SQLException {
    Integer cached = cache.metricCount(trialComponent);
    if (cached != null) {
      return cached;
    }
    return cache.putMetricCount(trialComponent, sql.countMetrics(trialComponent));
  }

  /** The last sequence handed out: the tables' or the log's, whichever is later. */
  private long lastSequence() throws SQLException {
    if (cache.lastSequence < 0) {
      cache.lastSequence = Math.max(sql.loadState().lastSequence(), unfolded.maxSequence());
    }
    return cache.lastSequence;
  }

  private void discard() {
    cache.clear();
    touched.clear();
    if (connection != null) {
      try {
        SqliteFile.rollback(connection);
      } catch (SQLException | RuntimeException ignored) {
        // No transaction may be open (BEGIN failed); and closing the connection rolls back anyway.
      }
      closeConnection();
    }
  }

  private void closeConnection() {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // Nothing more to release; a broken connection is the reason we are here.
    } finally {
      connection = null;
      sql = null;
    }
  }

  /** Folds what is unfolded, so that the file holds no log, then closes; a failed fold is left to the next start. */
  @Override
  public void close() {
    if (connection != null && !unfolded.isEmpty()) {
      try {
        fold();
      } catch (SQLException | RuntimeException e) {
        LOG.warn("could not fold the point log at close; the next start reads it again: {}", e.toString());
        discard();
      }
    }
    if (connection != null) {
      closeConnection();
    }
  }

  /** One series' minute. */
  record MinuteKey(long seriesId, long minuteMs) {}

  /** The account, region and trial component a metric-count limit applies to. */
  record TrialComponent(String account, String region, String name) {
    static TrialComponent of(SeriesKey key) {
      return new TrialComponent(key.account(), key.region(), key.trialComponent());
    }
  }
}
