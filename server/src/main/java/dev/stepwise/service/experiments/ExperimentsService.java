package dev.stepwise.service.experiments;

import dev.stepwise.api.ApiException;
import dev.stepwise.api.ErrorCode;
import dev.stepwise.api.Principal;
import dev.stepwise.model.experiments.Artifact;
import dev.stepwise.model.experiments.ArtifactRequests;
import dev.stepwise.model.experiments.Arns;
import dev.stepwise.model.experiments.Entity;
import dev.stepwise.model.experiments.EntityKind;
import dev.stepwise.model.experiments.Experiment;
import dev.stepwise.model.experiments.ExperimentRequests;
import dev.stepwise.model.experiments.ListRequest;
import dev.stepwise.model.experiments.Page;
import dev.stepwise.model.experiments.SearchRequest;
import dev.stepwise.model.experiments.SearchResults;
import dev.stepwise.model.experiments.SearchWindow;
import dev.stepwise.model.experiments.Tag;
import dev.stepwise.model.experiments.TagRequests;
import dev.stepwise.model.experiments.Trial;
import dev.stepwise.model.experiments.TrialComponent;
import dev.stepwise.model.experiments.TrialComponentDetails;
import dev.stepwise.model.experiments.TrialComponentQuery;
import dev.stepwise.model.experiments.TrialComponentRequests;
import dev.stepwise.model.experiments.TrialRequests;
import dev.stepwise.service.StoreFailures;
import dev.stepwise.store.EntityStateException;
import dev.stepwise.store.ExperimentStore;
import dev.stepwise.store.MetricStore;
import dev.stepwise.store.Partition;
import dev.stepwise.store.StoreException;
import dev.stepwise.store.Stored;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The SageMaker Experiments control plane: experiments, trials and trial components (with their parameters,
 * artifacts, status and metric summaries), lineage artifacts, tags and {@code Search}, each in the caller's account
 * and region. What AWS documents is done as AWS does; where it is silent, {@code docs/api.md} says what was decided.
 * Thread-safe; the store decides every race between requests and nodes.
 */
public final class ExperimentsService {
  /** How many times an update re-reads and tries again after losing a race, before ConflictException. */
  static final int MAX_UPDATE_ATTEMPTS = 10;

  private final MetricStore store;
  private final ExperimentStore entities;
  private final Clock clock;
  private final Listings listings;
  private final Searches searches;
  private final TrialComponents trialComponents;
  private final Tagging tagging;

  /** Reads the store's token key (the first start over a store makes it). */
  public ExperimentsService(MetricStore store, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.entities = store.experiments();
    this.clock = Objects.requireNonNull(clock, "clock");
    PageTokens tokens = new PageTokens(entities.tokenKey());
    this.listings = new Listings(entities, tokens);
    this.searches = new Searches(store, tokens, clock);
    this.trialComponents = new TrialComponents(this);
    this.tagging = new Tagging(this);
  }

  // ---- experiments ----

  public Experiment createExperiment(Principal caller, ExperimentRequests.Create request) {
    long now = clock.millis();
    Tagging.check(request.tags());
    Experiment experiment = new Experiment(request.name(), request.displayName(), request.description(), null, now,
        now, request.tags());
    return guard(EntityKind.EXPERIMENT, request.name(), () -> insert(caller, experiment));
  }

  public Experiment describeExperiment(Principal caller, String name) {
    return guard(EntityKind.EXPERIMENT, name, () -> (Experiment) find(caller, EntityKind.EXPERIMENT, name).entity());
  }

  public Experiment updateExperiment(Principal caller, ExperimentRequests.Update request) {
    long now = clock.millis();
    return guard(EntityKind.EXPERIMENT, request.name(), () -> update(caller, EntityKind.EXPERIMENT, request.name(),
        (Experiment e) -> new Experiment(e.name(), request.displayName() == null ? e.displayName()
            : request.displayName(), request.description() == null ? e.description() : request.description(),
            e.source(), e.creationTimeMs(), now, e.tags())));
  }

  /** @return the key of the experiment deleted */
  public String deleteExperiment(Principal caller, String name) {
    return delete(caller, EntityKind.EXPERIMENT, name);
  }

  public Page<Experiment> listExperiments(Principal caller, ListRequest<Void> request) {
    return guard(null, null, () -> listings.experiments(partition(caller), request));
  }

