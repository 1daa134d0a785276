package dev.stepwise.store.postgres;

import dev.stepwise.stats.BucketStats;
import dev.stepwise.store.AppendBatch;
import dev.stepwise.store.AppendOutcome;
import dev.stepwise.store.MinuteAggregate.StoredPoint;
import dev.stepwise.store.NewPoint;
import dev.stepwise.store.Partition;
import dev.stepwise.store.SeriesKey;
import dev.stepwise.store.StoreLimits;
import dev.stepwise.store.jdbc.EntityTables;
import dev.stepwise.store.jdbc.MinuteStatsCodec;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One group's transaction, in a fixed number of round trips whatever the group's size: lock the trial
 * components, read their series, create the new series, insert the points, update the point counts.
 *
 * <p>Other nodes write the same tables at the same time. Everything they could race on is decided under a
 * transaction-scoped advisory lock per trial component, taken in key order (so two nodes never deadlock): once a
 * node holds it, the metric count and point counts it reads stay true until it commits. Point identity is the
 * primary key, so a retry that another node stored meanwhile is a conflict, reported as DUPLICATE.
 */
final class GroupTransaction {
  static final String LOCK =
      "SELECT pg_advisory_xact_lock(k) FROM unnest(?::bigint[]) AS u(k)";

  /** One row per wanted series: its id and point count (null when new) and its trial component's metric count. */
  static final String FIND_SERIES =
      "SELECT w.o, s.id, s.point_count, s.stats,"
          + " (SELECT count(*) FROM series c"
          + "   WHERE c.account = w.a AND c.region = w.r AND c.trial_component = w.tc) AS metrics"
          + " FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS w(a, r, tc, m, o)"
          + " LEFT JOIN series s"
          + "   ON s.account = w.a AND s.region = w.r AND s.trial_component = w.tc AND s.metric_name = w.m";

  static final String INSERT_SERIES =
      "INSERT INTO series (account, region, trial_component, metric_name)"
          + " SELECT a, r, tc, m FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) WITH ORDINALITY"
          + "   AS w(a, r, tc, m, o) ORDER BY o"
          + " RETURNING id, account, region, trial_component, metric_name";

  /** nextval in arrival order: a function scan yields the arrays in order, and volatile output is computed last. */
  static final String INSERT_POINTS =
      "INSERT INTO point (series_id, timestamp_ms, step, value, sequence)"
          + " SELECT s, t, st, v, nextval('point_sequence')"
          + " FROM unnest(?::bigint[], ?::bigint[], ?::integer[], ?::float8[]) WITH ORDINALITY AS u(s, t, st, v, o)"
          + " ORDER BY o"
          + " ON CONFLICT DO NOTHING"
          + " RETURNING series_id, timestamp_ms, step, value, sequence";

  static final String POINT_EXISTS =
      "SELECT 1 FROM point WHERE series_id = ? AND timestamp_ms = ? AND step = ? AND value = ?";

  static final String ADD_POINT_COUNTS =
      "UPDATE series SET point_count = point_count + u.n, stats = u.st"
          + " FROM unnest(?::bigint[], ?::bigint[], ?::bytea[]) AS u(id, n, st) WHERE series.id = u.id";

  private final Connection connection;
  private final StoreLimits limits;
  private final List<AppendBatch> batches;
  private final AppendOutcome[][] outcomes;

  private final MinuteUpdates minutes = new MinuteUpdates();

  /** The group's series in order of first appearance. */
  private final Map<SeriesKey, Series> series = new LinkedHashMap<>();

  /** What the transaction knows and decides about one series. */
  private static final class Series {
    Long id;
    long pointCount;
    /** Every point the series held before this transaction (null when none); the new ones are added at the end. */
    BucketStats stats;
    boolean rejected;
    final List<Slot> candidates = new ArrayList<>();
    long stored;
    final List<StoredPoint> storedPoints = new ArrayList<>();
  }

  /** Where a point sits in the group: its batch and its index there. */
  private record Slot(int batch, int index, Series series, NewPoint point) {
    Identity identity() {
      return new Identity(series.id, point.timestampMs(), point.step(), normalised(point.value()));
    }
  }

  /** A point's identity as the primary key sees it: -0.0 equals 0.0 there. */
  private record Identity(long seriesId, long timestampMs, int step, double value) {}

