package dev.stepwise.service.experiments;

import static dev.stepwise.model.experiments.SearchRequest.BooleanOperator.And;
import static dev.stepwise.model.experiments.SearchRequest.BooleanOperator.Or;
import static dev.stepwise.model.experiments.SearchRequest.Operator.Contains;
import static dev.stepwise.model.experiments.SearchRequest.Operator.Equals;
import static dev.stepwise.model.experiments.SearchRequest.Operator.Exists;
import static dev.stepwise.model.experiments.SearchRequest.Operator.GreaterThan;
import static dev.stepwise.model.experiments.SearchRequest.Operator.GreaterThanOrEqualTo;
import static dev.stepwise.model.experiments.SearchRequest.Operator.In;
import static dev.stepwise.model.experiments.SearchRequest.Operator.LessThan;
import static dev.stepwise.model.experiments.SearchRequest.Operator.LessThanOrEqualTo;
import static dev.stepwise.model.experiments.SearchRequest.Operator.NotEquals;
import static dev.stepwise.model.experiments.SearchRequest.Operator.NotExists;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.api.ApiException;
import dev.stepwise.api.ErrorCode;
import dev.stepwise.api.Principal;
import dev.stepwise.config.ServerConfig;
import dev.stepwise.model.PutMetricsCommand;
import dev.stepwise.model.RawMetric;
import dev.stepwise.model.experiments.ExperimentRequests;
import dev.stepwise.model.experiments.ParameterValue;
import dev.stepwise.model.experiments.PrimaryStatus;
import dev.stepwise.model.experiments.SearchRecord;
import dev.stepwise.model.experiments.SearchRequest;
import dev.stepwise.model.experiments.SearchRequest.Expression;
import dev.stepwise.model.experiments.SearchRequest.Filter;
import dev.stepwise.model.experiments.SearchRequest.NestedFilter;
import dev.stepwise.model.experiments.SearchResults;
import dev.stepwise.model.experiments.Status;
import dev.stepwise.model.experiments.Tag;
import dev.stepwise.model.experiments.TrialComponentRequests;
import dev.stepwise.model.experiments.TrialRequests;
import dev.stepwise.service.MetricsService;
import dev.stepwise.store.StoreLimits;
import dev.stepwise.store.memory.InMemoryMetricStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Search over a small experiment whose every run is known: four runs in two trials of one experiment, one run of
 * another experiment, and a loose run that BatchPutMetrics made.
 */
@DisplayName("Search")
class SearchTest {
  private static final Principal ME = ExperimentsServiceTest.ME;
  private static final Instant NOW = Instant.parse("2026-01-02T03:00:00Z");

  private final ExperimentsServiceTest.MutableClock clock = new ExperimentsServiceTest.MutableClock(NOW);
  private ExperimentsService service;

  @BeforeEach
  void experiment() {
    InMemoryMetricStore store = new InMemoryMetricStore(StoreLimits.DEFAULT);
    service = new ExperimentsService(store, clock);
    MetricsService metrics = new MetricsService(store, ServerConfig.defaults(), clock);
    service.createExperiment(ME, new ExperimentRequests.Create("Mnist", null, null, List.of(new Tag("team", "v"))));
    service.createExperiment(ME, new ExperimentRequests.Create("other", null, null, List.of()));
    service.createTrial(ME, new TrialRequests.Create("adam-runs", null, "mnist", null, List.of()));
    service.createTrial(ME, new TrialRequests.Create("sgd-runs", null, "mnist", null, List.of()));
    service.createTrial(ME, new TrialRequests.Create("elsewhere", null, "other", null, List.of()));
    run("run-1", "adam", 0.1, 64, "adam-runs", PrimaryStatus.Completed, 0.9, 0.5, 0.3);
    run("run-2", "adam", 0.01, 128, "adam-runs", PrimaryStatus.Failed, 0.8, 0.6);
    run("run-3", "sgd", 0.1, 32, "sgd-runs", PrimaryStatus.Completed, 0.7, 0.2, 0.1, 0.05);
    run("Run-4", "sgd", 0.001, null, "sgd-runs", PrimaryStatus.InProgress);
    run("run-5", "adam", 0.5, 64, "elsewhere", PrimaryStatus.Completed, 0.4);
    service.associate(ME, new TrialRequests.Membership("run-1", "sgd-runs")); // in both trials of mnist
    clock.advance(1_000);
    assertThat(metrics.put(ME, new PutMetricsCommand("loose", List.of(
        new RawMetric("loss", NOW.toEpochMilli(), 0, 7.0))))).isEmpty();
  }

