package dev.stepwise.store;

import dev.stepwise.model.experiments.Entity;
import dev.stepwise.model.experiments.EntityKind;
import dev.stepwise.model.experiments.Parent;
import dev.stepwise.model.experiments.TrialComponent;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the control plane's entities live: experiments, trials, trial components and artifacts, each in one account
 * and region ({@link Partition}), known by its {@link Entity#key()}. Implementations: the stores' (SQLite,
 * PostgreSQL, in-memory), all passing {@code ExperimentStoreContract}; every rule that several nodes must agree on
 * (a name taken, an experiment that still has trials) is decided by the store, not by the caller.
 *
 * <p>Thread-safe. Writes are durable when they return; reads see every write that returned.
 *
 * @throws StoreUnavailableException (from any method) when the store cannot be read or written
 * @throws StoreOverloadedException (from writes) when the store's write queue is full
 */
public interface ExperimentStore {
  /**
   * Adds an entity; false, changing nothing, when its kind already has one with that key. A trial's experiment
   * must exist.
   *
   * @throws EntityNotFoundException when a trial's experiment does not exist
   */
  boolean insert(Partition partition, Entity entity);

  /** The entity of that kind and key, with its version. */
  Optional<Stored> find(Partition partition, EntityKind kind, String key);

  /**
   * Replaces an entity by its new state if it is still at the version read (optimistic concurrency: the caller reads,
   * changes and tries again when this answers false because another writer came first or it was deleted).
   */
  boolean replace(Partition partition, Stored current, Entity updated);

  /**
   * Deletes an entity; a trial component's metrics go with it.
   *
   * @throws EntityNotFoundException when there is none
   * @throws EntityInUseException when it is an experiment that has trials, a trial that has trial components, or a
   *     trial component that belongs to a trial (SageMaker's order of deletion)
   */
  void delete(Partition partition, EntityKind kind, String key);

  /** One page of a listing (see {@link EntityQuery}). */
  List<Entity> list(Partition partition, EntityQuery query);

  /** Every entity of the kind within the scope, in no particular order: what a search filters. */
  List<Entity> scan(Partition partition, EntityKind kind, Scope scope);

  /** As {@link #scan}, without the documents: keys and times only. */
  List<EntityStub> scanStubs(Partition partition, EntityKind kind, Scope scope);

  /** The entities of the kind with these keys (those that exist), in no particular order. */
  List<Entity> findAll(Partition partition, EntityKind kind, Collection<String> keys);

  /**
   * Adds a trial component to a trial; false when it is there already.
   *
   * @throws EntityNotFoundException when either does not exist (its kind names which)
   */
  boolean associate(Partition partition, String trialKey, String trialComponentKey, long nowMs);

  /**
   * Removes a trial component from a trial; false when it was not in it.
   *
   * @throws EntityNotFoundException when either does not exist
   */
  boolean disassociate(Partition partition, String trialKey, String trialComponentKey);

  /** The trials (with their experiments) each of these trial components belongs to, by trial name. */
  Map<String, List<Parent>> parents(Partition partition, Collection<String> trialComponentKeys);

  /** The trial components of each of these trials, by creation time. */
  Map<String, List<TrialComponent>> members(Partition partition, Collection<String> trialKeys);

  /**
   * For each experiment that holds trial components, and for the trial components in no trial (key null) when there
   * are any: how many, and when they last changed ({@link RunActivity}). In no particular order; one read of the
   * partition, whatever the number of experiments.
   */
  List<RunActivity> runActivity(Partition partition);

  /** The partitions that hold at least one experiment, trial or trial component, by account then region. */
  List<Partition> partitions();

  /** Records a lineage association between two ARNs; false when it was recorded already. */
  boolean addLineage(Partition partition, String sourceArn, String destinationArn, String type, long nowMs);

  /**
   * The secret that signs pagination tokens: made once per store (a random key), the same for every node over it,
   * so that a token from one node is good on another.
   */
  byte[] tokenKey();

  /**
   * Keeps what a listing's later pages will be read from, until {@code expiresAtMs}. A store may drop, meanwhile,
   * snapshots that expired by {@code nowMs}: the server's clock, not the machine's (a test's clock may be far from it).
   */
  void saveSnapshot(String id, byte[] content, long nowMs, long expiresAtMs);

  /** A snapshot saved before and not yet expired at {@code nowMs}. */
  Optional<byte[]> snapshot(String id, long nowMs);
}
