package dev.stepwise.service.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.stepwise.api.ApiException;
import dev.stepwise.api.ErrorCode;
import dev.stepwise.api.Principal;
import dev.stepwise.config.ServerConfig;
import dev.stepwise.model.MetricQuery;
import dev.stepwise.model.Period;
import dev.stepwise.model.PutMetricsCommand;
import dev.stepwise.model.QueryResult;
import dev.stepwise.model.RawMetric;
import dev.stepwise.model.XAxisType;
import dev.stepwise.model.experiments.ArtifactRequests;
import dev.stepwise.model.experiments.ArtifactSource;
import dev.stepwise.model.experiments.ArtifactValue;
import dev.stepwise.model.experiments.Experiment;
import dev.stepwise.model.experiments.ExperimentRequests;
import dev.stepwise.model.experiments.ListRequest;
import dev.stepwise.model.experiments.MetricSummary;
import dev.stepwise.model.experiments.Page;
import dev.stepwise.model.experiments.ParameterValue;
import dev.stepwise.model.experiments.PrimaryStatus;
import dev.stepwise.model.experiments.Status;
import dev.stepwise.model.experiments.Tag;
import dev.stepwise.model.experiments.TagRequests;
import dev.stepwise.model.experiments.Trial;
import dev.stepwise.model.experiments.TrialComponent;
import dev.stepwise.model.experiments.TrialComponentDetails;
import dev.stepwise.model.experiments.TrialComponentRequests;
import dev.stepwise.model.experiments.TrialRequests;
import dev.stepwise.service.MetricsService;
import dev.stepwise.stats.Stat;
import dev.stepwise.store.StoreLimits;
import dev.stepwise.store.memory.InMemoryMetricStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The control plane's rules, over the in-memory store (the stores themselves pass ExperimentStoreContract). */
@DisplayName("ExperimentsService")
class ExperimentsServiceTest {
  static final Instant NOW = Instant.parse("2026-01-02T03:00:00Z");
  static final Principal ME = new Principal("123456789012", "us-east-1");
  static final Principal OTHER = new Principal("210987654321", "us-east-1");

  private final MutableClock clock = new MutableClock(NOW);
  private InMemoryMetricStore store;
  private ExperimentsService service;
  private MetricsService metrics;

  /** A clock the test moves on, so that creation and modification times differ. */
  static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(long millis) {
      now = now.plusMillis(millis);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  @BeforeEach
  void start() {
    store = new InMemoryMetricStore(StoreLimits.DEFAULT);
    service = new ExperimentsService(store, clock);
    metrics = new MetricsService(store, ServerConfig.defaults(), clock);
  }

  private Experiment experiment(String name) {
    clock.advance(1);
    return service.createExperiment(ME, new ExperimentRequests.Create(name, null, null, List.of()));
  }

  private Trial trial(String name, String experiment) {
    clock.advance(1);
    return service.createTrial(ME, new TrialRequests.Create(name, null, experiment, null, List.of()));
  }

  private TrialComponent component(String name, Map<String, ParameterValue> parameters, Tag... tags) {
    clock.advance(1);
    return service.createTrialComponent(ME, new TrialComponentRequests.Create(name, null, null, null, null,
        parameters, Map.of(), Map.of(), null, List.of(tags)));
  }

  private void associate(String component, String trial) {
    service.associate(ME, new TrialRequests.Membership(component, trial));
  }

  private void put(Principal caller, String component, String metric, double... values) {
    List<RawMetric> items = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      items.add(new RawMetric(metric, NOW.toEpochMilli() + i * 1_000L, i, values[i]));
    }
    for (int from = 0; from < items.size(); from += 10) {
      assertThat(metrics.put(caller, new PutMetricsCommand(component,
          items.subList(from, Math.min(items.size(), from + 10))))).isEmpty();
    }
  }

  private static TrialComponentRequests.Update update(String name) {
    return new TrialComponentRequests.Update(name, null, null, null, null, Map.of(), List.of(), Map.of(), List.of(),
        Map.of(), List.of());
  }

  private static ApiException refusal(Runnable call) {
    try {
      call.run();
    } catch (ApiException e) {
      return e;
    }
    throw new AssertionError("no error");
  }

