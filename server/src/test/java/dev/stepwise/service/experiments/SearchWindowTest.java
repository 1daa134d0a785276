package dev.stepwise.service.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stepwise.api.ApiException;
import dev.stepwise.api.ErrorCode;
import dev.stepwise.api.Principal;
import dev.stepwise.config.ServerConfig;
import dev.stepwise.model.PutMetricsCommand;
import dev.stepwise.model.RawMetric;
import dev.stepwise.model.experiments.ExperimentRequests;
import dev.stepwise.model.experiments.ParameterValue;
import dev.stepwise.model.experiments.SearchRecord;
import dev.stepwise.model.experiments.SearchRequest;
import dev.stepwise.model.experiments.SearchRequest.Expression;
import dev.stepwise.model.experiments.SearchRequest.Filter;
import dev.stepwise.model.experiments.SearchWindow;
import dev.stepwise.model.experiments.TrialComponent;
import dev.stepwise.model.experiments.TrialComponentQuery;
import dev.stepwise.model.experiments.TrialComponentRequests;
import dev.stepwise.model.experiments.TrialRequests;
import dev.stepwise.service.MetricsService;
import dev.stepwise.store.StoreLimits;
import dev.stepwise.store.memory.InMemoryMetricStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's windows over a search of runs: ten runs of one experiment (run-0 in both of its trials), two of
 * another, and two in no trial.
 */
@DisplayName("Search windows")
class SearchWindowTest {
  private static final Principal ME = ExperimentsServiceTest.ME;
  private static final Instant NOW = Instant.parse("2026-01-02T03:00:00Z");

  private final ExperimentsServiceTest.MutableClock clock = new ExperimentsServiceTest.MutableClock(NOW);
  private ExperimentsService service;

  @BeforeEach
  void runs() {
    InMemoryMetricStore store = new InMemoryMetricStore(StoreLimits.DEFAULT);
    service = new ExperimentsService(store, clock);
    service.createExperiment(ME, new ExperimentRequests.Create("Mnist", null, null, List.of()));
    service.createExperiment(ME, new ExperimentRequests.Create("other", null, null, List.of()));
    service.createTrial(ME, new TrialRequests.Create("a", null, "mnist", null, List.of()));
    service.createTrial(ME, new TrialRequests.Create("b", null, "mnist", null, List.of()));
    service.createTrial(ME, new TrialRequests.Create("c", null, "other", null, List.of()));
    for (int i = 0; i < 10; i++) {
      run("run-" + i, i, i % 2 == 0 ? "a" : "b");
    }
    service.associate(ME, new TrialRequests.Membership("run-0", "b"));
    run("elsewhere-1", 1, "c");
    run("elsewhere-2", 2, "c");
    run("loose-1", 1, null);
    MetricsService metrics = new MetricsService(store, ServerConfig.defaults(), clock);
    assertThat(metrics.put(ME, new PutMetricsCommand("loose-2", List.of(new RawMetric("loss", NOW.toEpochMilli(), 0,
        1.0))))).isEmpty();
  }

  private void run(String name, double lr, String trial) {
    clock.advance(1_000);
    service.createTrialComponent(ME, new TrialComponentRequests.Create(name, null, null, null, null,
        Map.of("lr", ParameterValue.of(lr)), Map.of(), Map.of(), null, List.of()));
    if (trial != null) {
      service.associate(ME, new TrialRequests.Membership(name, trial));
    }
  }

  private static List<String> names(SearchWindow window) {
    return window.records().stream().map(r -> ((SearchRecord.OfTrialComponent) r).component().name()).toList();
  }

  private static TrialComponentQuery mnist(Expression expression, String sortBy, Boolean descending) {
    return new TrialComponentQuery("MNIST", expression, sortBy, descending);
  }

  private static Expression lrAtLeast(String value) {
    return new Expression(List.of(new Filter("Parameters.lr", SearchRequest.Operator.GreaterThanOrEqualTo, value)),
        List.of(), List.of(), SearchRequest.BooleanOperator.And);
  }

  @Test
  @DisplayName("orders an experiment's runs once, newest first by default, each run once")
  void firstWindow() {
    SearchWindow window = service.searchWindow(ME, mnist(null, null, null), 0, 3, null);
    assertThat(window.total()).isEqualTo(10);
    assertThat(window.offset()).isZero();
    assertThat(window.snapshot()).isNotBlank();
    assertThat(names(window)).containsExactly("run-9", "run-8", "run-7");
    assertThat(((SearchRecord.OfTrialComponent) window.records().getLast()).parents())
        .extracting(p -> p.trialName()).containsExactly("b");

    SearchWindow middle = service.searchWindow(ME, mnist(lrAtLeast("4"), "Parameters.lr", false), 2, 3, null);
    assertThat(middle.total()).isEqualTo(6);
    assertThat(names(middle)).containsExactly("run-6", "run-7", "run-8");
  }

