package dev.stepwise.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.connection.ClosedConnectionException;
import com.datastax.oss.driver.api.core.servererrors.CASWriteUnknownException;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
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
import dev.stepwise.store.ExperimentStore;
import dev.stepwise.store.Partition;
import dev.stepwise.store.RunActivity;
import dev.stepwise.store.Scope;
import dev.stepwise.store.Stored;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The control plane on Cassandra. Writes that nodes could race on are lightweight transactions: an insert takes a
 * name once ({@code IF NOT EXISTS}), a replace checks the version it read, an association is added or removed once.
 * Reads that filter or order (listings, search scopes, parents, run activity) read the account and region's
 * entities of a kind (one partition) and memberships (one partition) and evaluate here, as the in-memory store does:
 * bounded by what one account keeps in one region.
 */
final class CassandraExperiments implements ExperimentStore {
  private final CqlSession session;
  private final Statements statements;
  private final BiConsumer<Partition, String> metricsDeletion;
  private final Function<Partition, Map<String, Long>> latestPoints;
  private final java.util.concurrent.locks.ReentrantLock[] stripes = new java.util.concurrent.locks.ReentrantLock[64];
  private final PreparedStatement insert;
  private final PreparedStatement find;
  private final PreparedStatement ofKind;
  private final PreparedStatement replace;
  private final PreparedStatement delete;
  private final PreparedStatement memberships;
  private final PreparedStatement associate;
  private final PreparedStatement disassociate;
  private final PreparedStatement partitions;
  private final PreparedStatement lineage;
  private final PreparedStatement insertTokenKey;
  private final PreparedStatement tokenKey;
  private final PreparedStatement saveSnapshot;
  private final PreparedStatement snapshot;

  CassandraExperiments(CqlSession session, Statements statements, BiConsumer<Partition, String> metricsDeletion,
      Function<Partition, Map<String, Long>> latestPoints) {
    this.session = session;
    this.statements = statements;
    this.metricsDeletion = metricsDeletion;
    this.latestPoints = latestPoints;
    for (int i = 0; i < stripes.length; i++) {
      stripes[i] = new java.util.concurrent.locks.ReentrantLock();
    }
    insert = statements.prepare("INSERT INTO %s.entities (account, region, kind, key, version, doc)"
        + " VALUES (?, ?, ?, ?, 1, ?) IF NOT EXISTS");
    find = statements.prepare("SELECT version, doc FROM %s.entities WHERE account = ? AND region = ? AND kind = ?"
        + " AND key = ?");
    ofKind = statements.prepare("SELECT key, version, doc FROM %s.entities WHERE account = ? AND region = ?"
        + " AND kind = ?");
    replace = statements.prepare("UPDATE %s.entities SET version = ?, doc = ? WHERE account = ? AND region = ?"
        + " AND kind = ? AND key = ? IF version = ?");
    delete = statements.prepare("DELETE FROM %s.entities WHERE account = ? AND region = ? AND kind = ? AND key = ?"
        + " IF EXISTS");
    memberships = statements.prepare("SELECT trial_key, component_key FROM %s.memberships WHERE account = ?"
        + " AND region = ?");
    associate = statements.prepare("INSERT INTO %s.memberships (account, region, trial_key, component_key, added_ms)"
        + " VALUES (?, ?, ?, ?, ?) IF NOT EXISTS");
    disassociate = statements.prepare("DELETE FROM %s.memberships WHERE account = ? AND region = ? AND trial_key = ?"
        + " AND component_key = ? IF EXISTS");
    partitions = statements.prepare("SELECT DISTINCT account, region, kind FROM %s.entities");
    lineage = statements.prepare("INSERT INTO %s.lineage (account, region, source_arn, destination_arn, type,"
        + " created_ms) VALUES (?, ?, ?, ?, ?, ?) IF NOT EXISTS");
    insertTokenKey = statements.prepare("INSERT INTO %s.token_key (id, secret) VALUES (1, ?) IF NOT EXISTS");
    tokenKey = statements.prepareSerial("SELECT secret FROM %s.token_key WHERE id = 1");
    saveSnapshot = statements.prepare("INSERT INTO %s.snapshots (id, content, expires_ms) VALUES (?, ?, ?)"
        + " USING TTL ?");
    snapshot = statements.prepare("SELECT content, expires_ms FROM %s.snapshots WHERE id = ?");
  }