  @Nested
  @DisplayName("names")
  class Names {
    @Test
    @DisplayName("are unique regardless of case: a second create says 'already exists' and changes nothing")
    void unique() {
      service.createExperiment(ME, new ExperimentRequests.Create("Mnist", "Shown", "first", List.of()));

      ApiException e = refusal(() -> service.createExperiment(ME,
          new ExperimentRequests.Create("MNIST", null, "second", List.of())));
      assertThat(e.code()).isEqualTo(ErrorCode.ValidationException);
      assertThat(e.getMessage()).contains("already exists");
      assertThat(service.describeExperiment(ME, "mnist").description()).isEqualTo("first");
      assertThat(service.describeExperiment(ME, "MnIsT").name()).isEqualTo("Mnist");
    }

    @Test
    @DisplayName("of other accounts are theirs: the same name is free there, and theirs are never seen here")
    void accounts() {
      experiment("shared");
      service.createExperiment(OTHER, new ExperimentRequests.Create("shared", null, "theirs", List.of()));
      service.createExperiment(OTHER, new ExperimentRequests.Create("only-theirs", null, null, List.of()));

      assertThat(refusal(() -> service.describeExperiment(ME, "only-theirs")).code())
          .isEqualTo(ErrorCode.ResourceNotFound);
      assertThat(service.listExperiments(ME, new ListRequest<>(null, null, null, ListRequest.SortBy.Name, false, 100,
          null)).items()).extracting(Experiment::name).containsExactly("shared");
    }

    @Test
    @DisplayName("that are missing are ResourceNotFound for describe, update and delete")
    void missing() {
      assertThat(refusal(() -> service.describeTrialComponent(ME, "nope")))
          .hasMessage("TrialComponent 'nope' does not exist.")
          .extracting(ApiException::code).isEqualTo(ErrorCode.ResourceNotFound);
      assertThat(refusal(() -> service.updateTrial(ME, new TrialRequests.Update("nope", "x"))).code())
          .isEqualTo(ErrorCode.ResourceNotFound);
      assertThat(refusal(() -> service.deleteExperiment(ME, "nope")).code()).isEqualTo(ErrorCode.ResourceNotFound);
      assertThat(refusal(() -> service.createTrial(ME, new TrialRequests.Create("t", null, "nope", null, List.of())))
          .getMessage()).isEqualTo("Experiment 'nope' does not exist.");
    }

    @Test
    @DisplayName("of a trial's experiment are the experiment's own, whatever case the request used")
    void trialNamesItsExperiment() {
      experiment("MyExp");
      trial("t", "myexp");
      assertThat(service.describeTrial(ME, "T").experimentName()).isEqualTo("MyExp");
    }
  }

  @Nested
  @DisplayName("UpdateTrialComponent")
  class Updates {
    @Test
    @DisplayName("sets map entries by key, removes those listed, and leaves everything else, empty maps changing nothing")
    void upserts() {
      Map<String, ParameterValue> initial = new LinkedHashMap<>();
      initial.put("lr", ParameterValue.of(0.1));
      initial.put("epochs", ParameterValue.of(10));
      component("run", initial);
      clock.advance(5);
      service.updateTrialComponent(ME, new TrialComponentRequests.Update("run", null,
          new Status(PrimaryStatus.InProgress, null), NOW.toEpochMilli(), null, Map.of(), List.of(), Map.of(),
          List.of(), Map.of(), List.of()));
      service.updateTrialComponent(ME, new TrialComponentRequests.Update("run", null,
          new Status(PrimaryStatus.Completed, "done"), null, NOW.toEpochMilli() + 60_000,
          Map.of("lr", ParameterValue.of(0.2), "optimizer", ParameterValue.of("adam")), List.of("epochs"),
          Map.of("data", new ArtifactValue("s3://b/d", null)), List.of(), Map.of(), List.of("missing")));

      TrialComponent run = service.describeTrialComponent(ME, "run").component();
      assertThat(run.parameters()).containsExactly(
          Map.entry("lr", ParameterValue.of(0.2)), Map.entry("optimizer", ParameterValue.of("adam")));
      assertThat(run.inputArtifacts()).containsOnlyKeys("data");
      assertThat(run.status()).isEqualTo(new Status(PrimaryStatus.Completed, "done"));
      assertThat(run.startTimeMs()).isEqualTo(NOW.toEpochMilli());
      assertThat(run.endTimeMs()).isEqualTo(NOW.toEpochMilli() + 60_000);
      assertThat(run.lastModifiedTimeMs()).isGreaterThan(run.creationTimeMs());
    }