  private void run(String name, String optimizer, double lr, Integer batch, String trial, PrimaryStatus status,
      double... losses) {
    clock.advance(1_000);
    Map<String, ParameterValue> parameters = new LinkedHashMap<>();
    parameters.put("optimizer", ParameterValue.of(optimizer));
    parameters.put("lr", ParameterValue.of(lr));
    if (batch != null) {
      parameters.put("batch_size", ParameterValue.of(batch));
    }
    service.createTrialComponent(ME, new TrialComponentRequests.Create(name, null, new Status(status, null), null,
        null, parameters, Map.of(), Map.of(), null, List.of(new Tag("sagemaker:trial-component-source", "run"))));
    service.associate(ME, new TrialRequests.Membership(name, trial));
    if (losses.length > 0) {
      MetricsService metrics = new MetricsService(service.store(), ServerConfig.defaults(), clock);
      List<RawMetric> points = new ArrayList<>();
      for (int i = 0; i < losses.length; i++) {
        points.add(new RawMetric("train:loss", NOW.toEpochMilli() + i, i, losses[i]));
      }
      assertThat(metrics.put(ME, new PutMetricsCommand(name.toLowerCase(), points))).isEmpty();
    }
  }

  private static Filter filter(String name, SearchRequest.Operator operator, String value) {
    return new Filter(name, operator, value);
  }

  private static Expression all(Filter... filters) {
    return new Expression(List.of(filters), List.of(), List.of(), And);
  }

  private SearchResults search(String resource, Expression expression, String sortBy, Boolean descending, Integer max,
      String token) {
    return service.search(ME, new SearchRequest(resource, expression, sortBy, descending, max, token));
  }

  /** The runs' names, in the order found, sorted by name ascending unless another order is asked for. */
  private List<String> runs(Expression expression) {
    return names(search("ExperimentTrialComponent", expression, "TrialComponentName", false, 100, null));
  }

  private static List<String> names(SearchResults results) {
    return results.records().stream().map(r -> switch (r) {
      case SearchRecord.OfTrialComponent c -> c.component().name();
      case SearchRecord.OfTrial t -> t.trial().name();
      case SearchRecord.OfExperiment e -> e.experiment().name();
    }).toList();
  }

  private ApiException refusal(Expression expression, String sortBy) {
    try {
      search("ExperimentTrialComponent", expression, sortBy, null, null, null);
    } catch (ApiException e) {
      return e;
    }
    throw new AssertionError("no error");
  }

  @Test
  @DisplayName("finds an experiment's runs by Parents.ExperimentName, regardless of the name's case")
  void byExperiment() {
    assertThat(runs(all(filter("Parents.ExperimentName", Equals, "MNIST"))))
        .containsExactly("run-1", "run-2", "run-3", "Run-4");
    assertThat(runs(all(filter("Parents.TrialName", Equals, "sgd-runs")))).containsExactly("run-1", "run-3", "Run-4");
    assertThat(runs(all(filter("TrialComponentName", Equals, "run-4")))).containsExactly("Run-4");
    assertThat(runs(all(filter("TrialComponentName", Equals, "loose")))).containsExactly("loose");
  }