  private static int code(EntityKind kind) {
    return EntityDocuments.kindCode(kind);
  }

  @Override
  public boolean insert(Partition partition, Entity entity) {
    return CassandraMetricStore.driver(() -> {
      if (entity instanceof Trial trial) {
        require(partition, EntityKind.EXPERIMENT, Entity.keyOf(trial.experimentName()));
      }
      return insertIfAbsent(partition, entity);
    });
  }

  /** What an append does for a trial component it has not seen: creates it, unless it exists. */
  void insertImplicitTrialComponent(Partition partition, String name, long nowMs) {
    insertIfAbsent(partition, TrialComponent.implicit(name, nowMs));
  }

  /**
   * Inserts unless the key is taken. A transaction that times out (Paxos contention) may have applied: the row is
   * read back, and the insert was ours when it holds exactly our document at its first version.
   */
  private boolean insertIfAbsent(Partition partition, Entity entity) {
    // One insert of a key at a time on this node: racing lightweight transactions on one row make Paxos retry
    // and time out; between nodes they still race, and Paxos decides.
    java.util.concurrent.locks.ReentrantLock lock = stripes[Math.floorMod(
        java.util.Objects.hash(partition, entity.kind(), entity.key()), stripes.length)];
    lock.lock();
    try {
      return insertLocked(partition, entity);
    } finally {
      lock.unlock();
    }
  }

  private boolean insertLocked(Partition partition, Entity entity) {
    byte[] doc = EntityDocuments.encode(entity);
    for (int attempt = 0; ; attempt++) {
      try {
        return session.execute(insert.bind(partition.account(), partition.region(), code(entity.kind()),
            entity.key(), ByteBuffer.wrap(doc))).wasApplied();
      } catch (WriteTimeoutException | CASWriteUnknownException | ClosedConnectionException e) {
        Row row = session.execute(find.bind(partition.account(), partition.region(), code(entity.kind()),
            entity.key()).setConsistencyLevel(statements.serial)).one();
        if (row != null) {
          return row.getLong("version") == 1
              && java.util.Arrays.equals(DayAppender.bytes(row.getByteBuffer("doc")), doc);
        }
        if (attempt >= 8) {
          throw e;
        }
        Contention.backOff(attempt);
      }
    }
  }

  @Override
  public Optional<Stored> find(Partition partition, EntityKind kind, String key) {
    return CassandraMetricStore.driver(() -> {
      Row row = session.execute(find.bind(partition.account(), partition.region(), code(kind), key)).one();
      return row == null ? Optional.empty() : Optional.of(new Stored(decode(row), row.getLong("version")));
    });
  }

  private static Entity decode(Row row) {
    return EntityDocuments.decode(DayAppender.bytes(row.getByteBuffer("doc")));
  }

  @Override
  public boolean replace(Partition partition, Stored current, Entity updated) {
    if (current.entity().kind() != updated.kind()) {
      return false;
    }
    return CassandraMetricStore.driver(() -> session.execute(replace.bind(current.version() + 1,
        ByteBuffer.wrap(EntityDocuments.encode(updated)), partition.account(), partition.region(),
        code(updated.kind()), updated.key(), current.version())).wasApplied());
  }

  /**
   * Checks SageMaker's order of deletion, then deletes. The check and the delete are two steps: a trial added to
   * an experiment by another node between them is left without its experiment (as no lock spans the two).
   */
  @Override
  public void delete(Partition partition, EntityKind kind, String key) {
    CassandraMetricStore.driver(() -> {
      require(partition, kind, key);
      boolean inUse = switch (kind) {
        case EXPERIMENT -> all(partition, EntityKind.TRIAL).stream()
            .anyMatch(e -> Entity.keyOf(((Trial) e).experimentName()).equals(key));
        case TRIAL -> memberships(partition).stream().anyMatch(m -> m.trialKey().equals(key));
        case TRIAL_COMPONENT -> memberships(partition).stream().anyMatch(m -> m.componentKey().equals(key));
        case ARTIFACT -> false;
      };
      if (inUse) {
        throw new EntityInUseException(kind, key);
      }
      if (!session.execute(delete.bind(partition.account(), partition.region(), code(kind), key)).wasApplied()) {
        throw new EntityNotFoundException(kind, key);
      }
      if (kind == EntityKind.TRIAL_COMPONENT) {
        metricsDeletion.accept(partition, key);
      }
      return null;
    });
  }