    @Test
    @DisplayName("refuses a key both set and removed, and a map past the model's limit")
    void refusals() {
      component("run", Map.of());
      assertThat(refusal(() -> service.updateTrialComponent(ME, new TrialComponentRequests.Update("run", null, null,
          null, null, Map.of("a", ParameterValue.of(1)), List.of("a"), Map.of(), List.of(), Map.of(), List.of())))
          .getMessage()).contains("'a' is both in Parameters and in ParametersToRemove");
      Map<String, ParameterValue> many = new LinkedHashMap<>();
      for (int i = 0; i < 200; i++) {
        many.put("p" + i, ParameterValue.of(i));
      }
      service.updateTrialComponent(ME, new TrialComponentRequests.Update("run", null, null, null, null, many,
          List.of(), Map.of(), List.of(), Map.of(), List.of()));
      Map<String, ParameterValue> more = new LinkedHashMap<>();
      for (int i = 200; i < 301; i++) {
        more.put("p" + i, ParameterValue.of(i));
      }
      assertThat(refusal(() -> service.updateTrialComponent(ME, new TrialComponentRequests.Update("run", null, null,
          null, null, more, List.of(), Map.of(), List.of(), Map.of(), List.of()))).getMessage())
          .contains("would leave 301 Parameters");
      assertThat(service.describeTrialComponent(ME, "run").component().parameters()).hasSize(200);
    }
  }

  @Nested
  @DisplayName("deletion")
  class Deletion {
    @Test
    @DisplayName("goes in SageMaker's order, and deleting a trial component deletes its metrics")
    void order() {
      experiment("e");
      trial("t", "e");
      component("c", Map.of());
      associate("c", "t");
      put(ME, "c", "loss", 1, 2, 3);

      assertThat(refusal(() -> service.deleteExperiment(ME, "e")).getMessage()).contains("still has trials");
      assertThat(refusal(() -> service.deleteTrial(ME, "t")).getMessage()).contains("still has trial components");
      assertThat(refusal(() -> service.deleteTrialComponent(ME, "c")).getMessage()).contains("belongs to trials");

      service.disassociate(ME, new TrialRequests.Membership("c", "t"));
      assertThat(service.deleteTrialComponent(ME, "C")).isEqualTo("c");
      assertThat(metricValues("c", "loss")).isEmpty();
      service.deleteTrial(ME, "t");
      service.deleteExperiment(ME, "e");
      assertThat(refusal(() -> service.describeExperiment(ME, "e")).code()).isEqualTo(ErrorCode.ResourceNotFound);
    }
  }

  private double[] metricValues(String component, String metric) {
    QueryResult result = metrics.get(ME, List.of(new MetricQuery(metric,
        "arn:aws:sagemaker:us-east-1:" + ME.account() + ":experiment-trial-component/" + component, Stat.Avg,
        Period.IterationNumber, XAxisType.IterationNumber, null, null))).getFirst();
    return result.metricValues();
  }

  @Nested
  @DisplayName("metric summaries")
  class Summaries {
    @Test
    @DisplayName("of a trial component that BatchPutMetrics made on its own: it is listed, described and searchable")
    void implicitTrialComponent() {
      put(ME, "loose-run", "loss", 4, 2, 9);

      TrialComponentDetails details = service.describeTrialComponent(ME, "loose-run");
      assertThat(details.component().creationTimeMs()).isEqualTo(NOW.toEpochMilli());
      assertThat(details.metrics()).singleElement().satisfies(summary -> {
        assertThat(summary.count()).isEqualTo(3);
        assertThat(summary.min()).isEqualTo(2.0);
        assertThat(summary.max()).isEqualTo(9.0);
        assertThat(summary.avg()).isCloseTo(5.0, within(1e-12));
        assertThat(summary.last()).isEqualTo(9.0);
        assertThat(summary.timestampMs()).isEqualTo(NOW.toEpochMilli() + 2_000);
      });
      assertThat(refusal(() -> component("loose-run", Map.of())).getMessage()).contains("already exists");
      assertThat(service.listTrialComponents(ME, new ListRequest<>(null, null, null, ListRequest.SortBy.Name, false,
          null, null)).items()).extracting(TrialComponent::name).containsExactly("loose-run");
    }

