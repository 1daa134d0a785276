package dev.stepwise.store.memory;

import dev.stepwise.model.experiments.Entity;
import dev.stepwise.model.experiments.EntityKind;
import dev.stepwise.model.experiments.Parent;
import dev.stepwise.model.experiments.Trial;
import dev.stepwise.model.experiments.TrialComponent;
import dev.stepwise.store.EntityInUseException;
import dev.stepwise.store.EntityNotFoundException;
import dev.stepwise.store.EntityQuery;
import dev.stepwise.store.EntityStub;
import dev.stepwise.store.ExperimentStore;
import dev.stepwise.store.Partition;
import dev.stepwise.store.RunActivity;
import dev.stepwise.store.Scope;
import dev.stepwise.store.SnapshotCache;
import dev.stepwise.store.Stored;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The control plane of {@link InMemoryMetricStore}: plain maps, guarded by the store's monitor so that entity
 * changes and appends (which create trial components) are atomic with respect to each other.
 */
final class InMemoryExperiments implements ExperimentStore {
  private record Row(Entity entity, long version) {}

  private record Key(Partition partition, EntityKind kind, String key) {}

  /** A trial component in a trial, with when it was added. */
  private record Membership(Partition partition, String trialKey, String componentKey) {}

  private final Object lock;
  private final Runnable checkOpen;
  private final Map<Key, Row> entities = new HashMap<>();
  private final Map<Membership, Long> memberships = new LinkedHashMap<>();
  private final Set<List<String>> lineage = new LinkedHashSet<>();
  private final SnapshotCache snapshots = new SnapshotCache(64L << 20);
  private final byte[] tokenKey = new byte[32];
  private final MetricsDeletion metricsDeletion;
  private final LatestPoints latestPoints;
  private long versions;

  /** Deletes a trial component's metrics, under the store's lock. */
  @FunctionalInterface
  interface MetricsDeletion {
    void delete(Partition partition, String trialComponent);
  }

  /** The latest point timestamp of each trial component of the partition that has points, under the store's lock. */
  @FunctionalInterface
  interface LatestPoints {
    Map<String, Long> of(Partition partition);
  }

  InMemoryExperiments(Object lock, Runnable checkOpen, MetricsDeletion metricsDeletion, LatestPoints latestPoints) {
    this.lock = lock;
    this.checkOpen = checkOpen;
    this.metricsDeletion = metricsDeletion;
    this.latestPoints = latestPoints;
    new SecureRandom().nextBytes(tokenKey);
  }

  @Override
  public boolean insert(Partition partition, Entity entity) {
    synchronized (lock) {
      checkOpen.run();
      if (entity instanceof Trial trial) {
        require(partition, EntityKind.EXPERIMENT, Entity.keyOf(trial.experimentName()));
      }
      return insertIfAbsent(partition, entity);
    }
  }

  /** Under the lock: what an append does for a trial component it has not seen. */
  boolean insertIfAbsent(Partition partition, Entity entity) {
    Key key = new Key(partition, entity.kind(), entity.key());
    if (entities.containsKey(key)) {
      return false;
    }
    entities.put(key, new Row(entity, ++versions));
    return true;
  }

  @Override
  public Optional<Stored> find(Partition partition, EntityKind kind, String key) {
    synchronized (lock) {
      checkOpen.run();
      Row row = entities.get(new Key(partition, kind, key));
      return row == null ? Optional.empty() : Optional.of(new Stored(row.entity(), row.version()));
    }
  }

  @Override
  public boolean replace(Partition partition, Stored current, Entity updated) {
    synchronized (lock) {
      checkOpen.run();
      Key key = new Key(partition, updated.kind(), updated.key());
      Row row = entities.get(key);
      if (row == null || row.version() != current.version() || current.entity().kind() != updated.kind()) {
        return false;
      }
      entities.put(key, new Row(updated, ++versions));
      return true;
    }
  }

  @Override
  public void delete(Partition partition, EntityKind kind, String key) {
    synchronized (lock) {
      checkOpen.run();
      require(partition, kind, key);
      boolean inUse = switch (kind) {
        case EXPERIMENT -> entities.entrySet().stream().anyMatch(e -> e.getKey().partition().equals(partition)
            && e.getValue().entity() instanceof Trial trial && Entity.keyOf(trial.experimentName()).equals(key));
        case TRIAL -> memberships.keySet().stream().anyMatch(m -> m.partition().equals(partition)
            && m.trialKey().equals(key));
        case TRIAL_COMPONENT -> memberships.keySet().stream().anyMatch(m -> m.partition().equals(partition)
            && m.componentKey().equals(key));
        case ARTIFACT -> false;
      };
      if (inUse) {
        throw new EntityInUseException(kind, key);
      }
      entities.remove(new Key(partition, kind, key));
      if (kind == EntityKind.TRIAL_COMPONENT) {
        metricsDeletion.delete(partition, key);
      }
    }
  }