  GroupTransaction(Connection connection, StoreLimits limits, List<AppendBatch> batches) {
    this.connection = connection;
    this.limits = limits;
    this.batches = batches;
    this.outcomes = new AppendOutcome[batches.size()][];
    for (int b = 0; b < batches.size(); b++) {
      outcomes[b] = new AppendOutcome[batches.get(b).points().size()];
      for (NewPoint point : batches.get(b).points()) {
        series.computeIfAbsent(batches.get(b).series(point), key -> new Series());
      }
    }
  }

  List<List<AppendOutcome>> run() throws SQLException {
    if (series.isEmpty()) {
      return result();
    }
    lockTrialComponents();
    Map<TrialComponent, Long> metricCounts = findSeries();
    createSeries(metricCounts);
    List<Slot> candidates = new ArrayList<>();
    Map<Slot, Slot> repeats = new LinkedHashMap<>();
    collectCandidates(candidates, repeats);
    insertWithRoom(candidates);
    insertNearLimit(candidates);
    repeats.forEach(
        (repeat, first) ->
            outcomes[repeat.batch()][repeat.index()] =
                outcomes[first.batch()][first.index()] == AppendOutcome.METRIC_LIMIT_EXCEEDED
                    ? AppendOutcome.METRIC_LIMIT_EXCEEDED
                    : AppendOutcome.DUPLICATE);
    addPointCounts();
    minutes.write(connection);
    return result();
  }

  private void lockTrialComponents() throws SQLException {
    Long[] keys =
        series.keySet().stream()
            .map(k -> TrialComponentLocks.key(k.account(), k.region(), k.trialComponent()))
            .distinct()
            .sorted()
            .toArray(Long[]::new);
    try (PreparedStatement lock = connection.prepareStatement(LOCK)) {
      lock.setArray(1, connection.createArrayOf("bigint", keys));
      lock.execute();
    }
  }

  /** Fills in the known series' ids and point counts; returns the metric count of each trial component. */
  private Map<TrialComponent, Long> findSeries() throws SQLException {
    List<SeriesKey> keys = new ArrayList<>(series.keySet());
    Map<TrialComponent, Long> metricCounts = new HashMap<>();
    try (PreparedStatement find = connection.prepareStatement(FIND_SERIES)) {
      bindSeriesKeys(find, keys);
      try (ResultSet rows = find.executeQuery()) {
        while (rows.next()) {
          SeriesKey key = keys.get(rows.getInt(1) - 1);
          Series known = series.get(key);
          long id = rows.getLong(2);
          if (!rows.wasNull()) {
            known.id = id;
            known.pointCount = rows.getLong(3);
            byte[] stats = rows.getBytes(4);
            known.stats = stats == null ? null : MinuteStatsCodec.decode(stats);
          }
          metricCounts.put(TrialComponent.of(key), rows.getLong(5));
        }
      }
    }
    return metricCounts;
  }

  /** Admits new metric names in arrival order while their trial component is under the limit; creates them. */
  private void createSeries(Map<TrialComponent, Long> metricCounts) throws SQLException {
    Set<SeriesKey> admitted = new LinkedHashSet<>();
    Map<TrialComponent, Long> firstMetrics = new LinkedHashMap<>();
    for (AppendBatch batch : batches) {
      for (NewPoint point : batch.points()) {
        SeriesKey key = batch.series(point);
        Series s = series.get(key);
        if (s.id != null || s.rejected || admitted.contains(key)) {
          continue;
        }
        TrialComponent trialComponent = TrialComponent.of(key);
        long metrics = metricCounts.get(trialComponent);
        if (metrics < limits.maxMetricsPerTrialComponent()) {
          admitted.add(key);
          metricCounts.put(trialComponent, metrics + 1);
          if (metrics == 0) {
            firstMetrics.putIfAbsent(trialComponent, batch.receivedMs());
          }
        } else {
          s.rejected = true;
        }
      }
    }
    if (admitted.isEmpty()) {
      return;
    }
    try (PreparedStatement insert = connection.prepareStatement(INSERT_SERIES)) {
      bindSeriesKeys(insert, List.copyOf(admitted));
      try (ResultSet rows = insert.executeQuery()) {
        while (rows.next()) {
          SeriesKey key = new SeriesKey(rows.getString(2), rows.getString(3), rows.getString(4), rows.getString(5));
          series.get(key).id = rows.getLong(1);
        }
      }
    }
    insertTrialComponents(firstMetrics);
  }

