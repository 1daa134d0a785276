package dev.stepwise.service.experiments;

import dev.stepwise.model.experiments.Entity;
import dev.stepwise.model.experiments.Parent;
import dev.stepwise.model.experiments.TrialComponent;
import dev.stepwise.stats.BucketStats;
import java.util.List;
import java.util.Map;

/**
 * A candidate of a search with what its filters and order may look at: the entity, and, when the search needs
 * them, a trial component's parents and metric statistics (by metric name) or a trial's trial components.
 */
record SearchRow(Entity entity, List<Parent> parents, Map<String, BucketStats> metrics, List<TrialComponent> members) {}