  // ---- trials ----

  public Trial createTrial(Principal caller, TrialRequests.Create request) {
    long now = clock.millis();
    Tagging.check(request.tags());
    return guard(EntityKind.TRIAL, request.name(), () -> {
      // The trial names its experiment as the experiment was created (DescribeTrial answers that name).
      Experiment experiment = (Experiment) find(caller, EntityKind.EXPERIMENT, request.experimentName()).entity();
      Trial trial = new Trial(request.name(), request.displayName(), experiment.name(), null,
          request.metadataProperties(), now, now, request.tags());
      return insert(caller, trial);
    });
  }

  public Trial describeTrial(Principal caller, String name) {
    return guard(EntityKind.TRIAL, name, () -> (Trial) find(caller, EntityKind.TRIAL, name).entity());
  }

  public Trial updateTrial(Principal caller, TrialRequests.Update request) {
    long now = clock.millis();
    return guard(EntityKind.TRIAL, request.name(), () -> update(caller, EntityKind.TRIAL, request.name(),
        (Trial t) -> new Trial(t.name(), request.displayName() == null ? t.displayName() : request.displayName(),
            t.experimentName(), t.source(), t.metadataProperties(), t.creationTimeMs(), now, t.tags())));
  }

  /** @return the key of the trial deleted */
  public String deleteTrial(Principal caller, String name) {
    return delete(caller, EntityKind.TRIAL, name);
  }

  public Page<Trial> listTrials(Principal caller, ListRequest<TrialRequests.ListFilter> request) {
    return guard(null, null, () -> listings.trials(partition(caller), request));
  }

  /** Idempotent: adding a trial component to a trial it is in already answers as the first time did. */
  public TrialRequests.Membership associate(Principal caller, TrialRequests.Membership request) {
    long now = clock.millis();
    return guard(EntityKind.TRIAL_COMPONENT, request.trialComponentName(), () -> {
      entities.associate(partition(caller), Entity.keyOf(request.trialName()),
          Entity.keyOf(request.trialComponentName()), now);
      return request;
    });
  }

  /** Idempotent: removing a trial component from a trial it is not in answers as a removal does. */
  public TrialRequests.Membership disassociate(Principal caller, TrialRequests.Membership request) {
    return guard(EntityKind.TRIAL_COMPONENT, request.trialComponentName(), () -> {
      entities.disassociate(partition(caller), Entity.keyOf(request.trialName()),
          Entity.keyOf(request.trialComponentName()));
      return request;
    });
  }

  // ---- trial components ----

  public TrialComponent createTrialComponent(Principal caller, TrialComponentRequests.Create request) {
    return trialComponents.create(caller, request, clock.millis());
  }

  /** @param nameOrArn the name, or the trial component's ARN (the model allows either) */
  public TrialComponentDetails describeTrialComponent(Principal caller, String nameOrArn) {
    return trialComponents.describe(caller, nameOrArn);
  }

  public TrialComponent updateTrialComponent(Principal caller, TrialComponentRequests.Update request) {
    return trialComponents.update(caller, request, clock.millis());
  }

  /** Deletes the trial component and its metrics. @return its key */
  public String deleteTrialComponent(Principal caller, String name) {
    return delete(caller, EntityKind.TRIAL_COMPONENT, name);
  }

  public Page<TrialComponent> listTrialComponents(Principal caller,
      ListRequest<TrialComponentRequests.ListFilter> request) {
    return guard(null, null, () -> listings.trialComponents(partition(caller), request));
  }

  // ---- search, artifacts, tags ----

  public SearchResults search(Principal caller, SearchRequest request) {
    return guard(null, null, () -> searches.search(partition(caller), request));
  }

  /**
   * One window ({@code offset}, {@code limit}) of the ordered matches of a search of an experiment's runs, or of the
   * runs in no trial: the dashboard's runs table. The first call ({@code snapshot} null) orders every match once and
   * answers a snapshot; later calls with it read other windows of that order. ResourceNotFound for an experiment
   * that does not exist; ValidationException for a bad expression or property, and for a snapshot of another search
   * or one that expired.
   */
  public SearchWindow searchWindow(Principal caller, TrialComponentQuery query, int offset, int limit,
      String snapshot) {
    return guard(null, null, () -> searches.window(partition(caller), query, offset, limit, snapshot));
  }