  /**
   * Trial components whose first metric this group stores become entities, unless they are already (created by
   * CreateTrialComponent, or by an append before their metrics were deleted). Under their advisory locks, as the
   * deletion of a trial component entity is.
   */
  private void insertTrialComponents(Map<TrialComponent, Long> firstMetrics) throws SQLException {
    if (firstMetrics.isEmpty()) {
      return;
    }
    try (PreparedStatement insert = connection.prepareStatement(EntityTables.INSERT_IF_ABSENT)) {
      for (Map.Entry<TrialComponent, Long> entry : firstMetrics.entrySet()) {
        TrialComponent component = entry.getKey();
        EntityTables.bindImplicitTrialComponent(
            insert, new Partition(component.account(), component.region()), component.name(), entry.getValue());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /**
   * Decides the points of rejected series, and sorts the others' into first occurrences (the candidates, in
   * arrival order) and repeats within the group, which take their first occurrence's fate.
   */
  private void collectCandidates(List<Slot> candidates, Map<Slot, Slot> repeats) {
    Map<Identity, Slot> first = new HashMap<>();
    for (int b = 0; b < batches.size(); b++) {
      AppendBatch batch = batches.get(b);
      for (int i = 0; i < batch.points().size(); i++) {
        NewPoint point = batch.points().get(i);
        Series s = series.get(batch.series(point));
        if (s.rejected) {
          outcomes[b][i] = AppendOutcome.METRIC_LIMIT_EXCEEDED;
          continue;
        }
        Slot slot = new Slot(b, i, s, point);
        Slot earlier = first.putIfAbsent(slot.identity(), slot);
        if (earlier == null) {
          candidates.add(slot);
          s.candidates.add(slot);
        } else {
          repeats.put(slot, earlier);
        }
      }
    }
  }

  private boolean hasRoom(Series s) {
    return s.pointCount + s.candidates.size() <= limits.maxPointsPerMetric();
  }

  /** The usual case: every candidate of the series fits under the point limit, so one multi-row INSERT decides. */
  private void insertWithRoom(List<Slot> candidates) throws SQLException {
    List<Slot> slots = candidates.stream().filter(slot -> hasRoom(slot.series())).toList();
    if (slots.isEmpty()) {
      return;
    }
    int n = slots.size();
    Long[] seriesIds = new Long[n];
    Long[] timestamps = new Long[n];
    Integer[] steps = new Integer[n];
    Double[] values = new Double[n];
    for (int i = 0; i < n; i++) {
      Slot slot = slots.get(i);
      seriesIds[i] = slot.series().id;
      timestamps[i] = slot.point().timestampMs();
      steps[i] = slot.point().step();
      values[i] = slot.point().value();
    }
    Set<Identity> stored = new HashSet<>();
    Map<Long, List<StoredPoint>> storedPoints = new HashMap<>();
    try (PreparedStatement insert = connection.prepareStatement(INSERT_POINTS)) {
      insert.setArray(1, connection.createArrayOf("bigint", seriesIds));
      insert.setArray(2, connection.createArrayOf("bigint", timestamps));
      insert.setArray(3, connection.createArrayOf("integer", steps));
      insert.setArray(4, connection.createArrayOf("float8", values));
      try (ResultSet rows = insert.executeQuery()) {
        while (rows.next()) {
          stored.add(new Identity(rows.getLong(1), rows.getLong(2), rows.getInt(3), normalised(rows.getDouble(4))));
          minutes.add(rows.getLong(1), storedPoint(rows));
          storedPoints.computeIfAbsent(rows.getLong(1), k -> new ArrayList<>()).add(storedPoint(rows));
        }
      }
    }
    Map<Long, Series> byId = new HashMap<>();
    series.values().stream().filter(known -> known.id != null).forEach(known -> byId.put(known.id, known));
    storedPoints.forEach((seriesId, points) -> byId.get(seriesId).storedPoints.addAll(points));
    for (Slot slot : slots) {
      boolean isNew = stored.contains(slot.identity());
      outcomes[slot.batch()][slot.index()] = isNew ? AppendOutcome.STORED : AppendOutcome.DUPLICATE;
      if (isNew) {
        slot.series().stored++;
      }
    }
  }

  /**
   * Series whose candidates would pass the point limit: one point at a time, since whether a later point fits
   * depends on whether the earlier ones were duplicates. Rare: only the last points before a series is full.
   */
  private void insertNearLimit(List<Slot> candidates) throws SQLException {
    List<Slot> slots = candidates.stream().filter(slot -> !hasRoom(slot.series())).toList();
    if (slots.isEmpty()) {
      return;
    }
    try (PreparedStatement insert = connection.prepareStatement(INSERT_POINTS);
        PreparedStatement exists = connection.prepareStatement(POINT_EXISTS)) {
      for (Slot slot : slots) {
        Series s = slot.series();
        NewPoint point = slot.point();
        AppendOutcome outcome;
        if (s.pointCount + s.stored < limits.maxPointsPerMetric()) {
          insert.setArray(1, connection.createArrayOf("bigint", new Long[] {s.id}));
          insert.setArray(2, connection.createArrayOf("bigint", new Long[] {point.timestampMs()}));
          insert.setArray(3, connection.createArrayOf("integer", new Integer[] {point.step()}));
          insert.setArray(4, connection.createArrayOf("float8", new Double[] {point.value()}));
          try (ResultSet rows = insert.executeQuery()) {
            outcome = rows.next() ? AppendOutcome.STORED : AppendOutcome.DUPLICATE;
            if (outcome == AppendOutcome.STORED) {
              minutes.add(s.id, storedPoint(rows));
              s.storedPoints.add(storedPoint(rows));
            }
          }
        } else {
          // Duplicates win over the limit: a retry of a stored point is not a new point.
          exists.setLong(1, s.id);
          exists.setLong(2, point.timestampMs());
          exists.setInt(3, point.step());
          exists.setDouble(4, point.value());
          try (ResultSet rows = exists.executeQuery()) {
            outcome = rows.next() ? AppendOutcome.DUPLICATE : AppendOutcome.METRIC_LIMIT_EXCEEDED;
          }
        }
        if (outcome == AppendOutcome.STORED) {
          s.stored++;
        }
        outcomes[slot.batch()][slot.index()] = outcome;
      }
    }
  }

  private void addPointCounts() throws SQLException {
    List<Series> changed = series.values().stream().filter(s -> s.stored > 0).toList();
    if (changed.isEmpty()) {
      return;
    }
    Long[] ids = changed.stream().map(s -> s.id).toArray(Long[]::new);
    Long[] added = changed.stream().map(s -> s.stored).toArray(Long[]::new);
    byte[][] stats = changed.stream().map(GroupTransaction::statsAfter).toArray(byte[][]::new);
    try (PreparedStatement update = connection.prepareStatement(ADD_POINT_COUNTS)) {
      update.setArray(1, connection.createArrayOf("bigint", ids));
      update.setArray(2, connection.createArrayOf("bigint", added));
      update.setArray(3, connection.createArrayOf("bytea", stats));
      update.executeUpdate();
    }
  }

  /**
   * The series' statistics with this group's points added in sequence order: the order they were stored in, since
   * the trial component's lock makes its writers take turns and the sequence increases.
   */
  private static byte[] statsAfter(Series s) {
    BucketStats stats = s.stats == null ? new BucketStats() : s.stats;
    s.storedPoints.stream().sorted(Comparator.comparingLong(StoredPoint::sequence))
        .forEach(p -> stats.add(p.timestampMs(), p.sequence(), p.value()));
    return MinuteStatsCodec.encode(stats);
  }

  private void bindSeriesKeys(PreparedStatement statement, List<SeriesKey> keys) throws SQLException {
    statement.setArray(1, textArray(keys.stream().map(SeriesKey::account).toArray(String[]::new)));
    statement.setArray(2, textArray(keys.stream().map(SeriesKey::region).toArray(String[]::new)));
    statement.setArray(3, textArray(keys.stream().map(SeriesKey::trialComponent).toArray(String[]::new)));
    statement.setArray(4, textArray(keys.stream().map(SeriesKey::metricName).toArray(String[]::new)));
  }

  private Array textArray(String[] values) throws SQLException {
    return connection.createArrayOf("text", values);
  }

  private List<List<AppendOutcome>> result() {
    return Arrays.stream(outcomes).map(List::of).toList();
  }

  private static StoredPoint storedPoint(ResultSet row) throws SQLException {
    return new StoredPoint(row.getLong(2), row.getInt(3), row.getDouble(4), row.getLong(5));
  }

  private static double normalised(double value) {
    return value == 0.0 ? 0.0 : value; // -0.0 == 0.0 is true, so this maps both to 0.0
  }

  /** The account, region and trial component a metric-count limit applies to. */
  record TrialComponent(String account, String region, String name) {
    static TrialComponent of(SeriesKey key) {
      return new TrialComponent(key.account(), key.region(), key.trialComponent());
    }
  }
}