    @Test
    @DisplayName("agree with BatchGetMetrics right after a write, statistic for statistic")
    void consistentWithQueries() {
      component("run", Map.of());
      put(ME, "run", "acc", 0.5, 0.25, 0.75, 1.0);
      MetricSummary summary = service.describeTrialComponent(ME, "run").metrics().getFirst();

      for (Stat stat : Stat.values()) {
        QueryResult whole = metrics.get(ME, List.of(new MetricQuery("acc",
            "arn:aws:sagemaker:us-east-1:" + ME.account() + ":experiment-trial-component/run", stat, Period.OneHour,
            XAxisType.Timestamp, null, null))).getFirst();
        double expected = whole.metricValues()[0]; // the four points are within one hour
        double actual = switch (stat) {
          case Min -> summary.min();
          case Max -> summary.max();
          case Avg -> summary.avg();
          case Count -> summary.count();
          case StdDev -> summary.stdDev();
          case Last -> summary.last();
        };
        assertThat(actual).as(stat.name()).isCloseTo(expected, within(1e-12));
      }
    }
  }

  @Nested
  @DisplayName("listings")
  class Listings {
    @Test
    @DisplayName("page by creation time without skipping or repeating, with a NextToken only when more follow")
    void paging() {
      for (int i = 0; i < 7; i++) {
        experiment("exp-" + i);
      }
      List<String> seen = new ArrayList<>();
      String token = null;
      int pages = 0;
      do {
        Page<Experiment> page = service.listExperiments(ME,
            new ListRequest<>(null, null, null, ListRequest.SortBy.CreationTime, true, 3, token));
        page.items().forEach(e -> seen.add(e.name()));
        token = page.nextToken();
        pages++;
        if (pages == 1) {
          experiment("exp-new"); // created between pages: after the cursor in this order, so not listed
        }
      } while (token != null);
      assertThat(seen).containsExactly("exp-6", "exp-5", "exp-4", "exp-3", "exp-2", "exp-1", "exp-0");
      assertThat(pages).isEqualTo(3);

      Page<Experiment> exact = service.listExperiments(ME,
          new ListRequest<>(null, null, null, ListRequest.SortBy.Name, false, 8, null));
      assertThat(exact.items()).hasSize(8);
      assertThat(exact.nextToken()).as("no token when nothing follows").isNull();
    }

    @Test
    @DisplayName("refuse a token that was altered, forged, or sealed for another account or request")
    void tamperProofTokens() {
      for (int i = 0; i < 3; i++) {
        experiment("exp-" + i);
      }
      ListRequest<Void> first = new ListRequest<>(null, null, null, ListRequest.SortBy.Name, false, 1, null);
      String token = service.listExperiments(ME, first).nextToken();
      String altered = token.substring(0, 3) + (token.charAt(3) == 'A' ? 'B' : 'A') + token.substring(4);

      for (String bad : List.of(altered, "garbage", token + "x", "a.b")) {
        assertThat(refusal(() -> service.listExperiments(ME,
            new ListRequest<>(null, null, null, ListRequest.SortBy.Name, false, 1, bad))).code())
            .isEqualTo(ErrorCode.ValidationException);
      }
      assertThat(refusal(() -> service.listExperiments(OTHER,
          new ListRequest<>(null, null, null, ListRequest.SortBy.Name, false, 1, token))).getMessage())
          .contains("NextToken is not valid");
      assertThat(refusal(() -> service.listExperiments(ME,
          new ListRequest<>(null, null, null, ListRequest.SortBy.CreationTime, false, 1, token))).code())
          .as("another order").isEqualTo(ErrorCode.ValidationException);
      assertThat(service.listExperiments(ME,
          new ListRequest<>(null, null, null, ListRequest.SortBy.Name, false, 1, token)).items())
          .extracting(Experiment::name).containsExactly("exp-1");
    }

