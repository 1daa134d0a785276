package dev.stepwise.store.jdbc;

import dev.stepwise.model.experiments.Entity;
import dev.stepwise.model.experiments.EntityKind;
import dev.stepwise.model.experiments.Parent;
import dev.stepwise.model.experiments.Trial;
import dev.stepwise.model.experiments.TrialComponent;
import dev.stepwise.store.EntityDocuments;
import dev.stepwise.store.EntityInUseException;
import dev.stepwise.store.EntityNotFoundException;
import dev.stepwise.store.EntityQuery;
import dev.stepwise.store.EntityStub;
import dev.stepwise.store.Partition;
import dev.stepwise.store.RunActivity;
import dev.stepwise.store.Scope;
import dev.stepwise.store.Stored;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The control plane's tables ({@code entity}, {@code trial_membership}, {@code lineage}, {@code token_key}), in the
 * SQL that SQLite and PostgreSQL share. Each method runs its statements on the connection it is given, inside the
 * caller's transaction: the SQLite store calls the writing ones on its single writer, the PostgreSQL store in a
 * transaction of their own, where unique keys and foreign keys settle what concurrent nodes race on.
 */
public final class EntityTables {
  private static final String KEY_COLUMNS = "account = ? AND region = ? AND kind = ? AND name_key = ?";

  private static final String INSERT =
      "INSERT INTO entity (account, region, kind, name_key, parent_id, source_arn, created_ms, modified_ms, version,"
          + " document) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?) ON CONFLICT (account, region, kind, name_key) DO NOTHING";

  private final SqlDialect dialect;

  public EntityTables(SqlDialect dialect) {
    this.dialect = dialect;
  }