  private record Membership(String trialKey, String componentKey) {}

  private List<Membership> memberships(Partition partition) {
    List<Membership> result = new ArrayList<>();
    for (Row row : session.execute(memberships.bind(partition.account(), partition.region()))) {
      result.add(new Membership(row.getString("trial_key"), row.getString("component_key")));
    }
    return result;
  }

  private List<Entity> all(Partition partition, EntityKind kind) {
    List<Entity> result = new ArrayList<>();
    for (Row row : session.execute(ofKind.bind(partition.account(), partition.region(), code(kind)))) {
      result.add(decode(row));
    }
    return result;
  }

  private Map<String, Entity> byKey(Partition partition, EntityKind kind) {
    Map<String, Entity> result = new HashMap<>();
    all(partition, kind).forEach(e -> result.put(e.key(), e));
    return result;
  }

  @Override
  public List<Entity> list(Partition partition, EntityQuery query) {
    return CassandraMetricStore.driver(() -> {
      Comparator<Entity> order = query.order() == EntityQuery.Order.NAME
          ? Comparator.comparing(Entity::key)
          : Comparator.comparingLong(Entity::creationTimeMs).thenComparing(Entity::key);
      if (query.descending()) {
        order = order.reversed();
      }
      Predicate<Entity> afterCursor = entity -> true;
      if (query.after() != null) {
        EntityQuery.Cursor cursor = query.after();
        Entity at = new dev.stepwise.model.experiments.Experiment(cursor.key(), null, null, null,
            cursor.creationTimeMs(), cursor.creationTimeMs(), List.of());
        Comparator<Entity> finalOrder = order;
        afterCursor = entity -> finalOrder.compare(entity, at) > 0;
      }
      return inScope(partition, query.kind(), query.scope()).stream()
          .filter(e -> query.createdAfterMs() == null || e.creationTimeMs() > query.createdAfterMs())
          .filter(e -> query.createdBeforeMs() == null || e.creationTimeMs() < query.createdBeforeMs())
          .filter(e -> query.sourceArn() == null || (e instanceof TrialComponent tc && tc.source() != null
              && tc.source().arn().equals(query.sourceArn())))
          .filter(afterCursor)
          .sorted(order)
          .limit(query.limit())
          .toList();
    });
  }

  @Override
  public List<Entity> scan(Partition partition, EntityKind kind, Scope scope) {
    return CassandraMetricStore.driver(() -> inScope(partition, kind, scope));
  }

  @Override
  public List<EntityStub> scanStubs(Partition partition, EntityKind kind, Scope scope) {
    return scan(partition, kind, scope).stream()
        .map(e -> new EntityStub(e.key(), e.creationTimeMs(), e.lastModifiedTimeMs())).toList();
  }

  @Override
  public List<Entity> findAll(Partition partition, EntityKind kind, Collection<String> keys) {
    return CassandraMetricStore.driver(() -> {
      List<Entity> found = new ArrayList<>();
      for (String key : new LinkedHashSet<>(keys)) {
        Row row = session.execute(find.bind(partition.account(), partition.region(), code(kind), key)).one();
        if (row != null) {
          found.add(decode(row));
        }
      }
      return found;
    });
  }

