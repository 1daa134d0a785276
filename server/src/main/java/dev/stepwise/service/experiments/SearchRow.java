package dev.stepwise.service.experiments;

import dev.stepwise.model.experiments.Entity;
import dev.stepwise.model.experiments.Parent;
import dev.stepwise.model.experiments.TrialComponent;
import dev.stepwise.stats.BucketStats;
import dev.stepwise.store.EntityStub;
import java.util.List;
import java.util.Map;

/**
 * A candidate of a search with what its filters and order may look at: its key and times, and, when the search
 * needs them, the entity itself (null otherwise), a trial component's parents and metric statistics (by metric
 * name), a trial's trial components.
 */
record SearchRow(
    String key, long creationTimeMs, long lastModifiedTimeMs, Entity entity, List<Parent> parents,
    Map<String, BucketStats> metrics, List<TrialComponent> members) {

  static SearchRow of(EntityStub stub, Entity entity, List<Parent> parents, Map<String, BucketStats> metrics,
      List<TrialComponent> members) {
    return new SearchRow(stub.key(), stub.creationTimeMs(), stub.lastModifiedTimeMs(), entity, parents, metrics,
        members);
  }

  SearchRow withParents(List<Parent> only) {
    return new SearchRow(key, creationTimeMs, lastModifiedTimeMs, entity, only, metrics, members);
  }
}