  /** Every match of the search, whole, in its order (the dashboard's charts across runs). */
  public List<TrialComponent> searchAll(Principal caller, TrialComponentQuery query) {
    return guard(null, null, () -> searches.all(partition(caller), query));
  }

  /**
   * An artifact is known by its source URI: creating one for a URI that has one answers that one, unchanged (the
   * SageMaker Python SDK creates the same artifact again on every run that logs it).
   */
  public Artifact createArtifact(Principal caller, ArtifactRequests.Create request) {
    long now = clock.millis();
    Tagging.check(request.tags());
    Artifact artifact = new Artifact(Arns.artifactId(request.source().sourceUri()), request.name(), request.type(),
        request.source(), request.properties(), request.metadataProperties(), now, now, request.tags());
    return guard(EntityKind.ARTIFACT, artifact.id(), () -> {
      if (entities.insert(partition(caller), artifact)) {
        return artifact;
      }
      return (Artifact) find(caller, EntityKind.ARTIFACT, artifact.id()).entity();
    });
  }

  /** Records a lineage association between two entities of the caller's; idempotent. */
  public ArtifactRequests.AddAssociation addAssociation(Principal caller, ArtifactRequests.AddAssociation request) {
    long now = clock.millis();
    return guard(null, null, () -> {
      for (String arn : List.of(request.sourceArn(), request.destinationArn())) {
        Tagging.Target target = tagging.target(caller, arn, "AddAssociation");
        find(caller, target.kind(), target.key());
      }
      entities.addLineage(partition(caller), request.sourceArn(), request.destinationArn(), request.type(), now);
      return request;
    });
  }

  public List<Tag> addTags(Principal caller, TagRequests.Add request) {
    return guard(null, null, () -> tagging.add(caller, request, clock.millis()));
  }

  public Page<Tag> listTags(Principal caller, TagRequests.ListTags request) {
    return guard(null, null, () -> tagging.list(caller, request));
  }

  public void deleteTags(Principal caller, TagRequests.Delete request) {
    guard(null, null, () -> tagging.delete(caller, request, clock.millis()));
  }

  // ---- what the parts share ----

  static Partition partition(Principal caller) {
    return new Partition(caller.account(), caller.region());
  }

  ExperimentStore entities() {
    return entities;
  }

  MetricStore store() {
    return store;
  }

  <E extends Entity> E insert(Principal caller, E entity) {
    if (!entities.insert(partition(caller), entity)) {
      throw Errors.alreadyExists(entity.kind(), Names.name(entity));
    }
    return entity;
  }

  Stored find(Principal caller, EntityKind kind, String name) {
    return entities.find(partition(caller), kind, Entity.keyOf(name))
        .orElseThrow(() -> Errors.notFound(kind, name));
  }

  /**
   * Reads, changes and writes the entity, again from a fresh read when another writer came first; ConflictException
   * when it keeps losing.
   */
  @SuppressWarnings("unchecked")
  <E extends Entity> E update(Principal caller, EntityKind kind, String name, UnaryOperator<E> change) {
    for (int attempt = 0; attempt < MAX_UPDATE_ATTEMPTS; attempt++) {
      Stored current = find(caller, kind, name);
      E updated = change.apply((E) current.entity());
      if (entities.replace(partition(caller), current, updated)) {
        return updated;
      }
    }
    throw new ApiException(ErrorCode.ConflictException, kind.title() + " '" + Names.echo(name)
        + "' was changed by other requests " + MAX_UPDATE_ATTEMPTS + " times while this one tried; send it again.");
  }

  private String delete(Principal caller, EntityKind kind, String name) {
    String key = Entity.keyOf(name);
    guard(kind, name, () -> {
      entities.delete(partition(caller), kind, key);
      return null;
    });
    return key;
  }

  /** Runs a call against the store, turning its refusals and failures into the API's errors. */
  static <T> T guard(EntityKind kind, String name, Supplier<T> call) {
    try {
      return call.get();
    } catch (EntityStateException refusal) {
      throw Errors.of(refusal, kind, name);
    } catch (StoreException failure) {
      throw StoreFailures.of(failure);
    }
  }
}
