package dev.stepwise.store.sqlite;

import dev.stepwise.model.experiments.Entity;
import dev.stepwise.model.experiments.EntityKind;
import dev.stepwise.model.experiments.Parent;
import dev.stepwise.model.experiments.TrialComponent;
import dev.stepwise.store.EntityQuery;
import dev.stepwise.store.EntityStub;
import dev.stepwise.store.EntityStateException;
import dev.stepwise.store.ExperimentStore;
import dev.stepwise.store.Partition;
import dev.stepwise.store.RunActivity;
import dev.stepwise.store.Scope;
import dev.stepwise.store.SnapshotCache;
import dev.stepwise.store.StoreException;
import dev.stepwise.store.StoreUnavailableException;
import dev.stepwise.store.Stored;
import dev.stepwise.store.groupcommit.WriteQueue;
import dev.stepwise.store.jdbc.EntityTables;
import dev.stepwise.store.jdbc.SqlDialect;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The control plane in the SQLite file: writes are tasks of the single writer (each its own transaction, ordered
 * with the appends around it, so an entity deleted with its metrics takes exactly the points queued before), reads
 * run on the reader pool. Listing snapshots stay in this process's memory: one process serves the file.
 */
final class SqliteExperiments implements ExperimentStore {
  /** Snapshots of search listings kept in memory, all together (a 10,000-record listing takes about 200 KB). */
  private static final long SNAPSHOT_BYTES = 64L << 20;

  private final WriteQueue writes;
  private final GroupWriter writer;
  private final ReaderPool readers;
  private final EntityTables tables = new EntityTables(SqlDialect.SQLITE);
  private final SnapshotCache snapshots = new SnapshotCache(SNAPSHOT_BYTES);
  private final byte[] tokenKey;

  SqliteExperiments(WriteQueue writes, GroupWriter writer, ReaderPool readers) {
    this.writes = writes;
    this.writer = writer;
    this.readers = readers;
    byte[] candidate = new byte[32];
    new SecureRandom().nextBytes(candidate);
    this.tokenKey = write(() -> writer.control(connection -> EntityTables.tokenKey(connection, candidate)));
  }

  @Override
  public boolean insert(Partition partition, Entity entity) {
    return write(() -> writer.control(connection -> tables.insert(connection, partition, entity)));
  }

  @Override
  public Optional<Stored> find(Partition partition, EntityKind kind, String key) {
    return read(reader -> tables.find(reader.connection(), partition, kind, key));
  }

  @Override
  public boolean replace(Partition partition, Stored current, Entity updated) {
    return write(() -> writer.control(connection -> tables.replace(connection, partition, current, updated)));
  }

  @Override
  public void delete(Partition partition, EntityKind kind, String key) {
    if (kind == EntityKind.TRIAL_COMPONENT) {
      write(() -> writer.deleteTrialComponentEntity(partition, key, tables));
    } else {
      write(() -> writer.control(connection -> tables.delete(connection, partition, kind, key)));
    }
  }

  @Override
  public List<Entity> list(Partition partition, EntityQuery query) {
    return read(reader -> tables.list(reader.connection(), partition, query));
  }

  @Override
  public List<Entity> scan(Partition partition, EntityKind kind, Scope scope) {
    return read(reader -> tables.scan(reader.connection(), partition, kind, scope));
  }

  @Override
  public List<EntityStub> scanStubs(Partition partition, EntityKind kind, Scope scope) {
    return read(reader -> tables.scanStubs(reader.connection(), partition, kind, scope));
  }

  @Override
  public List<Entity> findAll(Partition partition, EntityKind kind, Collection<String> keys) {
    return read(reader -> tables.findAll(reader.connection(), partition, kind, keys));
  }

  @Override
  public boolean associate(Partition partition, String trialKey, String trialComponentKey, long nowMs) {
    return write(() -> writer.control(
        connection -> tables.associate(connection, partition, trialKey, trialComponentKey, nowMs)));
  }

