package dev.stepwise.service.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.stepwise.api.Principal;
import dev.stepwise.config.ServerConfig;
import dev.stepwise.model.PutMetricsCommand;
import dev.stepwise.model.RawMetric;
import dev.stepwise.model.experiments.ExperimentRequests;
import dev.stepwise.model.experiments.ParameterValue;
import dev.stepwise.model.experiments.PrimaryStatus;
import dev.stepwise.model.experiments.Status;
import dev.stepwise.model.experiments.TrialComponentQuery;
import dev.stepwise.model.experiments.TrialComponentRequests;
import dev.stepwise.model.experiments.TrialRequests;
import dev.stepwise.service.MetricsService;
import dev.stepwise.service.experiments.ExperimentsService;
import dev.stepwise.store.StoreLimits;
import dev.stepwise.store.memory.InMemoryMetricStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The experiments pages' reads over the in-memory store: five runs of one experiment whose every point is known
 * (the HTTP shapes are DashboardExperimentsIT's).
 */
@DisplayName("Runs service")
class RunsServiceTest {
  private static final Principal ME = new Principal("123456789012", "us-east-1");
  private static final Instant NOW = Instant.parse("2026-01-02T03:00:00Z");
  private static final long T0 = NOW.toEpochMilli() - 3_600_000;

  private RunsService runs;
  private ExperimentsService experiments;
  private MetricsService metrics;

  @BeforeEach
  void sweep() {
    InMemoryMetricStore store = new InMemoryMetricStore(StoreLimits.DEFAULT);
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    experiments = new ExperimentsService(store, clock);
    metrics = new MetricsService(store, ServerConfig.defaults(), clock);
    runs = new RunsService(store, experiments);
    experiments.createExperiment(ME, new ExperimentRequests.Create("sweep", null, null, List.of()));
    experiments.createTrial(ME, new TrialRequests.Create("t", null, "sweep", null, List.of()));
    run("r1", Map.of("optimizer", ParameterValue.of("adam"), "lr", ParameterValue.of(0.1)));
    run("r2", Map.of("optimizer", ParameterValue.of("adam"), "lr", ParameterValue.of(0.01)));
    run("r3", Map.of("optimizer", ParameterValue.of("sgd"), "lr", ParameterValue.of(0.1)));
    run("r4", Map.of("lr", ParameterValue.of("auto")));
    run("r5", Map.of("optimizer", ParameterValue.of(7), "lr", ParameterValue.of(0.1)));
    loss("r1", 0, 10, 0, 1_000, step -> step);          // steps 0-9, one a second
    loss("r2", 0, 5, 500_000, 2_000, step -> 3 * step); // steps 0-4, one every two seconds, later
    loss("r3", 0, 10, 0, 1_000, step -> 10);
    loss("r4", 5, 10, 0, 1_000, step -> -step);         // steps 5-9
  }

  private void run(String name, Map<String, ParameterValue> parameters) {
    experiments.createTrialComponent(ME, new TrialComponentRequests.Create(name, null,
        new Status(PrimaryStatus.Completed, null), T0, T0 + 60_000, new LinkedHashMap<>(parameters), Map.of(),
        Map.of(), null, List.of()));
    experiments.associate(ME, new TrialRequests.Membership(name, "t"));
  }

  private void loss(String run, int fromStep, int toStep, long offsetMs, long everyMs, IntToDoubleFunction value) {
    List<RawMetric> points = new ArrayList<>();
    for (int step = fromStep; step < toStep; step++) {
      points.add(new RawMetric("loss", T0 + offsetMs + (step - fromStep) * everyMs, step, value.applyAsDouble(step)));
    }
    assertThat(metrics.put(ME, new PutMetricsCommand(run, points))).isEmpty();
  }

  private GroupsView groups(List<String> groupBy, GroupAxis axis, int buckets, Long from, Long to) {
    return runs.groups(new GroupsRequest(ME.account(), ME.region(), new TrialComponentQuery("sweep", null, null, null),
        groupBy, "loss", axis, buckets, from, to));
  }

  private static String key(GroupView group) {
    return group.key().stream().map(v -> v == null ? "null" : v.isNumber() ? v.numberValue().toString()
        : v.stringValue()).toList().toString();
  }

  @Test
  @DisplayName("groups by a parameter: numbers before texts, the runs lacking it last, each with its runs")
  void groupsInOrder() {
    GroupsView view = groups(List.of("optimizer"), GroupAxis.STEP, 100, null, null);

    assertThat(view.from()).isZero();
    assertThat(view.to()).isEqualTo(10);
    assertThat(view.bucketWidth()).isEqualTo(1);
    assertThat(view.groups()).extracting(RunsServiceTest::key)
        .containsExactly("[7.0]", "[adam]", "[sgd]", "[null]");
    assertThat(view.groups()).extracting(GroupView::runNames)
        .containsExactly(List.of("r5"), List.of("r1", "r2"), List.of("r3"), List.of("r4"));
    assertThat(view.groups().getFirst().curve()).as("a run without the metric draws nothing")
        .isEqualTo(GroupCurve.EMPTY);
    GroupCurve adam = view.groups().get(1).curve();
    assertThat(adam.x()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertThat(adam.runs()).containsExactly(2, 2, 2, 2, 2, 1, 1, 1, 1, 1);
    assertThat(adam.mean()[4]).isEqualTo(8.0); // r1: 4, r2: 12
    assertThat(adam.min()[4]).isEqualTo(4.0);
    assertThat(adam.max()[4]).isEqualTo(12.0);
    assertThat(adam.stdDev()[4]).isCloseTo(Math.sqrt(32.0), within(1e-12));
    assertThat(adam.mean()[5]).isEqualTo(5.0);
    assertThat(view.groups().get(3).curve().x()).containsExactly(5, 6, 7, 8, 9);
  }

  @Test
  @DisplayName("averages each run's points within a bucket before combining the runs")
  void widerBuckets() {
    GroupCurve adam = groups(List.of("optimizer"), GroupAxis.STEP, 5, null, null).groups().get(1).curve();
    assertThat(adam.x()).containsExactly(0, 2, 4, 6, 8);
    // Bucket 0: r1 averages steps 0 and 1 (0.5), r2 steps 0 and 1 (1.5).
    assertThat(adam.mean()[0]).isEqualTo(1.0);
    assertThat(adam.runs()).containsExactly(2, 2, 2, 1, 1);

    GroupsView part = groups(List.of("optimizer"), GroupAxis.STEP, 2, 3L, 7L);
    assertThat(part.bucketWidth()).isEqualTo(2);
    assertThat(part.groups().get(1).curve().x()).containsExactly(2, 4, 6);
    assertThat(part.groups().get(1).curve().mean()[0]).as("only step 3 of bucket 2 is in range").isEqualTo(6.0);
  }

  @Test
  @DisplayName("on the relative-time axis, aligns each run to its own first point")
  void relative() {
    GroupsView view = groups(List.of("optimizer"), GroupAxis.RELATIVE, 10, null, null);
    assertThat(view.from()).isZero();
    assertThat(view.to()).isEqualTo(9_001); // r1's last point, 9 s after its first
    GroupCurve adam = view.groups().get(1).curve();
    assertThat(view.bucketWidth()).isEqualTo(901);
    assertThat(adam.x()[0]).isZero();

    GroupCurve seconds = groups(List.of("optimizer"), GroupAxis.RELATIVE, 10, 0L, 10_000L).groups().get(1).curve();
    assertThat(seconds.x()).containsExactly(0, 1_000, 2_000, 3_000, 4_000, 5_000, 6_000, 7_000, 8_000, 9_000);
    // At 2 s: r1's step 2 (2) and r2's step 1 (3), though r2 began 500 s later.
    assertThat(seconds.mean()[2]).isEqualTo(2.5);
    assertThat(seconds.runs()[2]).isEqualTo(2);
    assertThat(seconds.runs()[3]).isEqualTo(1);
  }

  @Test
  @DisplayName("groups by several parameters, and refuses more than 1,000 runs or a bad request")
  void severalAndLimits() {
    GroupsView view = groups(List.of("lr", "optimizer"), GroupAxis.STEP, 10, null, null);
    assertThat(view.groups()).extracting(RunsServiceTest::key)
        .containsExactly("[0.01, adam]", "[0.1, 7.0]", "[0.1, adam]", "[0.1, sgd]", "[auto, null]");

    assertThatThrownBy(() -> groups(List.of(), GroupAxis.STEP, 10, null, null))
        .hasMessage("groupBy must name 1 to 4 parameters, not 0");
    assertThatThrownBy(() -> groups(List.of("a"), GroupAxis.STEP, 10, 5L, 5L))
        .hasMessage("from (5) must be less than to (5)");
    for (int i = 0; i < RunGroups.MAX_RUNS; i++) {
      run("more-" + i, Map.of());
    }
    assertThatThrownBy(() -> groups(List.of("optimizer"), GroupAxis.STEP, 10, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("1005 runs match, and at most 1000 are grouped at once: narrow the filter");
  }

  @Test
  @DisplayName("answers columns of every run in the search's order, and the runs' parameter and metric names")
  void columnsAndNames() {
    RunColumns columns = runs.columns(ME.account(), ME.region(),
        new TrialComponentQuery("sweep", null, "TrialComponentName", false),
        List.of("parameter:lr", "metric:loss.min", "metric:loss.count", "duration", "status", "startTime"));
    assertThat(columns.names()).containsExactly("r1", "r2", "r3", "r4", "r5");
    assertThat(columns.columns().keySet())
        .containsExactly("parameter:lr", "metric:loss.min", "metric:loss.count", "duration", "status", "startTime");
    assertThat(columns.columns().get("parameter:lr")).containsExactly(0.1, 0.01, 0.1, "auto", 0.1);
    assertThat(columns.columns().get("metric:loss.min")).containsExactly(0.0, 0.0, 10.0, -9.0, null);
    assertThat(columns.columns().get("metric:loss.count")).containsExactly(10.0, 5.0, 10.0, 5.0, null);
    assertThat(columns.columns().get("duration")).containsOnly(60_000L);
    assertThat(columns.columns().get("status")).containsOnly("Completed");
    assertThat(columns.columns().get("startTime")).containsOnly(T0);
    assertThatThrownBy(() -> runs.columns(ME.account(), ME.region(), new TrialComponentQuery("sweep", null, null,
        null), List.of("metric:loss.median"))).hasMessage("the column 'metric:loss.median' is none of"
            + " parameter:<name>, metric:<name>.<min|max|last|avg|count|stdDev>, startTime, endTime, duration, status");

    RunNames names = runs.names(ME.account(), ME.region(), "sweep");
    assertThat(names.parameters()).containsExactly("lr", "optimizer");
    assertThat(names.metrics()).containsExactly("loss");
    assertThat(runs.names(ME.account(), ME.region(), null)).isEqualTo(new RunNames(List.of(), List.of()));
  }

  @Test
  @DisplayName("lists experiments by last activity, with their run counts, and the runs in no trial")
  void experimentsOverview() {
    experiments.createExperiment(ME, new ExperimentRequests.Create("empty", null, null, List.of()));
    assertThat(metrics.put(ME, new PutMetricsCommand("loose", List.of(new RawMetric("x", T0, 0, 1.0))))).isEmpty();

    ExperimentsOverview overview = runs.experiments(ME.account(), ME.region());

    assertThat(overview.experiments()).extracting(v -> v.experiment().name(), ExperimentView::runCount)
        .containsExactly(org.assertj.core.api.Assertions.tuple("empty", 0L),
            org.assertj.core.api.Assertions.tuple("sweep", 5L));
    assertThat(overview.experiments()).extracting(ExperimentView::lastActivityMs).containsOnly(NOW.toEpochMilli());
    assertThat(overview.unassignedRuns()).isEqualTo(1);
    assertThat(overview.unassignedLastActivityMs()).isEqualTo(NOW.toEpochMilli());
    assertThat(Arrays.asList(runs.experiments("999999999999", ME.region()).unassignedLastActivityMs())).hasSize(1)
        .containsOnlyNulls();
  }
}