  @Override
  public List<Entity> list(Partition partition, EntityQuery query) {
    synchronized (lock) {
      checkOpen.run();
      Comparator<Entity> order = query.order() == EntityQuery.Order.NAME
          ? Comparator.comparing(Entity::key)
          : Comparator.comparingLong(Entity::creationTimeMs).thenComparing(Entity::key);
      if (query.descending()) {
        order = order.reversed();
      }
      Predicate<Entity> afterCursor = entity -> true;
      if (query.after() != null) {
        Entity cursor = cursorEntity(query.after());
        Comparator<Entity> finalOrder = order;
        afterCursor = entity -> finalOrder.compare(entity, cursor) > 0;
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
    }
  }

  /** An entity that sorts where the cursor points: only its creation time and key are compared. */
  private static Entity cursorEntity(EntityQuery.Cursor cursor) {
    return new dev.stepwise.model.experiments.Experiment(cursor.key(), null, null, null, cursor.creationTimeMs(),
        cursor.creationTimeMs(), List.of());
  }

  @Override
  public List<Entity> scan(Partition partition, EntityKind kind, Scope scope) {
    synchronized (lock) {
      checkOpen.run();
      return inScope(partition, kind, scope);
    }
  }

  @Override
  public List<EntityStub> scanStubs(Partition partition, EntityKind kind, Scope scope) {
    return scan(partition, kind, scope).stream()
        .map(e -> new EntityStub(e.key(), e.creationTimeMs(), e.lastModifiedTimeMs())).toList();
  }

  @Override
  public List<Entity> findAll(Partition partition, EntityKind kind, Collection<String> keys) {
    synchronized (lock) {
      checkOpen.run();
      List<Entity> found = new ArrayList<>();
      for (String key : new LinkedHashSet<>(keys)) {
        Row row = entities.get(new Key(partition, kind, key));
        if (row != null) {
          found.add(row.entity());
        }
      }
      return found;
    }
  }

  private List<Entity> inScope(Partition partition, EntityKind kind, Scope scope) {
    Predicate<Entity> member = switch (scope) {
      case Scope.All all -> e -> true;
      case Scope.InNoTrial none -> {
        Set<String> inTrials = new HashSet<>();
        memberships.keySet().stream().filter(m -> m.partition().equals(partition))
            .forEach(m -> inTrials.add(m.componentKey()));
        yield kind == EntityKind.TRIAL_COMPONENT ? e -> !inTrials.contains(e.key()) : e -> false;
      }
      case Scope.Only only -> e -> e.key().equals(only.key());
      case Scope.InExperiment in -> kind == EntityKind.TRIAL
          ? e -> Entity.keyOf(((Trial) e).experimentName()).equals(in.experimentKey())
          : e -> memberships.keySet().stream().anyMatch(m -> m.partition().equals(partition)
              && m.componentKey().equals(e.key())
              && experimentOf(partition, m.trialKey()).equals(in.experimentKey()));
      case Scope.InTrial in -> e -> memberships.containsKey(new Membership(partition, in.trialKey(), e.key()));
      case Scope.HoldingComponent holding ->
          e -> memberships.containsKey(new Membership(partition, e.key(), holding.trialComponentKey()));
    };
    List<Entity> result = new ArrayList<>();
    entities.forEach((key, row) -> {
      if (key.partition().equals(partition) && key.kind() == kind && member.test(row.entity())) {
        result.add(row.entity());
      }
    });
    return result;
  }

  private String experimentOf(Partition partition, String trialKey) {
    Row trial = entities.get(new Key(partition, EntityKind.TRIAL, trialKey));
    return trial == null ? "" : Entity.keyOf(((Trial) trial.entity()).experimentName());
  }

  @Override
  public boolean associate(Partition partition, String trialKey, String trialComponentKey, long nowMs) {
    synchronized (lock) {
      checkOpen.run();
      require(partition, EntityKind.TRIAL, trialKey);
      require(partition, EntityKind.TRIAL_COMPONENT, trialComponentKey);
      return memberships.putIfAbsent(new Membership(partition, trialKey, trialComponentKey), nowMs) == null;
    }
  }

  @Override
  public boolean disassociate(Partition partition, String trialKey, String trialComponentKey) {
    synchronized (lock) {
      checkOpen.run();
      require(partition, EntityKind.TRIAL, trialKey);
      require(partition, EntityKind.TRIAL_COMPONENT, trialComponentKey);
      return memberships.remove(new Membership(partition, trialKey, trialComponentKey)) != null;
    }
  }

  @Override
  public Map<String, List<Parent>> parents(Partition partition, Collection<String> trialComponentKeys) {
    synchronized (lock) {
      checkOpen.run();
      Set<String> wanted = Set.copyOf(trialComponentKeys);
      Map<String, List<Parent>> parents = new HashMap<>();
      memberships.keySet().forEach(m -> {
        Row trial = entities.get(new Key(partition, EntityKind.TRIAL, m.trialKey()));
        if (m.partition().equals(partition) && wanted.contains(m.componentKey()) && trial != null) {
          Trial t = (Trial) trial.entity();
          parents.computeIfAbsent(m.componentKey(), k -> new ArrayList<>()).add(new Parent(t.name(), t.experimentName()));
        }
      });
      parents.values().forEach(list -> list.sort(Comparator.comparing(p -> Entity.keyOf(p.trialName()))));
      return parents;
    }
  }

  @Override
  public Map<String, List<TrialComponent>> members(Partition partition, Collection<String> trialKeys) {
    synchronized (lock) {
      checkOpen.run();
      Set<String> wanted = Set.copyOf(trialKeys);
      Map<String, List<TrialComponent>> members = new HashMap<>();
      memberships.keySet().forEach(m -> {
        Row component = entities.get(new Key(partition, EntityKind.TRIAL_COMPONENT, m.componentKey()));
        if (m.partition().equals(partition) && wanted.contains(m.trialKey()) && component != null) {
          members.computeIfAbsent(m.trialKey(), k -> new ArrayList<>()).add((TrialComponent) component.entity());
        }
      });
      members.values().forEach(list ->
          list.sort(Comparator.comparingLong(TrialComponent::creationTimeMs).thenComparing(TrialComponent::key)));
      return members;
    }
  }

  @Override
  public List<Partition> partitions() {
    synchronized (lock) {
      checkOpen.run();
      return entities.keySet().stream().map(Key::partition).distinct()
          .sorted(Comparator.comparing(Partition::account).thenComparing(Partition::region)).toList();
    }
  }

  @Override
  public List<RunActivity> runActivity(Partition partition) {
    synchronized (lock) {
      checkOpen.run();
      Map<String, Set<String>> groups = new HashMap<>(); // experiment key, or null: component keys
      Set<String> inTrials = new HashSet<>();
      memberships.keySet().forEach(m -> {
        Row trial = entities.get(new Key(partition, EntityKind.TRIAL, m.trialKey()));
        if (m.partition().equals(partition) && trial != null) {
          groups.computeIfAbsent(Entity.keyOf(((Trial) trial.entity()).experimentName()), k -> new HashSet<>())
              .add(m.componentKey());
          inTrials.add(m.componentKey());
        }
      });
      for (Entity component : inScope(partition, EntityKind.TRIAL_COMPONENT, Scope.ALL)) {
        if (!inTrials.contains(component.key())) {
          groups.computeIfAbsent(null, k -> new HashSet<>()).add(component.key());
        }
      }
      Map<String, Long> latest = latestPoints.of(partition);
      List<RunActivity> activity = new ArrayList<>();
      groups.forEach((experiment, components) -> {
        long lastModified = Long.MIN_VALUE;
        Long lastPoint = null;
        for (String key : components) {
          lastModified = Math.max(lastModified,
              entities.get(new Key(partition, EntityKind.TRIAL_COMPONENT, key)).entity().lastModifiedTimeMs());
          Long point = latest.get(key);
          if (point != null && (lastPoint == null || point > lastPoint)) {
            lastPoint = point;
          }
        }
        activity.add(new RunActivity(experiment, components.size(), lastModified, lastPoint));
      });
      return activity;
    }
  }

  @Override
  public boolean addLineage(Partition partition, String sourceArn, String destinationArn, String type, long nowMs) {
    synchronized (lock) {
      checkOpen.run();
      return lineage.add(List.of(partition.account(), partition.region(), sourceArn, destinationArn));
    }
  }

  @Override
  public byte[] tokenKey() {
    return tokenKey.clone();
  }

  @Override
  public void saveSnapshot(String id, byte[] content, long nowMs, long expiresAtMs) {
    checkOpen.run();
    snapshots.save(id, content, expiresAtMs);
  }

  @Override
  public Optional<byte[]> snapshot(String id, long nowMs) {
    checkOpen.run();
    return snapshots.find(id, nowMs);
  }

  private void require(Partition partition, EntityKind kind, String key) {
    if (!entities.containsKey(new Key(partition, kind, key))) {
      throw new EntityNotFoundException(kind, key);
    }
  }
}