  @Override
  public boolean disassociate(Partition partition, String trialKey, String trialComponentKey) {
    return write(() -> writer.control(
        connection -> tables.disassociate(connection, partition, trialKey, trialComponentKey)));
  }

  @Override
  public Map<String, List<Parent>> parents(Partition partition, Collection<String> trialComponentKeys) {
    return read(reader -> tables.parents(reader.connection(), partition, trialComponentKeys));
  }

  @Override
  public Map<String, List<TrialComponent>> members(Partition partition, Collection<String> trialKeys) {
    return read(reader -> tables.members(reader.connection(), partition, trialKeys));
  }

  @Override
  public List<Partition> partitions() {
    return read(reader -> tables.partitions(reader.connection()));
  }

  @Override
  public List<RunActivity> runActivity(Partition partition) {
    return read(reader -> {
      List<RunActivity> kept = tables.runActivity(reader.connection(), partition);
      Map<String, Long> unfolded = reader.unfoldedLatest(partition);
      return unfolded.isEmpty()
          ? kept
          : withUnfolded(kept, unfolded, tables.parents(reader.connection(), partition, unfolded.keySet()));
    });
  }

  /**
   * The tables' activity moved on by the points the writer has not folded yet (the series' statistics lack them):
   * each trial component's latest counts for each experiment it belongs to, or for those in no trial.
   */
  private static List<RunActivity> withUnfolded(List<RunActivity> kept, Map<String, Long> unfolded,
      Map<String, List<Parent>> parents) {
    Map<String, Long> later = new HashMap<>(); // experiment key, or null: latest unfolded point
    unfolded.forEach((component, latest) -> {
      List<Parent> in = parents.getOrDefault(component, List.of());
      if (in.isEmpty()) {
        later.merge(null, latest, Math::max);
      }
      in.forEach(parent -> later.merge(Entity.keyOf(parent.experimentName()), latest, Math::max));
    });
    List<RunActivity> activity = new ArrayList<>(kept.size());
    for (RunActivity a : kept) {
      Long point = later.get(a.experimentKey());
      activity.add(point == null || (a.lastPointMs() != null && a.lastPointMs() >= point)
          ? a
          : new RunActivity(a.experimentKey(), a.runCount(), a.lastModifiedMs(), point));
    }
    return activity;
  }

  @Override
  public boolean addLineage(Partition partition, String sourceArn, String destinationArn, String type, long nowMs) {
    return write(() -> writer.control(
        connection -> tables.addLineage(connection, partition, sourceArn, destinationArn, type, nowMs)));
  }

  @Override
  public byte[] tokenKey() {
    return tokenKey.clone();
  }

  @Override
  public void saveSnapshot(String id, byte[] content, long nowMs, long expiresAtMs) {
    snapshots.save(id, content, expiresAtMs);
  }

  @Override
  public Optional<byte[]> snapshot(String id, long nowMs) {
    return snapshots.find(id, nowMs);
  }

  @FunctionalInterface
  private interface ReadQuery<T> {
    T run(Reader reader) throws java.sql.SQLException;
  }

  private <T> T read(ReadQuery<T> query) {
    List<T> result = new ArrayList<>(1);
    readers.use(reader -> result.add(query.run(reader)));
    return result.getFirst();
  }

  /** Queues the task on the writer and waits for it: its refusals and failures come out as they went in. */
  private <T> T write(WriteQueue.Task<T> task) {
    CompletableFuture<T> done = writes.runExclusive(task);
    try {
      return done.get();
    } catch (ExecutionException e) {
      throw unwrapped(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("interrupted while waiting for the SQLite writer", e);
    }
  }

  private static RuntimeException unwrapped(Throwable cause) {
    Throwable failure = cause instanceof CompletionException && cause.getCause() != null ? cause.getCause() : cause;
    if (failure instanceof EntityStateException || failure instanceof StoreException) {
      return (RuntimeException) failure;
    }
    return new StoreUnavailableException("the SQLite writer failed: " + failure, failure);
  }
}
