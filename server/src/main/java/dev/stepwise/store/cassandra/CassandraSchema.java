package dev.stepwise.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.time.Duration;
import java.util.List;

/**
 * The keyspace's tables (see the package documentation for why they are shaped so), created when missing, and the
 * check that the cluster keeps the durability promise the store makes.
 */
final class CassandraSchema {
  /** Schema changes wait for every node to agree on the new schema: far longer than a read or a write. */
  static final Duration SCHEMA_TIMEOUT = Duration.ofSeconds(60);

  private static final List<String> TABLES = List.of(
      // A series' points and kept minutes of one UTC day, with the day's summary in static columns; kind 0 rows are
      // minute aggregates (t = the minute's start), kind 1 rows are points. Every change goes through a lightweight
      // transaction on the static version.
      """
      CREATE TABLE IF NOT EXISTS %s.series_day (
        account text, region text, trial_component text, metric text, day bigint,
        kind tinyint, t bigint, step int, value double,
        seq bigint, stats blob,
        version bigint static, point_count bigint static, first_t bigint static, last_t bigint static,
        min_step int static, max_step int static, last_value double static,
        last_seq bigint static,
        PRIMARY KEY ((account, region, trial_component, metric, day), kind, t, step, value))""",
      // The days a series has a series_day partition for.
      """
      CREATE TABLE IF NOT EXISTS %s.series_days (
        account text, region text, trial_component text, metric text, day bigint,
        PRIMARY KEY ((account, region, trial_component, metric), day))""",
      // The series of an account and region: what a listing reads.
      """
      CREATE TABLE IF NOT EXISTS %s.series (
        account text, region text, trial_component text, metric text,
        PRIMARY KEY ((account, region), trial_component, metric))""",
      // A trial component's metric names, changed only by lightweight transactions: the metric limit's arbiter.
      """
      CREATE TABLE IF NOT EXISTS %s.metric_names (
        account text, region text, trial_component text, names set<text>,
        PRIMARY KEY ((account, region, trial_component)))""",
      // Work that one node at a time may do (retention), held by a lightweight transaction with a TTL.
      """
      CREATE TABLE IF NOT EXISTS %s.leases (name text PRIMARY KEY, holder text)""",
      // The control plane: entities of one kind in one account and region, inserted and replaced by lightweight
      // transactions (a name is taken once; a replace checks the version it read).
      """
      CREATE TABLE IF NOT EXISTS %s.entities (
        account text, region text, kind int, key text, version bigint, doc blob,
        PRIMARY KEY ((account, region, kind), key))""",
      """
      CREATE TABLE IF NOT EXISTS %s.memberships (
        account text, region text, trial_key text, component_key text, added_ms bigint,
        PRIMARY KEY ((account, region), trial_key, component_key))""",
      """
      CREATE TABLE IF NOT EXISTS %s.lineage (
        account text, region text, source_arn text, destination_arn text, type text, created_ms bigint,
        PRIMARY KEY ((account, region), source_arn, destination_arn))""",
      """
      CREATE TABLE IF NOT EXISTS %s.token_key (id int PRIMARY KEY, secret blob)""",
      """
      CREATE TABLE IF NOT EXISTS %s.snapshots (id text PRIMARY KEY, content blob, expires_ms bigint)""");

  private CassandraSchema() {}

  static void create(CqlSession session, CassandraSettings settings) {
    String keyspace = settings.keyspace();
    var existing = session.getMetadata().getKeyspace(keyspace);
    if (existing.isEmpty()) {
      if (settings.replication() == null) {
        throw new IllegalStateException("keyspace " + keyspace + " does not exist and no replication is set to"
            + " create it with: create it, or set the replication");
      }
      execute(session, "CREATE KEYSPACE IF NOT EXISTS " + keyspace + " WITH replication = "
          + settings.replication());
    }
    for (String table : TABLES) {
      // A schema change waits for every node to agree, even when IF NOT EXISTS finds the table: skip known ones.
      String name = table.replaceFirst("(?s).*CREATE TABLE IF NOT EXISTS %s\\.(\\w+).*", "$1");
      if (existing.flatMap(ks -> ks.getTable(name)).isEmpty()) {
        execute(session, table.formatted(keyspace));
      }
    }
  }

  private static void execute(CqlSession session, String cql) {
    session.execute(SimpleStatement.newInstance(cql).setTimeout(SCHEMA_TIMEOUT));
  }

  /**
   * Refuses a cluster whose commitlog is synced periodically (Cassandra's default): a write acknowledged at a
   * quorum is then in the memory of a quorum of replicas, and on disk only within the period, so a power cut of
   * those machines loses it. With {@code group} or {@code batch} the replicas fsync before they acknowledge.
   * Reads {@code system_views.settings} of the node that answers (Cassandra 4.0+); each node has its own file, so
   * an operator keeps them equal.
   */
  static void checkDurability(CqlSession session, CassandraSettings settings) {
    requireDurable(commitlogSync(session), settings.allowPeriodicCommitlog());
  }

  /** The {@code commitlog_sync} of the node that answers, or null when it does not say. */
  static String commitlogSync(CqlSession session) {
    Row row = session.execute(SimpleStatement.newInstance(
        "SELECT value FROM system_views.settings WHERE name = 'commitlog_sync'")).one();
    return row == null ? null : row.getString("value");
  }

  static void requireDurable(String sync, boolean allowPeriodic) {
    if (sync == null) {
      throw new IllegalStateException("the cluster does not report commitlog_sync in system_views.settings"
          + " (Cassandra 4.0 or newer is needed)");
    }
    if (sync.equalsIgnoreCase("periodic") && !allowPeriodic) {
      throw new IllegalStateException("the Cassandra cluster's commitlog_sync is periodic: an acknowledged write"
          + " may be lost when its replicas lose power; set commitlog_sync: group (or batch) in cassandra.yaml,"
          + " or allow periodic explicitly with --cassandra-allow-periodic-commitlog true");
    }
  }
}