  @Test
  @DisplayName("compares numbers as numbers and texts as texts, with every operator")
  void operators() {
    assertThat(runs(all(filter("Parameters.lr", GreaterThan, "0.01")))).containsExactly("run-1", "run-3", "run-5");
    assertThat(runs(all(filter("Parameters.lr", GreaterThanOrEqualTo, "0.1")))).containsExactly("run-1", "run-3", "run-5");
    assertThat(runs(all(filter("Parameters.lr", LessThan, "1e-2")))).containsExactly("Run-4");
    assertThat(runs(all(filter("Parameters.lr", LessThanOrEqualTo, "0.01")))).containsExactly("run-2", "Run-4");
    assertThat(runs(all(filter("Parameters.optimizer", Equals, "adam")))).containsExactly("run-1", "run-2", "run-5");
    assertThat(runs(all(filter("Parameters.optimizer", NotEquals, "adam"))))
        .as("NotEquals holds for records without the property").containsExactly("loose", "run-3", "Run-4");
    assertThat(runs(all(filter("Parameters.batch_size", In, "32, 128")))).containsExactly("run-2", "run-3");
    assertThat(runs(all(filter("Parameters.batch_size", Exists, null)))).containsExactly("run-1", "run-2", "run-3",
        "run-5");
    assertThat(runs(all(filter("Parameters.batch_size", NotExists, null)))).containsExactly("loose", "Run-4");
    assertThat(runs(all(filter("TrialComponentName", Contains, "RUN-")))).hasSize(5);
    assertThat(runs(all(filter("Status.PrimaryStatus", Equals, "Completed")))).containsExactly("run-1", "run-3",
        "run-5");
    assertThat(runs(all(filter("Metrics.train:loss.Min", LessThan, "0.25")))).containsExactly("run-3");
    assertThat(runs(all(filter("Metrics.train:loss.Count", GreaterThanOrEqualTo, "3")))).containsExactly("run-1",
        "run-3");
    assertThat(runs(all(filter("Metrics.train:loss.Last", Equals, "0.6")))).containsExactly("run-2");
    assertThat(runs(all(filter("Tags.sagemaker:trial-component-source", Equals, "run")))).hasSize(5);
    assertThat(runs(all(filter("CreationTime", LessThan, "2026-01-02T03:00:02.500Z")))).containsExactly("run-1",
        "run-2");
    assertThat(runs(all(filter("CreationTime", GreaterThan, Long.toString(NOW.getEpochSecond() + 4)))))
        .containsExactly("loose", "run-5");
  }

  @Test
  @DisplayName("combines filters with And and Or, nested filters on one parent, and sub-expressions")
  void combinations() {
    Expression either = new Expression(List.of(filter("Parameters.optimizer", Equals, "sgd"),
        filter("Parameters.lr", Equals, "0.01")), List.of(), List.of(), Or);
    assertThat(runs(either)).containsExactly("run-2", "run-3", "Run-4");

    Expression nested = new Expression(List.of(), List.of(new NestedFilter("Parents", List.of(
        filter("Parents.TrialName", Equals, "elsewhere"), filter("Parents.ExperimentName", Equals, "other")))),
        List.of(), And);
    assertThat(runs(nested)).containsExactly("run-5");
    Expression mismatched = new Expression(List.of(), List.of(new NestedFilter("Parents", List.of(
        filter("Parents.TrialName", Equals, "elsewhere"), filter("Parents.ExperimentName", Equals, "mnist")))),
        List.of(), And);
    assertThat(runs(mismatched)).as("both filters must hold for one parent").isEmpty();

    Expression sub = new Expression(List.of(filter("Parents.ExperimentName", Equals, "mnist")), List.of(),
        List.of(either), And);
    assertThat(runs(sub)).containsExactly("run-2", "run-3", "Run-4");
    Expression orOverScope = new Expression(List.of(filter("Parents.ExperimentName", Equals, "other"),
        filter("TrialComponentName", Equals, "loose")), List.of(), List.of(), Or);
    assertThat(runs(orOverScope)).as("an Or never narrows the candidates").containsExactly("loose", "run-5");
  }

  @Test
  @DisplayName("sorts by a metric or a parameter, either way, records without one last, newest first by default")
  void order() {
    Expression mnist = all(filter("Parents.ExperimentName", Equals, "mnist"));
    assertThat(names(search("ExperimentTrialComponent", mnist, "Metrics.train:loss.Min", false, null, null)))
        .containsExactly("run-3", "run-1", "run-2", "Run-4");
    assertThat(names(search("ExperimentTrialComponent", mnist, "Metrics.train:loss.Min", true, null, null)))
        .containsExactly("run-2", "run-1", "run-3", "Run-4");
    assertThat(names(search("ExperimentTrialComponent", mnist, "Parameters.batch_size", false, null, null)))
        .containsExactly("run-3", "run-1", "run-2", "Run-4");
    assertThat(names(search("ExperimentTrialComponent", mnist, null, null, null, null)))
        .as("LastModifiedTime, descending").containsExactly("Run-4", "run-3", "run-2", "run-1");
  }

