package dev.stepwise.service.experiments;

import dev.stepwise.api.ApiException;
import dev.stepwise.api.ErrorCode;
import dev.stepwise.model.experiments.Entity;
import dev.stepwise.model.experiments.EntityKind;
import dev.stepwise.model.experiments.Experiment;
import dev.stepwise.model.experiments.ListRequest;
import dev.stepwise.model.experiments.Page;
import dev.stepwise.model.experiments.Trial;
import dev.stepwise.model.experiments.TrialComponent;
import dev.stepwise.model.experiments.TrialComponentRequests;
import dev.stepwise.model.experiments.TrialRequests;
import dev.stepwise.store.EntityQuery;
import dev.stepwise.store.ExperimentStore;
import dev.stepwise.store.Partition;
import dev.stepwise.store.Scope;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ListExperiments}, {@code ListTrials}, {@code ListTrialComponents}: pages in an order that never changes
 * (name, or creation time then name), so the next page starts right after the last entity of this one (its
 * cursor, sealed in the token) and no entity is skipped or repeated whatever is written between pages.
 */
final class Listings {
  static final int DEFAULT_MAX_RESULTS = 10;

  private final ExperimentStore entities;
  private final PageTokens tokens;

  Listings(ExperimentStore entities, PageTokens tokens) {
    this.entities = entities;
    this.tokens = tokens;
  }

  Page<Experiment> experiments(Partition partition, ListRequest<Void> request) {
    return page(partition, EntityKind.EXPERIMENT, Scope.ALL, null, request, Experiment.class);
  }

  Page<Trial> trials(Partition partition, ListRequest<TrialRequests.ListFilter> request) {
    TrialRequests.ListFilter filter = request.filter();
    Scope scope = Scope.ALL;
    if (filter != null && filter.experimentName() != null && filter.trialComponentName() != null) {
      throw new ApiException(ErrorCode.ValidationException,
          "ListTrials filters by ExperimentName or by TrialComponentName, not by both.");
    }
    if (filter != null && filter.experimentName() != null) {
      scope = new Scope.InExperiment(existing(partition, EntityKind.EXPERIMENT, filter.experimentName()));
    } else if (filter != null && filter.trialComponentName() != null) {
      scope = new Scope.HoldingComponent(
          existing(partition, EntityKind.TRIAL_COMPONENT, filter.trialComponentName()));
    }
    return page(partition, EntityKind.TRIAL, scope, null, request, Trial.class);
  }

  Page<TrialComponent> trialComponents(Partition partition, ListRequest<TrialComponentRequests.ListFilter> request) {
    TrialComponentRequests.ListFilter filter = request.filter();
    Scope scope = Scope.ALL;
    String sourceArn = null;
    if (filter != null) {
      long given = java.util.stream.Stream.of(filter.experimentName(), filter.trialName(), filter.sourceArn())
          .filter(java.util.Objects::nonNull).count();
      if (given > 1) {
        throw new ApiException(ErrorCode.ValidationException,
            "ListTrialComponents filters by one of ExperimentName, TrialName and SourceArn, not by several.");
      }
      if (filter.experimentName() != null) {
        scope = new Scope.InExperiment(existing(partition, EntityKind.EXPERIMENT, filter.experimentName()));
      } else if (filter.trialName() != null) {
        scope = new Scope.InTrial(existing(partition, EntityKind.TRIAL, filter.trialName()));
      }
      sourceArn = filter.sourceArn();
    }
    return page(partition, EntityKind.TRIAL_COMPONENT, scope, sourceArn, request, TrialComponent.class);
  }

  /** The key of a named entity that must exist for the listing to mean anything. */
  private String existing(Partition partition, EntityKind kind, String name) {
    String key = Entity.keyOf(name);
    if (entities.find(partition, kind, key).isEmpty()) {
      throw Errors.notFound(kind, name);
    }
    return key;
  }

  private <E extends Entity> Page<E> page(Partition partition, EntityKind kind, Scope scope, String sourceArn,
      ListRequest<?> request, Class<E> type) {
    int max = request.maxResults() == null ? DEFAULT_MAX_RESULTS : request.maxResults();
    String fingerprint = "List|" + kind + "|" + request.filter() + "|" + request.createdAfterMs() + "|"
        + request.createdBeforeMs() + "|" + request.sortBy() + "|" + request.descending();
    EntityQuery.Cursor after = null;
    if (request.nextToken() != null) {
      List<String> cursor = tokens.open(partition, fingerprint, request.nextToken(), 2);
      try {
        after = new EntityQuery.Cursor(Long.parseLong(cursor.get(0)), cursor.get(1));
      } catch (NumberFormatException e) {
        throw PageTokens.invalid();
      }
    }
    EntityQuery.Order order = request.sortBy() == ListRequest.SortBy.Name
        ? EntityQuery.Order.NAME
        : EntityQuery.Order.CREATION_TIME;
    // One more than the page: whether it exists is whether there is a next page.
    List<Entity> found = entities.list(partition, new EntityQuery(kind, scope, request.createdAfterMs(),
        request.createdBeforeMs(), sourceArn, order, request.descending(), after, max + 1));
    List<E> items = new ArrayList<>();
    for (Entity entity : found.subList(0, Math.min(max, found.size()))) {
      items.add(type.cast(entity));
    }
    String next = null;
    if (found.size() > max) {
      Entity last = items.getLast();
      next = tokens.seal(partition, fingerprint, List.of(Long.toString(last.creationTimeMs()), last.key()));
    }
    return new Page<>(items, next);
  }
}