  private List<Entity> inScope(Partition partition, EntityKind kind, Scope scope) {
    if (scope instanceof Scope.Only only) {
      Row row = session.execute(find.bind(partition.account(), partition.region(), code(kind), only.key())).one();
      return row == null ? List.of() : List.of(decode(row));
    }
    Predicate<Entity> member = switch (scope) {
      case Scope.All all -> e -> true;
      case Scope.Only only -> e -> e.key().equals(only.key());
      case Scope.InNoTrial none -> {
        Set<String> inTrials = new HashSet<>();
        memberships(partition).forEach(m -> inTrials.add(m.componentKey()));
        yield kind == EntityKind.TRIAL_COMPONENT ? e -> !inTrials.contains(e.key()) : e -> false;
      }
      case Scope.InExperiment in -> {
        if (kind == EntityKind.TRIAL) {
          yield e -> Entity.keyOf(((Trial) e).experimentName()).equals(in.experimentKey());
        }
        Map<String, Entity> trials = byKey(partition, EntityKind.TRIAL);
        Set<String> components = new HashSet<>();
        memberships(partition).forEach(m -> {
          Entity trial = trials.get(m.trialKey());
          if (trial != null && Entity.keyOf(((Trial) trial).experimentName()).equals(in.experimentKey())) {
            components.add(m.componentKey());
          }
        });
        yield e -> components.contains(e.key());
      }
      case Scope.InTrial in -> {
        Set<String> components = new HashSet<>();
        memberships(partition).stream().filter(m -> m.trialKey().equals(in.trialKey()))
            .forEach(m -> components.add(m.componentKey()));
        yield e -> components.contains(e.key());
      }
      case Scope.HoldingComponent holding -> {
        Set<String> trials = new HashSet<>();
        memberships(partition).stream().filter(m -> m.componentKey().equals(holding.trialComponentKey()))
            .forEach(m -> trials.add(m.trialKey()));
        yield e -> trials.contains(e.key());
      }
    };
    return all(partition, kind).stream().filter(member).toList();
  }

  @Override
  public boolean associate(Partition partition, String trialKey, String trialComponentKey, long nowMs) {
    return CassandraMetricStore.driver(() -> {
      require(partition, EntityKind.TRIAL, trialKey);
      require(partition, EntityKind.TRIAL_COMPONENT, trialComponentKey);
      return session.execute(associate.bind(partition.account(), partition.region(), trialKey, trialComponentKey,
          nowMs)).wasApplied();
    });
  }

  @Override
  public boolean disassociate(Partition partition, String trialKey, String trialComponentKey) {
    return CassandraMetricStore.driver(() -> {
      require(partition, EntityKind.TRIAL, trialKey);
      require(partition, EntityKind.TRIAL_COMPONENT, trialComponentKey);
      return session.execute(disassociate.bind(partition.account(), partition.region(), trialKey,
          trialComponentKey)).wasApplied();
    });
  }

  @Override
  public Map<String, List<Parent>> parents(Partition partition, Collection<String> trialComponentKeys) {
    return CassandraMetricStore.driver(() -> {
      Set<String> wanted = Set.copyOf(trialComponentKeys);
      Map<String, Entity> trials = byKey(partition, EntityKind.TRIAL);
      Map<String, List<Parent>> parents = new HashMap<>();
      memberships(partition).forEach(m -> {
        Entity trial = trials.get(m.trialKey());
        if (wanted.contains(m.componentKey()) && trial != null) {
          Trial t = (Trial) trial;
          parents.computeIfAbsent(m.componentKey(), k -> new ArrayList<>())
              .add(new Parent(t.name(), t.experimentName()));
        }
      });
      parents.values().forEach(list -> list.sort(Comparator.comparing(p -> Entity.keyOf(p.trialName()))));
      return parents;
    });
  }

  @Override
  public Map<String, List<TrialComponent>> members(Partition partition, Collection<String> trialKeys) {
    return CassandraMetricStore.driver(() -> {
      Set<String> wanted = Set.copyOf(trialKeys);
      Map<String, Entity> components = byKey(partition, EntityKind.TRIAL_COMPONENT);
      Map<String, List<TrialComponent>> members = new HashMap<>();
      memberships(partition).forEach(m -> {
        Entity component = components.get(m.componentKey());
        if (wanted.contains(m.trialKey()) && component != null) {
          members.computeIfAbsent(m.trialKey(), k -> new ArrayList<>()).add((TrialComponent) component);
        }
      });
      members.values().forEach(list ->
          list.sort(Comparator.comparingLong(TrialComponent::creationTimeMs).thenComparing(TrialComponent::key)));
      return members;
    });
  }