  @Test
  @DisplayName("reads every run exactly once across windows while the runs change order between them")
  void stableWindows() {
    TrialComponentQuery byChange = mnist(null, "LastModifiedTime", true);
    SearchWindow first = service.searchWindow(ME, byChange, 0, 4, null);
    List<String> seen = new ArrayList<>(names(first));
    // Touch the runs newest first: the order by LastModifiedTime, descending, turns upside down.
    for (int i = 9; i >= 0; i--) {
      clock.advance(1_000);
      service.updateTrialComponent(ME, new TrialComponentRequests.Update("run-" + i, "touched", null, null, null,
          Map.of(), List.of(), Map.of(), List.of(), Map.of(), List.of()));
    }
    seen.addAll(names(service.searchWindow(ME, byChange, 4, 4, first.snapshot())));
    SearchWindow last = service.searchWindow(ME, byChange, 8, 4, first.snapshot());
    seen.addAll(names(last));
    assertThat(seen).containsExactly("run-9", "run-8", "run-7", "run-6", "run-5", "run-4", "run-3", "run-2", "run-1",
        "run-0");
    assertThat(last.total()).isEqualTo(10);
    assertThat(((SearchRecord.OfTrialComponent) last.records().getLast()).component().displayName())
        .as("a window shows the records as they are now").isEqualTo("touched");
    assertThat(service.searchWindow(ME, byChange, 20, 4, first.snapshot()).records()).isEmpty();
    // Asked again, the search orders the runs anew.
    assertThat(names(service.searchWindow(ME, byChange, 0, 2, null))).containsExactly("run-0", "run-1");
  }

  @Test
  @DisplayName("takes the runs in no trial instead of an experiment's, made by BatchPutMetrics or not")
  void inNoTrial() {
    TrialComponentQuery loose = new TrialComponentQuery(null, null, "TrialComponentName", false);
    assertThat(names(service.searchWindow(ME, loose, 0, 10, null))).containsExactly("loose-1", "loose-2");
    assertThat(service.searchAll(ME, loose)).extracting(TrialComponent::name).containsExactly("loose-1", "loose-2");
  }

  @Test
  @DisplayName("answers every match whole and in order, for charts across runs")
  void all() {
    List<TrialComponent> all = service.searchAll(ME, mnist(lrAtLeast("7"), "Parameters.lr", true));
    assertThat(all).extracting(TrialComponent::name).containsExactly("run-9", "run-8", "run-7");
    assertThat(all.getFirst().parameters()).containsEntry("lr", ParameterValue.of(9));
  }

  @Test
  @DisplayName("refuses a snapshot of another search or account, and one that expired")
  void snapshots() {
    String snapshot = service.searchWindow(ME, mnist(null, null, null), 0, 2, null).snapshot();

    assertThat(refusal(ME, mnist(lrAtLeast("1"), null, null), snapshot).getMessage())
        .isEqualTo("The snapshot is not one of this search (account, region, runs, expression and order): ask again"
            + " without a snapshot.");
    assertThat(refusal(ME, new TrialComponentQuery(null, null, null, null), snapshot).getMessage())
        .startsWith("The snapshot is not one of this search");
    assertThat(refusal(new Principal("210987654321", "us-east-1"), new TrialComponentQuery(null, null, null, null),
        snapshot).getMessage()).startsWith("The snapshot is not one of this search");
    assertThat(names(service.searchWindow(ME, mnist(null, null, null), 2, 2, snapshot))).hasSize(2);
    clock.advance(Searches.SNAPSHOT_LIFETIME.toMillis() + 1);
    assertThat(refusal(ME, mnist(null, null, null), snapshot).getMessage())
        .isEqualTo("The snapshot has expired (a search's order is kept for 30 minutes): ask again without a"
            + " snapshot.");
  }

  private ApiException refusal(Principal caller, TrialComponentQuery query, String snapshot) {
    ApiException e = catchThrowableOfType(ApiException.class,
        () -> service.searchWindow(caller, query, 2, 2, snapshot));
    assertThat(e.code()).isEqualTo(ErrorCode.ValidationException);
    return e;
  }

  @Test
  @DisplayName("says which experiment does not exist, and which property it does not know, as Search says it")
  void refusals() {
    ApiException missing = catchThrowableOfType(ApiException.class,
        () -> service.searchWindow(ME, new TrialComponentQuery("nope", null, null, null), 0, 10, null));
    assertThat(missing.code()).isEqualTo(ErrorCode.ResourceNotFound);
    assertThat(missing.getMessage()).isEqualTo("Experiment 'nope' does not exist.");
    ApiException property = catchThrowableOfType(ApiException.class,
        () -> service.searchWindow(ME, mnist(null, "Parameter.lr", null), 0, 10, null));
    assertThat(property.getMessage()).startsWith("'Parameter.lr' is not a searchable property of"
        + " ExperimentTrialComponent.");
  }
}
