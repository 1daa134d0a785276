package dev.stepwise.service.experiments;

import dev.stepwise.api.ApiException;
import dev.stepwise.api.ErrorCode;
import dev.stepwise.model.experiments.Entity;
import dev.stepwise.model.experiments.EntityKind;
import dev.stepwise.model.experiments.MetricSummary;
import dev.stepwise.model.experiments.Parent;
import dev.stepwise.model.experiments.SearchRecord;
import dev.stepwise.model.experiments.SearchRequest;
import dev.stepwise.model.experiments.SearchResults;
import dev.stepwise.model.experiments.SearchWindow;
import dev.stepwise.model.experiments.Trial;
import dev.stepwise.model.experiments.TrialComponent;
import dev.stepwise.model.experiments.TrialComponentQuery;
import dev.stepwise.stats.BucketStats;
import dev.stepwise.store.EntityStub;
import dev.stepwise.store.ExperimentStore;
import dev.stepwise.store.MetricStore;
import dev.stepwise.store.Partition;
import dev.stepwise.store.Scope;
import dev.stepwise.store.SeriesStats;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code Search}: the store hands over the candidates of the narrowest scope the expression allows, with only what
 * its filters and order look at (parents, the statistics of the metrics named, trials' members); the plan filters
 * and orders them here, the same way whatever the store.
 *
 * <p>Pages are stable: the first page's request orders every match once and keeps their keys in a snapshot in the
 * store (any node over it finds it); later pages read their slice of that order and the records' current state. A
 * record is never skipped or repeated across the pages of one search, whatever is written meanwhile (one deleted
 * meanwhile is left out of its page). The dashboard's windows over a search of runs ({@link #window}) are read from
 * the same snapshots, from any offset.
 */
final class Searches {
  static final int DEFAULT_MAX_RESULTS = 10;

  /** How long a search's later pages can be asked for. */
  static final Duration SNAPSHOT_LIFETIME = Duration.ofMinutes(30);

  private final MetricStore store;
  private final ExperimentStore entities;
  private final PageTokens tokens;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  Searches(MetricStore store, PageTokens tokens, Clock clock) {
    this.store = store;
    this.entities = store.experiments();
    this.tokens = tokens;
    this.clock = clock;
  }

  SearchResults search(Partition partition, SearchRequest request) {
    EntityKind kind = kind(request.resource());
    int max = request.maxResults() == null ? DEFAULT_MAX_RESULTS : request.maxResults();
    String fingerprint = fingerprint(request);
    if (request.nextToken() != null) {
      return laterPage(partition, kind, fingerprint, request.nextToken(), max);
    }
    SearchPlan plan = SearchPlan.compile(kind, request.expression(),
        request.sortBy() == null ? "LastModifiedTime" : request.sortBy(),
        request.descending() == null || request.descending());
    List<SearchRow> matches = matches(partition, kind, plan, false);
    List<Entity> page = entities(partition, kind, plan, matches.subList(0, Math.min(max, matches.size())));
    String next = null;
    if (matches.size() > max) {
      String id = saveSnapshot(matches);
      next = tokens.seal(partition, fingerprint, List.of(id, Integer.toString(max), Integer.toString(matches.size())));
    }
    return new SearchResults(records(partition, kind, page), next, matches.size());
  }

  /**
   * A window of the ordered matches of a search of trial components, for the dashboard: as {@link #search} pages,
   * but from any offset. The first call ({@code snapshot} null) orders every match once and keeps their keys; a
   * later call with the snapshot it answered reads another window of that same order, whatever was written since.
   */
  SearchWindow window(Partition partition, TrialComponentQuery query, int offset, int limit, String snapshot) {
    Scope scope = scope(partition, query);
    String fingerprint = "Window|" + scope + "|" + query.expression() + "|" + query.sortProperty() + "|"
        + query.isDescending();
    if (snapshot != null) {
      List<String> fields;
      try {
        fields = tokens.open(partition, fingerprint, snapshot, 1);
      } catch (ApiException invalid) {
        throw Errors.validation("The snapshot is not one of this search (account, region, runs, expression and"
            + " order): ask again without a snapshot.");
      }
      List<String> keys = snapshotKeys(fields.getFirst(), "The snapshot has expired (a search's order is kept for "
          + SNAPSHOT_LIFETIME.toMinutes() + " minutes): ask again without a snapshot.");
      List<String> windowKeys = keys.subList(Math.min(offset, keys.size()), end(keys.size(), offset, limit));
      List<Entity> page = inOrder(partition, EntityKind.TRIAL_COMPONENT, windowKeys);
      return new SearchWindow(keys.size(), offset, snapshot, records(partition, EntityKind.TRIAL_COMPONENT, page));
    }
    SearchPlan plan = SearchPlan.within(scope, EntityKind.TRIAL_COMPONENT, query.expression(), query.sortProperty(),
        query.isDescending());
    List<SearchRow> matches = matches(partition, EntityKind.TRIAL_COMPONENT, plan, false);
    String sealed = tokens.seal(partition, fingerprint, List.of(saveSnapshot(matches)));
    List<SearchRow> window = matches.subList(Math.min(offset, matches.size()), end(matches.size(), offset, limit));
    List<Entity> page = entities(partition, EntityKind.TRIAL_COMPONENT, plan, window);
    return new SearchWindow(matches.size(), offset, sealed, records(partition, EntityKind.TRIAL_COMPONENT, page));
  }

  private static int end(int size, int offset, int limit) {
    return (int) Math.min(size, (long) offset + limit);
  }

  /** Every match of a search of trial components, in its order, whole. */
  List<TrialComponent> all(Partition partition, TrialComponentQuery query) {
    SearchPlan plan = SearchPlan.within(scope(partition, query), EntityKind.TRIAL_COMPONENT, query.expression(),
        query.sortProperty(), query.isDescending());
    List<TrialComponent> all = new ArrayList<>();
    for (SearchRow row : matches(partition, EntityKind.TRIAL_COMPONENT, plan, true)) {
      all.add((TrialComponent) row.entity());
    }
    return all;
  }

  /** The trial components of the query's experiment (which must exist), or those in no trial. */
  private Scope scope(Partition partition, TrialComponentQuery query) {
    if (query.experimentName() == null) {
      return Scope.IN_NO_TRIAL;
    }
    String key = Entity.keyOf(query.experimentName());
    if (entities.find(partition, EntityKind.EXPERIMENT, key).isEmpty()) {
      throw Errors.notFound(EntityKind.EXPERIMENT, query.experimentName());
    }
    return new Scope.InExperiment(key);
  }

  /** The plan's matches in its order; with their documents when {@code documents} or when the plan reads them. */
  private List<SearchRow> matches(Partition partition, EntityKind kind, SearchPlan plan, boolean documents) {
    List<SearchRow> matches = new ArrayList<>();
    for (SearchRow row : rows(partition, kind, plan, documents || plan.needsDocuments())) {
      if (plan.matches(row)) {
        matches.add(row);
      }
    }
    plan.sort(matches);
    return matches;
  }

  /** The entities of these rows, in their order: those the rows carry, else read (those deleted left out). */
  private List<Entity> entities(Partition partition, EntityKind kind, SearchPlan plan, List<SearchRow> rows) {
    return plan.needsDocuments()
        ? rows.stream().map(SearchRow::entity).toList()
        : inOrder(partition, kind, rows.stream().map(SearchRow::key).toList());
  }

  /** Keeps the rows' keys, in order, for the search's later pages or windows; answers the snapshot's id. */
  private String saveSnapshot(List<SearchRow> rows) {
    String id = snapshotId();
    StringBuilder keys = new StringBuilder(rows.size() * 24);
    for (SearchRow row : rows) {
      keys.append(row.key()).append('\n');
    }
    long now = clock.millis();
    entities.saveSnapshot(id, keys.toString().getBytes(StandardCharsets.UTF_8), now,
        now + SNAPSHOT_LIFETIME.toMillis());
    return id;
  }

  /** The keys a snapshot keeps, in order; ValidationException with {@code expired} when it is gone. */
  private List<String> snapshotKeys(String id, String expired) {
    byte[] snapshot = entities.snapshot(id, clock.millis()).orElseThrow(() -> Errors.validation(expired));
    return snapshot.length == 0 ? List.of() : List.of(new String(snapshot, StandardCharsets.UTF_8).split("\n"));
  }

  private SearchResults laterPage(Partition partition, EntityKind kind, String fingerprint, String token, int max) {
    List<String> fields = tokens.open(partition, fingerprint, token, 3);
    int offset;
    long total;
    try {
      offset = Integer.parseInt(fields.get(1));
      total = Long.parseLong(fields.get(2));
    } catch (NumberFormatException e) {
      throw PageTokens.invalid();
    }
    List<String> keys = snapshotKeys(fields.get(0), "The NextToken has expired (a search's pages can be read for "
        + SNAPSHOT_LIFETIME.toMinutes() + " minutes): repeat the search from its first page.");
    if (offset < 0 || offset > keys.size()) {
      throw PageTokens.invalid();
    }
    List<String> pageKeys = keys.subList(offset, Math.min(keys.size(), offset + max));
    List<Entity> page = inOrder(partition, kind, pageKeys);
    int end = offset + pageKeys.size();
    String next = end < keys.size()
        ? tokens.seal(partition, fingerprint, List.of(fields.get(0), Integer.toString(end), fields.get(2)))
        : null;
    return new SearchResults(records(partition, kind, page), next, total);
  }

  /** The entities with these keys, in the keys' order; those deleted meanwhile are left out. */
  private List<Entity> inOrder(Partition partition, EntityKind kind, List<String> keys) {
    Map<String, Entity> found = new HashMap<>();
    entities.findAll(partition, kind, keys).forEach(entity -> found.put(entity.key(), entity));
    return keys.stream().map(found::get).filter(Objects::nonNull).toList();
  }

  /**
   * The candidates of the plan's scope with what it needs of them, read in bulk: whole entities only when a filter or
   * the order looks into them.
   */
  private List<SearchRow> rows(Partition partition, EntityKind kind, SearchPlan plan, boolean withDocuments) {
    List<EntityStub> candidates;
    Map<String, Entity> documents = new HashMap<>();
    if (withDocuments) {
      List<Entity> found = entities.scan(partition, kind, plan.scope());
      candidates = new ArrayList<>(found.size());
      for (Entity entity : found) {
        candidates.add(new EntityStub(entity.key(), entity.creationTimeMs(), entity.lastModifiedTimeMs()));
        documents.put(entity.key(), entity);
      }
    } else {
      candidates = entities.scanStubs(partition, kind, plan.scope());
    }
    List<String> keys = candidates.stream().map(EntityStub::key).toList();
    Map<String, List<Parent>> parents = plan.needsParents() ? entities.parents(partition, keys) : Map.of();
    Map<String, List<TrialComponent>> members = plan.needsMembers() ? entities.members(partition, keys) : Map.of();
    Map<String, Map<String, BucketStats>> metrics = new HashMap<>();
    if (!plan.metrics().isEmpty() && !keys.isEmpty()) {
      for (SeriesStats stats : store.seriesStats(partition, keys, plan.metrics())) {
        metrics.computeIfAbsent(stats.trialComponent(), k -> new HashMap<>()).put(stats.metricName(), stats.stats());
      }
    }
    List<SearchRow> rows = new ArrayList<>(candidates.size());
    for (EntityStub stub : candidates) {
      rows.add(SearchRow.of(stub, documents.get(stub.key()), parents.getOrDefault(stub.key(), List.of()),
          metrics.getOrDefault(stub.key(), Map.of()), members.getOrDefault(stub.key(), List.of())));
    }
    return rows;
  }

  /** The page's records with everything the API shows of them. */
  private List<SearchRecord> records(Partition partition, EntityKind kind, List<Entity> page) {
    List<String> keys = page.stream().map(Entity::key).toList();
    return switch (kind) {
      case EXPERIMENT -> page.stream()
          .<SearchRecord>map(e -> new SearchRecord.OfExperiment((dev.stepwise.model.experiments.Experiment) e))
          .toList();
      case TRIAL -> {
        Map<String, List<TrialComponent>> members = entities.members(partition, keys);
        yield page.stream().<SearchRecord>map(e ->
            new SearchRecord.OfTrial((Trial) e, members.getOrDefault(e.key(), List.of()))).toList();
      }
      case TRIAL_COMPONENT -> {
        Map<String, List<Parent>> parents = entities.parents(partition, keys);
        Map<String, List<MetricSummary>> metrics = MetricSummaries.of(store.seriesStats(partition, keys, List.of()));
        yield page.stream().<SearchRecord>map(e -> new SearchRecord.OfTrialComponent((TrialComponent) e,
            metrics.getOrDefault(e.key(), List.of()), parents.getOrDefault(e.key(), List.of()))).toList();
      }
      case ARTIFACT -> throw new IllegalStateException("artifacts are not searched");
    };
  }

  private static EntityKind kind(String resource) {
    return switch (resource) {
      case "Experiment" -> EntityKind.EXPERIMENT;
      case "ExperimentTrial" -> EntityKind.TRIAL;
      case "ExperimentTrialComponent" -> EntityKind.TRIAL_COMPONENT;
      default -> throw new ApiException(ErrorCode.ValidationException, "Search over " + resource
          + " is not offered here: this service holds SageMaker Experiments, so Resource must be Experiment,"
          + " ExperimentTrial or ExperimentTrialComponent.");
    };
  }

  /** Everything of the request but its page: what a NextToken may continue. */
  private static String fingerprint(SearchRequest request) {
    return "Search|" + request.resource() + "|" + request.expression() + "|" + request.sortBy() + "|"
        + request.descending();
  }

  private String snapshotId() {
    byte[] bytes = new byte[18];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Metric summaries of trial components, from their series' statistics, by metric name. */
  static final class MetricSummaries {
    private MetricSummaries() {}

    static Map<String, List<MetricSummary>> of(List<SeriesStats> series) {
      Map<String, List<MetricSummary>> byComponent = new HashMap<>();
      for (SeriesStats s : series) {
        BucketStats stats = s.stats();
        byComponent.computeIfAbsent(s.trialComponent(), k -> new ArrayList<>()).add(new MetricSummary(
            s.metricName(), stats.lastTimestampMs(), stats.min(), stats.max(), stats.last(), stats.count(),
            stats.mean(), stats.stdDev()));
      }
      byComponent.values().forEach(list -> list.sort(Comparator.comparing(MetricSummary::metricName)));
      return byComponent;
    }
  }
}