  @Override
  public List<Partition> partitions() {
    return CassandraMetricStore.driver(() -> {
      Set<Partition> result = new HashSet<>();
      for (Row row : session.execute(partitions.bind())) {
        result.add(new Partition(row.getString("account"), row.getString("region")));
      }
      return result.stream()
          .filter(this::hasEntities)
          .sorted(Comparator.comparing(Partition::account).thenComparing(Partition::region)).toList();
    });
  }

  /** A partition whose entities were all deleted may still be listed by DISTINCT (its tombstones). */
  private boolean hasEntities(Partition partition) {
    for (EntityKind kind : EntityKind.values()) {
      if (session.execute(ofKind.bind(partition.account(), partition.region(), code(kind)).setPageSize(1))
          .one() != null) {
        return true;
      }
    }
    return false;
  }

  @Override
  public List<RunActivity> runActivity(Partition partition) {
    return CassandraMetricStore.driver(() -> {
      Map<String, Entity> trials = byKey(partition, EntityKind.TRIAL);
      Map<String, Entity> components = byKey(partition, EntityKind.TRIAL_COMPONENT);
      Map<String, Set<String>> groups = new HashMap<>(); // experiment key, or null: component keys
      Set<String> inTrials = new HashSet<>();
      memberships(partition).forEach(m -> {
        Entity trial = trials.get(m.trialKey());
        if (trial != null && components.containsKey(m.componentKey())) {
          groups.computeIfAbsent(Entity.keyOf(((Trial) trial).experimentName()), k -> new HashSet<>())
              .add(m.componentKey());
          inTrials.add(m.componentKey());
        }
      });
      for (String key : components.keySet()) {
        if (!inTrials.contains(key)) {
          groups.computeIfAbsent(null, k -> new HashSet<>()).add(key);
        }
      }
      Map<String, Long> latest = latestPoints.apply(partition);
      List<RunActivity> activity = new ArrayList<>();
      groups.forEach((experiment, keys) -> {
        long lastModified = Long.MIN_VALUE;
        Long lastPoint = null;
        for (String key : keys) {
          lastModified = Math.max(lastModified, components.get(key).lastModifiedTimeMs());
          Long point = latest.get(key);
          if (point != null && (lastPoint == null || point > lastPoint)) {
            lastPoint = point;
          }
        }
        activity.add(new RunActivity(experiment, keys.size(), lastModified, lastPoint));
      });
      return activity;
    });
  }

  @Override
  public boolean addLineage(Partition partition, String sourceArn, String destinationArn, String type, long nowMs) {
    return CassandraMetricStore.driver(() -> session.execute(lineage.bind(partition.account(), partition.region(),
        sourceArn, destinationArn, type, nowMs)).wasApplied());
  }

  /** Made once per keyspace by whichever node comes first (a lightweight transaction), then read by all. */
  @Override
  public byte[] tokenKey() {
    return CassandraMetricStore.driver(() -> {
      Row row = session.execute(tokenKey.bind()).one();
      if (row == null) {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        session.execute(insertTokenKey.bind(ByteBuffer.wrap(secret)));
        row = session.execute(tokenKey.bind()).one();
      }
      return DayAppender.bytes(row.getByteBuffer("secret"));
    });
  }

  /** Kept with a TTL a little past its expiry (Cassandra drops it), and refused after its expiry by the clock given. */
  @Override
  public void saveSnapshot(String id, byte[] content, long nowMs, long expiresAtMs) {
    int ttl = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (expiresAtMs - nowMs) / 1000 + 60));
    CassandraMetricStore.driver(() -> session.execute(saveSnapshot.bind(id, ByteBuffer.wrap(content), expiresAtMs,
        ttl)));
  }

  @Override
  public Optional<byte[]> snapshot(String id, long nowMs) {
    return CassandraMetricStore.driver(() -> {
      Row row = session.execute(snapshot.bind(id)).one();
      if (row == null || row.getLong("expires_ms") <= nowMs) {
        return Optional.<byte[]>empty();
      }
      return Optional.of(DayAppender.bytes(row.getByteBuffer("content")));
    });
  }

  private void require(Partition partition, EntityKind kind, String key) {
    if (session.execute(find.bind(partition.account(), partition.region(), code(kind), key)).one() == null) {
      throw new EntityNotFoundException(kind, key);
    }
  }
}