  @Test
  @DisplayName("answers records with their metric summaries, parents, tags and the total")
  void records() {
    SearchResults results = search("ExperimentTrialComponent", all(filter("TrialComponentName", Equals, "run-1")),
        null, null, 1, null);

    assertThat(results.totalHits()).isEqualTo(1);
    assertThat(results.nextToken()).isNull();
    SearchRecord.OfTrialComponent record = (SearchRecord.OfTrialComponent) results.records().getFirst();
    assertThat(record.parents()).extracting(p -> p.trialName() + "@" + p.experimentName())
        .containsExactly("adam-runs@Mnist", "sgd-runs@Mnist");
    assertThat(record.metrics()).singleElement().satisfies(m -> {
      assertThat(m.metricName()).isEqualTo("train:loss");
      assertThat(m.count()).isEqualTo(3);
      assertThat(m.last()).isEqualTo(0.3);
    });
    assertThat(names(search("ExperimentTrial", all(filter("ExperimentName", Equals, "mnist")), "TrialName", false,
        null, null))).containsExactly("adam-runs", "sgd-runs");
    SearchRecord.OfTrial trial = (SearchRecord.OfTrial) search("ExperimentTrial",
        all(filter("TrialName", Equals, "sgd-runs")), null, null, null, null).records().getFirst();
    assertThat(trial.components()).extracting(c -> c.name()).containsExactly("run-1", "run-3", "Run-4");
    assertThat(names(search("Experiment", all(filter("Tags.team", Equals, "v")), null, null, null, null)))
        .containsExactly("Mnist");
  }

  @Test
  @DisplayName("pages neither skip nor repeat a record while the records change order between pages")
  void stablePages() {
    Expression mnist = all(filter("Parents.ExperimentName", Equals, "mnist"));
    SearchResults first = search("ExperimentTrialComponent", mnist, null, null, 2, null);
    assertThat(first.totalHits()).isEqualTo(4);
    Set<String> seen = new HashSet<>(names(first));
    // Touch every run: the default order (LastModifiedTime, descending) turns upside down.
    for (String run : List.of("run-1", "run-2", "run-3", "Run-4")) {
      clock.advance(1_000);
      service.updateTrialComponent(ME, new TrialComponentRequests.Update(run, "touched", null, null, null, Map.of(),
          List.of(), Map.of(), List.of(), Map.of(), List.of()));
    }
    SearchResults second = search("ExperimentTrialComponent", mnist, null, null, 2, first.nextToken());
    assertThat(second.nextToken()).isNull();
    assertThat(seen).doesNotContainAnyElementsOf(names(second));
    seen.addAll(names(second));
    assertThat(seen).containsExactlyInAnyOrder("run-1", "run-2", "run-3", "Run-4");
  }

  @Test
  @DisplayName("refuses a token of another search or account, and one whose snapshot expired")
  void tokens() {
    Expression mnist = all(filter("Parents.ExperimentName", Equals, "mnist"));
    String token = search("ExperimentTrialComponent", mnist, null, null, 1, null).nextToken();

    assertThat(tokenRefusal(ME, all(filter("Parents.ExperimentName", Equals, "other")), token).getMessage())
        .contains("NextToken is not valid");
    assertThat(tokenRefusal(new Principal("210987654321", "us-east-1"), mnist, token).getMessage())
        .contains("NextToken is not valid");
    assertThat(names(search("ExperimentTrialComponent", mnist, null, null, 1, token))).hasSize(1);
    clock.advance(Searches.SNAPSHOT_LIFETIME.toMillis() + 1);
    assertThat(tokenRefusal(ME, mnist, token).getMessage()).contains("has expired");
  }

  private ApiException tokenRefusal(Principal caller, Expression expression, String token) {
    try {
      service.search(caller, new SearchRequest("ExperimentTrialComponent", expression, null, null, 1, token));
    } catch (ApiException e) {
      assertThat(e.code()).isEqualTo(ErrorCode.ValidationException);
      return e;
    }
    throw new AssertionError("no error");
  }

  @Test
  @DisplayName("says which property or resource it does not know")
  void unknowns() {
    assertThat(refusal(all(filter("Parameter.lr", Equals, "1")), null).getMessage())
        .startsWith("'Parameter.lr' is not a searchable property of ExperimentTrialComponent.");
    assertThat(refusal(all(filter("Metrics.loss.Median", Equals, "1")), null).code())
        .isEqualTo(ErrorCode.ValidationException);
    assertThat(refusal(all(filter("Metrics.loss.Min", Equals, "low")), null).getMessage())
        .isEqualTo("The Value 'low' of the filter on 'Metrics.loss.Min' must be a number.");
    assertThat(refusal(all(filter("Parameters.lr", GreaterThan, null)), null).getMessage())
        .contains("needs a Value");
    assertThat(refusal(null, "Bogus").getMessage()).contains("'Bogus' is not a searchable property");
    try {
      search("TrainingJob", null, null, null, null, null);
      throw new AssertionError("no error");
    } catch (ApiException e) {
      assertThat(e.getMessage()).contains("Search over TrainingJob is not offered here");
    }
  }
}
