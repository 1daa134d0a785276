package dev.stepwise.service.dashboard;

import dev.stepwise.api.Principal;
import dev.stepwise.model.experiments.Entity;
import dev.stepwise.model.experiments.EntityKind;
import dev.stepwise.model.experiments.Experiment;
import dev.stepwise.model.experiments.SearchRecord;
import dev.stepwise.model.experiments.SearchRequest;
import dev.stepwise.model.experiments.SearchWindow;
import dev.stepwise.model.experiments.TrialComponent;
import dev.stepwise.model.experiments.TrialComponentQuery;
import dev.stepwise.service.StoreFailures;
import dev.stepwise.service.experiments.ExperimentsService;
import dev.stepwise.stats.BucketStats;
import dev.stepwise.store.MetricStore;
import dev.stepwise.store.Partition;
import dev.stepwise.store.RunActivity;
import dev.stepwise.store.Scope;
import dev.stepwise.store.SeriesStats;
import dev.stepwise.store.StoreException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * What the dashboard's experiments pages read: the experiments with their runs' counts, windows of an experiment's
 * runs filtered and sorted by {@code Search} (through the control plane's own search, snapshots and all), one run,
 * the names of its runs' parameters and metrics, columns of every run for charts, and runs grouped into curves.
 * Access control is the caller's business: it passes only accounts the viewer may see.
 */
public final class RunsService {
  /** At most this many columns in one call. */
  public static final int MAX_COLUMNS = 100;

  private final MetricStore store;
  private final ExperimentsService experiments;
  private final RunGroups groups;

  public RunsService(MetricStore store, ExperimentsService experiments) {
    this.store = store;
    this.experiments = experiments;
    this.groups = new RunGroups(store);
  }

  /** Every experiment of the partition, most recent activity first, and the runs in no trial. */
  public ExperimentsOverview experiments(String account, String region) {
    Partition partition = new Partition(account, region);
    List<Entity> found = available(() -> store.experiments().scan(partition, EntityKind.EXPERIMENT, Scope.ALL));
    Map<String, RunActivity> activity = new HashMap<>();
    available(() -> store.experiments().runActivity(partition)).forEach(a -> activity.put(a.experimentKey(), a));
    List<ExperimentView> views = new ArrayList<>(found.size());
    for (Entity entity : found) {
      Experiment experiment = (Experiment) entity;
      RunActivity runs = activity.get(experiment.key());
      views.add(runs == null
          ? new ExperimentView(experiment, 0, experiment.lastModifiedTimeMs())
          : new ExperimentView(experiment, runs.runCount(),
              Math.max(experiment.lastModifiedTimeMs(), runs.lastActivityMs())));
    }
    views.sort(Comparator.comparingLong(ExperimentView::lastActivityMs).reversed()
        .thenComparing(v -> v.experiment().key()));
    RunActivity unassigned = activity.get(null);
    return new ExperimentsOverview(views, unassigned == null ? 0 : unassigned.runCount(),
        unassigned == null ? null : unassigned.lastActivityMs());
  }

  /** A window of the search's ordered matches (see {@link ExperimentsService#searchWindow}). */
  public SearchWindow runs(String account, String region, TrialComponentQuery query, int offset, int limit,
      String snapshot) {
    return experiments.searchWindow(new Principal(account, region), query, offset, limit, snapshot);
  }

  /** One run with its metric summaries and parents, found as {@code Search} finds it by name. */
  public Optional<SearchRecord.OfTrialComponent> run(String account, String region, String name) {
    SearchRequest.Expression byName = new SearchRequest.Expression(
        List.of(new SearchRequest.Filter("TrialComponentName", SearchRequest.Operator.Equals, name)), List.of(),
        List.of(), SearchRequest.BooleanOperator.And);
    return experiments.search(new Principal(account, region),
            new SearchRequest("ExperimentTrialComponent", byName, null, null, 1, null))
        .records().stream().map(SearchRecord.OfTrialComponent.class::cast).findFirst();
  }

  /** The parameter and metric names of the runs (null experiment: those in no trial), each sorted. */
  public RunNames names(String account, String region, String experimentName) {
    Partition partition = new Partition(account, region);
    List<TrialComponent> runs = experiments.searchAll(new Principal(account, region),
        new TrialComponentQuery(experimentName, null, null, null));
    Set<String> parameters = new TreeSet<>();
    runs.forEach(run -> parameters.addAll(run.parameters().keySet()));
    Set<String> metrics = new TreeSet<>();
    List<String> keys = runs.stream().map(TrialComponent::key).toList();
    available(() -> store.seriesStats(partition, keys, List.of())).forEach(s -> metrics.add(s.metricName()));
    return new RunNames(List.copyOf(parameters), List.copyOf(metrics));
  }

  /** The columns (see {@link RunColumn}) of every run of the search, in its order. */
  public RunColumns columns(String account, String region, TrialComponentQuery query, List<String> columns) {
    if (columns.isEmpty() || columns.size() > MAX_COLUMNS) {
      throw new IllegalArgumentException("columns must name 1 to " + MAX_COLUMNS + " columns, not "
          + columns.size());
    }
    List<RunColumn> parsed = new ArrayList<>(new LinkedHashSet<>(columns)).stream().map(RunColumn::parse).toList();
    Partition partition = new Partition(account, region);
    List<TrialComponent> runs = experiments.searchAll(new Principal(account, region), query);
    Set<String> metricNames = new LinkedHashSet<>();
    parsed.stream().filter(c -> c.kind() == RunColumn.Kind.METRIC).forEach(c -> metricNames.add(c.name()));
    Map<String, Map<String, BucketStats>> metrics = new HashMap<>();
    if (!metricNames.isEmpty()) {
      List<String> keys = runs.stream().map(TrialComponent::key).toList();
      for (SeriesStats s : available(() -> store.seriesStats(partition, keys, metricNames))) {
        metrics.computeIfAbsent(s.trialComponent(), k -> new HashMap<>()).put(s.metricName(), s.stats());
      }
    }
    Map<String, List<Object>> values = new LinkedHashMap<>();
    for (RunColumn column : parsed) {
      List<Object> perRun = new ArrayList<>(runs.size());
      runs.forEach(run -> perRun.add(column.value(run, metrics.getOrDefault(run.key(), Map.of()))));
      values.put(column.spec(), perRun);
    }
    return new RunColumns(runs.stream().map(TrialComponent::name).toList(), values);
  }

  /** The runs grouped by parameters into one curve of the metric each; at most 1,000 runs. */
  public GroupsView groups(GroupsRequest request) {
    TrialComponentQuery byName = new TrialComponentQuery(request.runs().experimentName(),
        request.runs().expression(), "TrialComponentName", false);
    List<TrialComponent> runs = experiments.searchAll(new Principal(request.account(), request.region()), byName);
    return available(() -> groups.group(new Partition(request.account(), request.region()), request, runs));
  }

  /** Runs a read of the store; its failures become the API's (503, or 429 for a full write queue). */
  private static <T> T available(Supplier<T> read) {
    try {
      return read.get();
    } catch (StoreException e) {
      throw StoreFailures.of(e);
    }
  }
}