    @Test
    @DisplayName("of trial components filter by experiment (as the user typed it), trial or source, one at a time")
    void filters() {
      experiment("MyExp");
      trial("t1", "myexp");
      component("a", Map.of());
      component("b", Map.of());
      associate("a", "t1");

      assertThat(service.listTrialComponents(ME, new ListRequest<>(
          new TrialComponentRequests.ListFilter("MyExp", null, null), null, null, ListRequest.SortBy.CreationTime,
          true, null, null)).items()).extracting(TrialComponent::name).containsExactly("a");
      assertThat(service.listTrials(ME, new ListRequest<>(new TrialRequests.ListFilter(null, "a"), null, null,
          ListRequest.SortBy.Name, false, null, null)).items()).extracting(Trial::name).containsExactly("t1");
      assertThat(refusal(() -> service.listTrialComponents(ME, new ListRequest<>(
          new TrialComponentRequests.ListFilter("MyExp", "t1", null), null, null, ListRequest.SortBy.Name, false,
          null, null))).getMessage()).contains("not by several");
      assertThat(refusal(() -> service.listTrials(ME, new ListRequest<>(new TrialRequests.ListFilter("gone", null),
          null, null, ListRequest.SortBy.Name, false, null, null))).code()).isEqualTo(ErrorCode.ResourceNotFound);
    }
  }

  @Nested
  @DisplayName("tags and artifacts")
  class TagsAndArtifacts {
    private static final String EXPERIMENT_ARN = "arn:aws:sagemaker:us-east-1:123456789012:experiment/e";

    @Test
    @DisplayName("add by key, replace a key's value, delete, and refuse another account's resource")
    void tags() {
      experiment("E");
      service.addTags(ME, new TagRequests.Add(EXPERIMENT_ARN, List.of(new Tag("a", "1"), new Tag("b", "2"))));
      service.addTags(ME, new TagRequests.Add(EXPERIMENT_ARN, List.of(new Tag("a", "3"))));
      service.deleteTags(ME, new TagRequests.Delete(EXPERIMENT_ARN, List.of("b", "never")));

      assertThat(service.listTags(ME, new TagRequests.ListTags(EXPERIMENT_ARN, null, null)).items())
          .containsExactly(new Tag("a", "3"));
      assertThat(refusal(() -> service.addTags(OTHER, new TagRequests.Add(EXPERIMENT_ARN, List.of()))).code())
          .isEqualTo(ErrorCode.AccessDeniedException);
      assertThat(refusal(() -> service.addTags(ME, new TagRequests.Add(EXPERIMENT_ARN,
          List.of(new Tag("aws:x", "y"))))).getMessage()).contains("reserved");
      assertThat(refusal(() -> service.listTags(ME, new TagRequests.ListTags(
          "arn:aws:sagemaker:us-east-1:123456789012:training-job/j", null, null))).code())
          .isEqualTo(ErrorCode.ResourceNotFound);
    }

    @Test
    @DisplayName("an artifact is known by its source URI: creating it again answers the same one")
    void artifacts() {
      component("run", Map.of());
      ArtifactRequests.Create create = new ArtifactRequests.Create("curve", new ArtifactSource("s3://b/pr.json",
          List.of(new ArtifactSource.SourceType("S3ETag", "e1"))), "Curve", Map.of(), null, List.of());
      String first = service.createArtifact(ME, create).id();
      clock.advance(10);
      assertThat(service.createArtifact(ME, create).id()).isEqualTo(first);

      String artifactArn = "arn:aws:sagemaker:us-east-1:123456789012:artifact/" + first;
      String runArn = "arn:aws:sagemaker:us-east-1:123456789012:experiment-trial-component/run";
      service.addAssociation(ME, new ArtifactRequests.AddAssociation(artifactArn, runArn, "ContributedTo"));
      service.addAssociation(ME, new ArtifactRequests.AddAssociation(artifactArn, runArn, "ContributedTo"));
      assertThat(refusal(() -> service.addAssociation(ME, new ArtifactRequests.AddAssociation(artifactArn,
          runArn.replace("/run", "/gone"), null))).code()).isEqualTo(ErrorCode.ResourceNotFound);
    }
  }
}
