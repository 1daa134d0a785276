package dev.stepwise.store.cassandra;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;

/** The store's prepared statements, each with the consistency it must run at. */
final class Statements {
  private static final String PK = "account = ? AND region = ? AND trial_component = ? AND metric = ? AND day = ?";
  private static final String SERIES_PK = "account = ? AND region = ? AND trial_component = ? AND metric = ?";

  final ConsistencyLevel consistency;
  final ConsistencyLevel serial;
  final PreparedStatement dayStatics;
  final PreparedStatement dayStaticsPlain;
  final PreparedStatement dayPointsBetween;
  final PreparedStatement dayMinutesBetween;
  final PreparedStatement dayPointsThrough;
  final PreparedStatement dayMinutesThrough;
  final PreparedStatement insertPoint;
  final PreparedStatement upsertMinute;
  final PreparedStatement casStatics;
  final PreparedStatement deletePointsBefore;
  final PreparedStatement seriesDays;
  final PreparedStatement registerDay;
  final PreparedStatement registerSeries;
  final PreparedStatement seriesOfPartition;
  final PreparedStatement seriesOfTrialComponent;
  final PreparedStatement allPartitions;
  final PreparedStatement allSeriesDays;
  final PreparedStatement metricNames;
  final PreparedStatement insertMetricNames;
  final PreparedStatement casMetricNames;
  final PreparedStatement deleteDay;
  final PreparedStatement deleteSeriesDays;
  final PreparedStatement deleteSeriesOfTrialComponent;
  final PreparedStatement deleteMetricNames;
  final PreparedStatement takeLease;
  final PreparedStatement releaseLease;
  final PreparedStatement probe;

  private final Preparer preparer;

  /** A statement of the store at its consistency ({@code %s} is the keyspace). */
  PreparedStatement prepare(String cql) {
    return preparer.plain(cql);
  }

  /** A linearizable read. */
  PreparedStatement prepareSerial(String cql) {
    return preparer.serial(cql);
  }

  Statements(CqlSession session, String keyspace, DefaultConsistencyLevel consistency) {
    ConsistencyLevel serial = consistency == DefaultConsistencyLevel.LOCAL_QUORUM
        ? DefaultConsistencyLevel.LOCAL_SERIAL : DefaultConsistencyLevel.SERIAL;
    this.consistency = consistency;
    this.serial = serial;
    Preparer p = new Preparer(session, keyspace, consistency, serial);
    this.preparer = p;
    dayStatics = p.serial("SELECT version, point_count, first_t, last_t, min_step, max_step, last_value, last_seq"
        + " FROM %s.series_day WHERE " + PK + " LIMIT 1");
    dayStaticsPlain = p.plain("SELECT version, point_count, first_t, last_t, min_step, max_step, last_value, last_seq"
        + " FROM %s.series_day WHERE " + PK + " LIMIT 1");
    dayPointsBetween = p.plain("SELECT t, step, value, seq FROM %s.series_day WHERE " + PK
        + " AND kind = 1 AND t >= ? AND t < ?");
    dayMinutesBetween = p.plain("SELECT t, stats FROM %s.series_day WHERE " + PK + " AND kind = 0 AND t >= ? AND t < ?");
    dayPointsThrough = p.plain("SELECT t, step, value, seq FROM %s.series_day WHERE " + PK
        + " AND kind = 1 AND t >= ? AND t <= ?");
    dayMinutesThrough = p.plain("SELECT t, stats FROM %s.series_day WHERE " + PK
        + " AND kind = 0 AND t >= ? AND t <= ?");
    insertPoint = p.plain("INSERT INTO %s.series_day (account, region, trial_component, metric, day, kind, t, step,"
        + " value, seq) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?)");
    upsertMinute = p.plain("UPDATE %s.series_day SET stats = ? WHERE " + PK + " AND kind = 0 AND t = ? AND step = -1"
        + " AND value = 0");
    casStatics = p.plain("UPDATE %s.series_day SET version = ?, point_count = ?, first_t = ?, last_t = ?,"
        + " min_step = ?, max_step = ?, last_value = ?, last_seq = ? WHERE " + PK + " IF version = ?");
    deletePointsBefore = p.plain("DELETE FROM %s.series_day WHERE " + PK + " AND kind = 1 AND t < ?");
    seriesDays = p.plain("SELECT day FROM %s.series_days WHERE " + SERIES_PK);
    registerDay = p.plain("INSERT INTO %s.series_days (account, region, trial_component, metric, day)"
        + " VALUES (?, ?, ?, ?, ?)");
    registerSeries = p.plain("INSERT INTO %s.series (account, region, trial_component, metric) VALUES (?, ?, ?, ?)");
    seriesOfPartition = p.plain("SELECT trial_component, metric FROM %s.series WHERE account = ? AND region = ?");
    seriesOfTrialComponent = p.plain(
        "SELECT metric FROM %s.series WHERE account = ? AND region = ? AND trial_component = ?");
    allPartitions = p.plain("SELECT DISTINCT account, region FROM %s.series");
    allSeriesDays = p.plain("SELECT account, region, trial_component, metric, day FROM %s.series_days");
    metricNames = p.serial("SELECT names FROM %s.metric_names WHERE account = ? AND region = ? AND trial_component = ?");
    insertMetricNames = p.plain("INSERT INTO %s.metric_names (account, region, trial_component, names)"
        + " VALUES (?, ?, ?, ?) IF NOT EXISTS");
    casMetricNames = p.plain("UPDATE %s.metric_names SET names = ? WHERE account = ? AND region = ?"
        + " AND trial_component = ? IF names = ?");
    deleteDay = p.plain("DELETE FROM %s.series_day WHERE " + PK);
    deleteSeriesDays = p.plain("DELETE FROM %s.series_days WHERE " + SERIES_PK);
    deleteSeriesOfTrialComponent = p.plain(
        "DELETE FROM %s.series WHERE account = ? AND region = ? AND trial_component = ?");
    deleteMetricNames = p.plain(
        "DELETE FROM %s.metric_names WHERE account = ? AND region = ? AND trial_component = ?");
    takeLease = p.plain("INSERT INTO %s.leases (name, holder) VALUES (?, ?) IF NOT EXISTS USING TTL ?");
    releaseLease = p.plain("DELETE FROM %s.leases WHERE name = ? IF holder = ?");
    probe = p.plain("SELECT holder FROM %s.leases WHERE name = 'readiness-probe'");
  }

  private record Preparer(CqlSession session, String keyspace, ConsistencyLevel consistency, ConsistencyLevel serial) {
    PreparedStatement plain(String cql) {
      return session.prepare(SimpleStatement.newInstance(cql.formatted(keyspace))
          .setConsistencyLevel(consistency).setSerialConsistencyLevel(serial));
    }

    /** A read that first settles any lightweight transaction in flight on the partition (linearizable). */
    PreparedStatement serial(String cql) {
      return session.prepare(SimpleStatement.newInstance(cql.formatted(keyspace))
          .setConsistencyLevel(serial).setSerialConsistencyLevel(serial));
    }
  }
}