  /** See {@code ExperimentStore.insert}. */
  public boolean insert(Connection connection, Partition partition, Entity entity) throws SQLException {
    Long parentId = null;
    if (entity instanceof Trial trial) {
      String experimentKey = Entity.keyOf(trial.experimentName());
      parentId = id(connection, partition, EntityKind.EXPERIMENT, experimentKey);
      if (parentId == null) {
        throw new EntityNotFoundException(EntityKind.EXPERIMENT, experimentKey);
      }
    }
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      bindKey(insert, partition, entity.kind(), entity.key());
      if (parentId == null) {
        insert.setNull(5, Types.BIGINT);
      } else {
        insert.setLong(5, parentId);
      }
      insert.setString(6, sourceArn(entity));
      insert.setLong(7, entity.creationTimeMs());
      insert.setLong(8, entity.lastModifiedTimeMs());
      insert.setBytes(9, EntityDocuments.encode(entity));
      return insert.executeUpdate() == 1;
    } catch (SQLException e) {
      if (dialect.isForeignKeyViolation(e)) {
        throw new EntityNotFoundException(EntityKind.EXPERIMENT, Entity.keyOf(((Trial) entity).experimentName()));
      }
      throw e;
    }
  }

  public Optional<Stored> find(Connection connection, Partition partition, EntityKind kind, String key)
      throws SQLException {
    try (PreparedStatement find =
        connection.prepareStatement("SELECT version, document FROM entity WHERE " + KEY_COLUMNS)) {
      bindKey(find, partition, kind, key);
      try (ResultSet row = find.executeQuery()) {
        return row.next()
            ? Optional.of(new Stored(EntityDocuments.decode(row.getBytes(2)), row.getLong(1)))
            : Optional.empty();
      }
    }
  }

  public boolean replace(Connection connection, Partition partition, Stored current, Entity updated)
      throws SQLException {
    if (current.entity().kind() != updated.kind() || !current.entity().key().equals(updated.key())) {
      throw new IllegalArgumentException("a replacement must keep the entity's kind and key");
    }
    try (PreparedStatement update = connection.prepareStatement(
        "UPDATE entity SET document = ?, source_arn = ?, modified_ms = ?, version = version + 1 WHERE "
            + KEY_COLUMNS + " AND version = ?")) {
      update.setBytes(1, EntityDocuments.encode(updated));
      update.setString(2, sourceArn(updated));
      update.setLong(3, updated.lastModifiedTimeMs());
      bindKey(update, 4, partition, updated.kind(), updated.key());
      update.setLong(8, current.version());
      return update.executeUpdate() == 1;
    }
  }

  /**
   * Deletes the entity after checking that nothing refers to it; returns its id, so that the caller can delete what
   * hangs off it (a trial component's metrics) in the same transaction.
   */
  public long delete(Connection connection, Partition partition, EntityKind kind, String key) throws SQLException {
    Long id = id(connection, partition, kind, key);
    if (id == null) {
      throw new EntityNotFoundException(kind, key);
    }
    String inUse = switch (kind) {
      case EXPERIMENT -> "SELECT 1 FROM entity WHERE parent_id = ?";
      case TRIAL -> "SELECT 1 FROM trial_membership WHERE trial_id = ?";
      case TRIAL_COMPONENT -> "SELECT 1 FROM trial_membership WHERE component_id = ?";
      case ARTIFACT -> null;
    };
    if (inUse != null && exists(connection, inUse + " LIMIT 1", id)) {
      throw new EntityInUseException(kind, key);
    }
    try (PreparedStatement delete = connection.prepareStatement("DELETE FROM entity WHERE id = ?")) {
      delete.setLong(1, id);
      delete.executeUpdate();
    } catch (SQLException e) {
      if (dialect.isForeignKeyViolation(e)) {
        throw new EntityInUseException(kind, key); // a trial or an association arrived since the check
      }
      throw e;
    }
    return id;
  }

  public List<Entity> list(Connection connection, Partition partition, EntityQuery query) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT e.document FROM entity e WHERE ");
    List<Binder> binders = new ArrayList<>();
    where(sql, binders, partition, query.kind(), query.scope());
    if (query.createdAfterMs() != null) {
      sql.append(" AND e.created_ms > ?");
      binders.add((s, i) -> s.setLong(i, query.createdAfterMs()));
    }
    if (query.createdBeforeMs() != null) {
      sql.append(" AND e.created_ms < ?");
      binders.add((s, i) -> s.setLong(i, query.createdBeforeMs()));
    }
    if (query.sourceArn() != null) {
      sql.append(" AND e.source_arn = ?");
      binders.add((s, i) -> s.setString(i, query.sourceArn()));
    }
    String comparison = query.descending() ? " < " : " > ";
    String direction = query.descending() ? " DESC" : " ASC";
    EntityQuery.Cursor after = query.after();
    if (query.order() == EntityQuery.Order.NAME) {
      if (after != null) {
        sql.append(" AND e.name_key").append(comparison).append('?');
        binders.add((s, i) -> s.setString(i, after.key()));
      }
      sql.append(" ORDER BY e.name_key").append(direction);
    } else {
      if (after != null) {
        sql.append(" AND (e.created_ms, e.name_key)").append(comparison).append("(?, ?)");
        binders.add((s, i) -> s.setLong(i, after.creationTimeMs()));
        binders.add((s, i) -> s.setString(i, after.key()));
      }
      sql.append(" ORDER BY e.created_ms").append(direction).append(", e.name_key").append(direction);
    }
    sql.append(" LIMIT ?");
    binders.add((s, i) -> s.setInt(i, query.limit()));
    return documents(connection, sql.toString(), binders);
  }

  public List<Entity> scan(Connection connection, Partition partition, EntityKind kind, Scope scope)
      throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT e.document FROM entity e WHERE ");
    List<Binder> binders = new ArrayList<>();
    where(sql, binders, partition, kind, scope);
    return documents(connection, sql.toString(), binders);
  }

  public List<EntityStub> scanStubs(Connection connection, Partition partition, EntityKind kind, Scope scope)
      throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT e.name_key, e.created_ms, e.modified_ms FROM entity e WHERE ");
    List<Binder> binders = new ArrayList<>();
    where(sql, binders, partition, kind, scope);
    try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
      for (int i = 0; i < binders.size(); i++) {
        binders.get(i).bind(select, i + 1);
      }
      List<EntityStub> stubs = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          stubs.add(new EntityStub(rows.getString(1), rows.getLong(2), rows.getLong(3)));
        }
      }
      return stubs;
    }
  }

  public List<Entity> findAll(Connection connection, Partition partition, EntityKind kind, Collection<String> keys)
      throws SQLException {
    if (keys.isEmpty()) {
      return List.of();
    }
    String sql = "SELECT e.document FROM entity e WHERE e.account = ? AND e.region = ? AND e.kind = ? AND "
        + dialect.inList("e.name_key");
    List<Binder> binders = List.of(
        (s, i) -> s.setString(i, partition.account()),
        (s, i) -> s.setString(i, partition.region()),
        (s, i) -> s.setInt(i, EntityDocuments.kindCode(kind)),
        (s, i) -> dialect.bindTexts(s, i, keys));
    return documents(connection, sql, binders);
  }

  /** The scope's conditions on {@code e}, the entity table's alias. */
  private void where(StringBuilder sql, List<Binder> binders, Partition partition, EntityKind kind, Scope scope) {
    sql.append("e.account = ? AND e.region = ? AND e.kind = ?");
    binders.add((s, i) -> s.setString(i, partition.account()));
    binders.add((s, i) -> s.setString(i, partition.region()));
    binders.add((s, i) -> s.setInt(i, EntityDocuments.kindCode(kind)));
    String key;
    switch (scope) {
      case Scope.All all -> {
        return;
      }
      case Scope.InNoTrial none -> {
        // The membership index by component answers each candidate with one probe.
        sql.append(kind == EntityKind.TRIAL_COMPONENT
            ? " AND NOT EXISTS (SELECT 1 FROM trial_membership m WHERE m.component_id = e.id)"
            : " AND 1 = 0");
        return;
      }
      case Scope.Only only -> {
        sql.append(" AND e.name_key = ?");
        key = only.key();
      }
      case Scope.InExperiment in when kind == EntityKind.TRIAL -> {
        sql.append(" AND e.parent_id = (SELECT x.id FROM entity x WHERE x.account = e.account"
            + " AND x.region = e.region AND x.kind = 1 AND x.name_key = ?)");
        key = in.experimentKey();
      }
      case Scope.InExperiment in -> {
        sql.append(" AND e.id IN (SELECT m.component_id FROM entity x JOIN entity t ON t.parent_id = x.id"
            + " JOIN trial_membership m ON m.trial_id = t.id"
            + " WHERE x.account = ? AND x.region = ? AND x.kind = 1 AND x.name_key = ?)");
        binders.add((s, i) -> s.setString(i, partition.account()));
        binders.add((s, i) -> s.setString(i, partition.region()));
        key = in.experimentKey();
      }
      case Scope.InTrial in -> {
        sql.append(" AND e.id IN (SELECT m.component_id FROM entity t JOIN trial_membership m ON m.trial_id = t.id"
            + " WHERE t.account = ? AND t.region = ? AND t.kind = 2 AND t.name_key = ?)");
        binders.add((s, i) -> s.setString(i, partition.account()));
        binders.add((s, i) -> s.setString(i, partition.region()));
        key = in.trialKey();
      }
      case Scope.HoldingComponent holding -> {
        sql.append(" AND e.id IN (SELECT m.trial_id FROM entity c JOIN trial_membership m ON m.component_id = c.id"
            + " WHERE c.account = ? AND c.region = ? AND c.kind = 3 AND c.name_key = ?)");
        binders.add((s, i) -> s.setString(i, partition.account()));
        binders.add((s, i) -> s.setString(i, partition.region()));
        key = holding.trialComponentKey();
      }
    }
    binders.add((s, i) -> s.setString(i, key));
  }

  /**
   * Only PostgreSQL reports a foreign key violation here (SQLite's one writer checks before it writes): the trial or
   * the trial component was deleted by another node after this transaction found it. PostgreSQL runs nothing more in
   * a transaction after an error, and its store runs this method in a transaction of its own; so that transaction
   * is rolled back and the names are looked up again in a new one, which names the one that went (or, should both
   * exist again, associates them).
   */
  public boolean associate(Connection connection, Partition partition, String trialKey, String componentKey,
      long nowMs) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      long[] ids = membershipIds(connection, partition, trialKey, componentKey);
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO trial_membership (trial_id, component_id, created_ms) VALUES (?, ?, ?)"
              + " ON CONFLICT (trial_id, component_id) DO NOTHING")) {
        insert.setLong(1, ids[0]);
        insert.setLong(2, ids[1]);
        insert.setLong(3, nowMs);
        return insert.executeUpdate() == 1;
      } catch (SQLException e) {
        if (!dialect.isForeignKeyViolation(e) || attempt == 3) {
          throw e;
        }
        connection.rollback();
      }
    }
  }

  public boolean disassociate(Connection connection, Partition partition, String trialKey, String componentKey)
      throws SQLException {
    long[] ids = membershipIds(connection, partition, trialKey, componentKey);
    try (PreparedStatement delete =
        connection.prepareStatement("DELETE FROM trial_membership WHERE trial_id = ? AND component_id = ?")) {
      delete.setLong(1, ids[0]);
      delete.setLong(2, ids[1]);
      return delete.executeUpdate() == 1;
    }
  }

  private long[] membershipIds(Connection connection, Partition partition, String trialKey, String componentKey)
      throws SQLException {
    Long trial = id(connection, partition, EntityKind.TRIAL, trialKey);
    if (trial == null) {
      throw new EntityNotFoundException(EntityKind.TRIAL, trialKey);
    }
    Long component = id(connection, partition, EntityKind.TRIAL_COMPONENT, componentKey);
    if (component == null) {
      throw new EntityNotFoundException(EntityKind.TRIAL_COMPONENT, componentKey);
    }
    return new long[] {trial, component};
  }

  public Map<String, List<Parent>> parents(Connection connection, Partition partition, Collection<String> keys)
      throws SQLException {
    Map<String, List<Parent>> parents = new HashMap<>();
    if (keys.isEmpty()) {
      return parents;
    }
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT c.name_key, t.document FROM entity c JOIN trial_membership m ON m.component_id = c.id"
            + " JOIN entity t ON t.id = m.trial_id"
            + " WHERE c.account = ? AND c.region = ? AND c.kind = 3 AND " + dialect.inList("c.name_key"))) {
      select.setString(1, partition.account());
      select.setString(2, partition.region());
      dialect.bindTexts(select, 3, keys);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          Trial trial = (Trial) EntityDocuments.decode(rows.getBytes(2));
          parents.computeIfAbsent(rows.getString(1), k -> new ArrayList<>())
              .add(new Parent(trial.name(), trial.experimentName()));
        }
      }
    }
    parents.values().forEach(list -> list.sort(Comparator.comparing(p -> Entity.keyOf(p.trialName()))));
    return parents;
  }

  public Map<String, List<TrialComponent>> members(Connection connection, Partition partition,
      Collection<String> trialKeys) throws SQLException {
    Map<String, List<TrialComponent>> members = new HashMap<>();
    if (trialKeys.isEmpty()) {
      return members;
    }
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT t.name_key, c.document FROM entity t JOIN trial_membership m ON m.trial_id = t.id"
            + " JOIN entity c ON c.id = m.component_id"
            + " WHERE t.account = ? AND t.region = ? AND t.kind = 2 AND " + dialect.inList("t.name_key"))) {
      select.setString(1, partition.account());
      select.setString(2, partition.region());
      dialect.bindTexts(select, 3, trialKeys);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          members.computeIfAbsent(rows.getString(1), k -> new ArrayList<>())
              .add((TrialComponent) EntityDocuments.decode(rows.getBytes(2)));
        }
      }
    }
    members.values().forEach(list ->
        list.sort(Comparator.comparingLong(TrialComponent::creationTimeMs).thenComparing(TrialComponent::key)));
    return members;
  }

  /**
   * See {@code ExperimentStore.runActivity}: one statement. Each trial component is counted once per experiment (it
   * may be in several of its trials), and its series are probed by the series' unique key.
   */
  public List<RunActivity> runActivity(Connection connection, Partition partition) throws SQLException {
    String sql = "WITH grouped AS ("
        + " SELECT DISTINCT x.name_key AS experiment, m.component_id AS id FROM entity t"
        + " JOIN trial_membership m ON m.trial_id = t.id JOIN entity x ON x.id = t.parent_id"
        + " WHERE t.account = ? AND t.region = ? AND t.kind = 2"
        + " UNION ALL"
        + " SELECT NULL, c.id FROM entity c WHERE c.account = ? AND c.region = ? AND c.kind = 3"
        + " AND NOT EXISTS (SELECT 1 FROM trial_membership m WHERE m.component_id = c.id))"
        + " SELECT g.experiment, count(DISTINCT r.id), max(r.modified_ms), max("
        + MinuteStatsCodec.lastTimestampHex(dialect, "s.stats") + ")"
        + " FROM grouped g JOIN entity r ON r.id = g.id"
        + " LEFT JOIN series s ON s.account = r.account AND s.region = r.region AND s.trial_component = r.name_key"
        + " AND s.stats IS NOT NULL"
        + " GROUP BY g.experiment";
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      select.setString(1, partition.account());
      select.setString(2, partition.region());
      select.setString(3, partition.account());
      select.setString(4, partition.region());
      List<RunActivity> activity = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          String lastPoint = rows.getString(4);
          activity.add(new RunActivity(rows.getString(1), rows.getLong(2), rows.getLong(3),
              lastPoint == null ? null : MinuteStatsCodec.lastTimestampOfHex(lastPoint)));
        }
      }
      return activity;
    }
  }

  /** See {@code ExperimentStore.partitions}. */
  public List<Partition> partitions(Connection connection) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT DISTINCT account, region FROM entity ORDER BY account, region");
        ResultSet rows = select.executeQuery()) {
      List<Partition> partitions = new ArrayList<>();
      while (rows.next()) {
        partitions.add(new Partition(rows.getString(1), rows.getString(2)));
      }
      return partitions;
    }
  }

  public boolean addLineage(Connection connection, Partition partition, String sourceArn, String destinationArn,
      String type, long nowMs) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO lineage (account, region, source_arn, destination_arn, association_type, created_ms)"
            + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (account, region, source_arn, destination_arn) DO NOTHING")) {
      insert.setString(1, partition.account());
      insert.setString(2, partition.region());
      insert.setString(3, sourceArn);
      insert.setString(4, destinationArn);
      insert.setString(5, type);
      insert.setLong(6, nowMs);
      return insert.executeUpdate() == 1;
    }
  }

  /**
   * The store's token key: the first node (or start) to get here makes it, every later one reads it. {@code
   * candidate} is a fresh random key that is kept only when there is none yet.
   */
  public static byte[] tokenKey(Connection connection, byte[] candidate) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO token_key (id, secret) VALUES (1, ?) ON CONFLICT (id) DO NOTHING")) {
      insert.setBytes(1, candidate);
      insert.executeUpdate();
    }
    try (PreparedStatement select = connection.prepareStatement("SELECT secret FROM token_key WHERE id = 1");
        ResultSet row = select.executeQuery()) {
      row.next();
      return row.getBytes(1);
    }
  }

  /**
   * What an append does for a trial component it has not seen: creates it, unless it exists. The statement is
   * prepared once by the writer; bind with {@link #bindImplicitTrialComponent}.
   */
  public static final String INSERT_IF_ABSENT = INSERT;

  public static void bindImplicitTrialComponent(PreparedStatement insert, Partition partition, String name,
      long nowMs) throws SQLException {
    TrialComponent component = TrialComponent.implicit(name, nowMs);
    bindKey(insert, 1, partition, EntityKind.TRIAL_COMPONENT, component.key());
    insert.setNull(5, Types.BIGINT);
    insert.setNull(6, Types.VARCHAR);
    insert.setLong(7, nowMs);
    insert.setLong(8, nowMs);
    insert.setBytes(9, EntityDocuments.encode(component));
  }

  private static String sourceArn(Entity entity) {
    return entity instanceof TrialComponent component && component.source() != null
        ? component.source().arn()
        : null;
  }

  private static Long id(Connection connection, Partition partition, EntityKind kind, String key)
      throws SQLException {
    try (PreparedStatement find = connection.prepareStatement("SELECT id FROM entity WHERE " + KEY_COLUMNS)) {
      bindKey(find, partition, kind, key);
      try (ResultSet row = find.executeQuery()) {
        return row.next() ? row.getLong(1) : null;
      }
    }
  }

  private static boolean exists(Connection connection, String sql, long id) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      select.setLong(1, id);
      try (ResultSet row = select.executeQuery()) {
        return row.next();
      }
    }
  }

  private static void bindKey(PreparedStatement statement, Partition partition, EntityKind kind, String key)
      throws SQLException {
    bindKey(statement, 1, partition, kind, key);
  }

  private static void bindKey(PreparedStatement statement, int first, Partition partition, EntityKind kind,
      String key) throws SQLException {
    statement.setString(first, partition.account());
    statement.setString(first + 1, partition.region());
    statement.setInt(first + 2, EntityDocuments.kindCode(kind));
    statement.setString(first + 3, key);
  }

  @FunctionalInterface
  private interface Binder {
    void bind(PreparedStatement statement, int index) throws SQLException;
  }

  private static List<Entity> documents(Connection connection, String sql, List<Binder> binders)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      for (int i = 0; i < binders.size(); i++) {
        binders.get(i).bind(select, i + 1);
      }
      List<Entity> entities = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          entities.add(EntityDocuments.decode(rows.getBytes(1)));
        }
      }
      return entities;
    }
  }
}
