package dev.stepwise.it;

import static dev.stepwise.it.StepwiseTestServer.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.config.ServerConfig;
import dev.stepwise.testing.PostgresTestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.ConflictException;
import software.amazon.awssdk.services.sagemaker.model.Filter;
import software.amazon.awssdk.services.sagemaker.model.Operator;
import software.amazon.awssdk.services.sagemaker.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sagemaker.model.ResourceType;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;
import software.amazon.awssdk.services.sagemaker.model.SearchExpression;
import software.amazon.awssdk.services.sagemaker.model.SearchResponse;
import software.amazon.awssdk.services.sagemaker.model.Tag;
import software.amazon.awssdk.services.sagemaker.model.TrialComponentParameterValue;
import software.amazon.awssdk.services.sagemaker.model.TrialComponentSummary;
import software.amazon.awssdk.services.sagemakermetrics.SageMakerMetricsClient;
import software.amazon.awssdk.services.sagemakermetrics.model.RawMetricData;

/**
 * Two Stepwise nodes over one PostgreSQL database, each with its own store and pools, driven by the AWS SDK for
 * Java v2: what one node writes the other describes, the database decides every race between them (a name is taken
 * once), and a NextToken of one node is good on the other.
 */
@EnabledIfEnvironmentVariable(named = PostgresTestDatabase.URL_VARIABLE, matches = ".+")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@DisplayName("SageMaker Experiments on several nodes over one PostgreSQL")
class ExperimentsMultiNodeIT {
  @TempDir Path dir;
  PostgresTestDatabase db;
  StepwiseTestServer nodeA;
  StepwiseTestServer nodeB;
  SageMakerClient a;
  SageMakerClient b;

  @BeforeEach
  void start() throws Exception {
    db = new PostgresTestDatabase();
    nodeA = new StepwiseTestServer(pgConfig("a"));
    nodeB = new StepwiseTestServer(pgConfig("b"));
    a = nodeA.sageMaker();
    b = nodeB.sageMaker();
  }

  @AfterEach
  void stop() throws Exception {
    a.close();
    b.close();
    nodeA.close();
    nodeB.close();
    db.close();
  }

  ServerConfig pgConfig(String name) {
    return ServerConfig.defaults().withPort(0).withDataDir(dir.resolve(name)).toBuilder().postgresUrl(db.url()).build();
  }

  static SearchExpression equalsFilter(String name, String value) {
    return SearchExpression.builder()
        .filters(Filter.builder().name(name).operator(Operator.EQUALS).value(value).build())
        .build();
  }

  @Test
  @DisplayName("what one node creates, updates and deletes, the other describes, lists and searches")
  void writesOnOneNodeReadOnTheOther() {
    a.createExperiment(r -> r.experimentName("Nodes-Exp").description("from A")
        .tags(Tag.builder().key("node").value("a").build()));
    a.createTrial(r -> r.trialName("nodes-trial").experimentName("nodes-exp"));
    a.createTrialComponent(r -> r.trialComponentName("nodes-tc")
        .parameters(Map.of("lr", TrialComponentParameterValue.builder().numberValue(0.1).build())));
    a.associateTrialComponent(r -> r.trialName("nodes-trial").trialComponentName("nodes-tc"));
    String artifactArn = a.createArtifact(r -> r.artifactType("Model").source(s -> s.sourceUri("s3://nodes/model")))
        .artifactArn();
    try (SageMakerMetricsClient metricsA = nodeA.client()) {
      assertThat(metricsA.batchPutMetrics(r -> r.trialComponentName("nodes-tc").metricData(IntStream.range(0, 4)
          .mapToObj(i -> RawMetricData.builder().metricName("loss").timestamp(NOW.minusSeconds(100 - i)).step(i)
              .value((double) i).build()).toList())).hasErrors()).isFalse();
    }

    var experiment = b.describeExperiment(r -> r.experimentName("nodes-exp"));
    assertThat(experiment.experimentName()).isEqualTo("Nodes-Exp");
    assertThat(experiment.description()).isEqualTo("from A");
    assertThat(b.describeTrial(r -> r.trialName("nodes-trial")).experimentName()).isEqualTo("Nodes-Exp");
    var component = b.describeTrialComponent(r -> r.trialComponentName("nodes-tc"));
    assertThat(component.parameters()).containsOnlyKeys("lr");
    assertThat(component.metrics()).singleElement().satisfies(m -> {
      assertThat(m.count()).isEqualTo(4);
      assertThat(m.last()).isEqualTo(3.0);
      assertThat(m.avg()).isEqualTo(1.5);
    });
    assertThat(b.listTrialComponents(r -> r.experimentName("nodes-exp")).trialComponentSummaries())
        .extracting(TrialComponentSummary::trialComponentName).containsExactly("nodes-tc");
    SearchResponse found = b.search(r -> r.resource(ResourceType.EXPERIMENT_TRIAL_COMPONENT)
        .searchExpression(equalsFilter("Parents.ExperimentName", "nodes-exp")));
    assertThat(found.results()).singleElement().satisfies(record -> {
      assertThat(record.trialComponent().parents()).singleElement()
          .satisfies(p -> assertThat(p.trialName()).isEqualTo("nodes-trial"));
      assertThat(record.trialComponent().metrics()).hasSize(1);
    });
    assertThat(b.listTags(r -> r.resourceArn(experiment.experimentArn())).tags()).extracting(Tag::value)
        .containsExactly("a");
    assertThat(b.createArtifact(r -> r.artifactType("Model").source(s -> s.sourceUri("s3://nodes/model")))
        .artifactArn()).as("the same source on the other node").isEqualTo(artifactArn);

    b.updateExperiment(r -> r.experimentName("nodes-exp").description("from B"));
    assertThat(a.describeExperiment(r -> r.experimentName("nodes-exp")).description()).isEqualTo("from B");

    b.disassociateTrialComponent(r -> r.trialName("nodes-trial").trialComponentName("nodes-tc"));
    b.deleteTrialComponent(r -> r.trialComponentName("nodes-tc"));
    assertThat(catchNotFound(() -> a.describeTrialComponent(r -> r.trialComponentName("nodes-tc")))).isTrue();
    assertThat(a.listTrialComponents(r -> r.trialName("nodes-trial")).trialComponentSummaries()).isEmpty();
  }

  static boolean catchNotFound(Runnable call) {
    try {
      call.run();
      return false;
    } catch (ResourceNotFoundException e) {
      return true;
    }
  }

  /** The outcome of one create in a race: null for a success, else the error. */
  record Outcome(String node, SageMakerException error) {}

  List<Outcome> race(Consumer<SageMakerClient> createOnA, Consumer<SageMakerClient> createOnB, ExecutorService pool)
      throws Exception {
    CyclicBarrier start = new CyclicBarrier(2);
    Future<Outcome> onA = pool.submit(() -> attempt("A", start, () -> createOnA.accept(a)));
    Future<Outcome> onB = pool.submit(() -> attempt("B", start, () -> createOnB.accept(b)));
    return List.of(onA.get(30, TimeUnit.SECONDS), onB.get(30, TimeUnit.SECONDS));
  }

  static Outcome attempt(String node, CyclicBarrier start, Runnable create) throws Exception {
    start.await(30, TimeUnit.SECONDS);
    try {
      create.run();
      return new Outcome(node, null);
    } catch (SageMakerException e) {
      return new Outcome(node, e);
    }
  }

  static void assertOneWinner(List<Outcome> outcomes, String what) {
    assertThat(outcomes).as(what).filteredOn(o -> o.error() == null).hasSize(1);
    Outcome loser = outcomes.stream().filter(o -> o.error() != null).findFirst().orElseThrow();
    assertThat(loser.error().statusCode()).as(what).isEqualTo(400);
    assertThat(loser.error().awsErrorDetails().errorCode()).as(what).isEqualTo("ValidationException");
    assertThat(loser.error().awsErrorDetails().errorMessage()).as(what).contains("already exists");
  }

  @Test
  @DisplayName("concurrent creates of one name on both nodes give exactly one success, whatever the case")
  void concurrentCreatesOfOneName() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int i = 0; i < 20; i++) {
        String name = "race-" + i;
        List<Outcome> outcomes = race(c -> c.createExperiment(r -> r.experimentName(name.toUpperCase())),
            c -> c.createExperiment(r -> r.experimentName(name)), pool);
        assertOneWinner(outcomes, "CreateExperiment " + name);
        String winner = outcomes.get(0).error() == null ? name.toUpperCase() : name;
        assertThat(a.describeExperiment(r -> r.experimentName(name)).experimentName()).isEqualTo(winner);
        assertThat(b.describeExperiment(r -> r.experimentName(name)).experimentName()).isEqualTo(winner);

        assertOneWinner(race(c -> c.createTrial(r -> r.trialName(name + "-trial").experimentName(name)),
            c -> c.createTrial(r -> r.trialName(name + "-TRIAL").experimentName(name)), pool), "CreateTrial " + name);
        assertOneWinner(race(c -> c.createTrialComponent(r -> r.trialComponentName(name + "-tc")),
            c -> c.createTrialComponent(r -> r.trialComponentName(name + "-tc")), pool),
            "CreateTrialComponent " + name);

        // Idempotent operations race to the same end: both succeed, once.
        List<Outcome> associations = race(
            c -> c.associateTrialComponent(r -> r.trialName(name + "-trial").trialComponentName(name + "-tc")),
            c -> c.associateTrialComponent(r -> r.trialName(name + "-trial").trialComponentName(name + "-tc")), pool);
        assertThat(associations).as("AssociateTrialComponent " + name).allMatch(o -> o.error() == null);
        String uri = "s3://race/" + i;
        List<String> artifactArns = new CopyOnWriteArrayList<>();
        List<Outcome> artifacts = race(c -> artifactArns.add(c.createArtifact(r -> r.artifactType("Model")
                .source(s -> s.sourceUri(uri))).artifactArn()),
            c -> artifactArns.add(c.createArtifact(r -> r.artifactType("Model").source(s -> s.sourceUri(uri)))
                .artifactArn()), pool);
        assertThat(artifacts).as("CreateArtifact " + uri).allMatch(o -> o.error() == null);
        assertThat(artifactArns).hasSize(2).containsOnly(artifactArns.getFirst());
      }
      assertThat(a.listExperiments(r -> r.maxResults(100)).experimentSummaries()).hasSize(20);
      assertThat(b.listTrials(r -> r.maxResults(100)).trialSummaries()).hasSize(20);
      SearchResponse components = a.search(r -> r.resource(ResourceType.EXPERIMENT_TRIAL_COMPONENT).maxResults(100));
      assertThat(components.results()).hasSize(20).allSatisfy(record ->
          assertThat(record.trialComponent().parents()).as("associated once").hasSize(1));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName("a delete racing a new member on the other node: one of the two wins, never both")
  void deletesRacingNewMembers() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int i = 0; i < 15; i++) {
        String experiment = "del-race-" + i;
        a.createExperiment(r -> r.experimentName(experiment));
        List<Outcome> outcomes = race(c -> c.deleteExperiment(r -> r.experimentName(experiment)),
            c -> c.createTrial(r -> r.trialName(experiment + "-trial").experimentName(experiment)), pool);
        Outcome delete = outcomes.get(0);
        Outcome create = outcomes.get(1);
        assertThat(outcomes).as("DeleteExperiment against CreateTrial, round %d", i)
            .filteredOn(o -> o.error() == null).hasSize(1);
        if (delete.error() == null) {
          assertThat(create.error()).isInstanceOf(ResourceNotFoundException.class);
          assertThat(catchNotFound(() -> b.describeTrial(r -> r.trialName(experiment + "-trial")))).isTrue();
        } else {
          assertThat(delete.error().awsErrorDetails().errorCode()).isEqualTo("ValidationException");
          assertThat(b.describeTrial(r -> r.trialName(experiment + "-trial")).experimentName()).isEqualTo(experiment);
          assertThat(a.describeExperiment(r -> r.experimentName(experiment)).experimentName()).isEqualTo(experiment);
        }

        String trial = "del-race-trial-" + i;
        String component = "del-race-tc-" + i;
        a.createExperiment(r -> r.experimentName(trial));
        a.createTrial(r -> r.trialName(trial).experimentName(trial));
        a.createTrialComponent(r -> r.trialComponentName(component));
        outcomes = race(c -> c.deleteTrialComponent(r -> r.trialComponentName(component)),
            c -> c.associateTrialComponent(r -> r.trialName(trial).trialComponentName(component)), pool);
        assertThat(outcomes).as("DeleteTrialComponent against AssociateTrialComponent, round %d", i)
            .filteredOn(o -> o.error() == null).hasSize(1);
        List<String> members = b.listTrialComponents(r -> r.trialName(trial)).trialComponentSummaries().stream()
            .map(TrialComponentSummary::trialComponentName).toList();
        if (outcomes.get(0).error() == null) {
          assertThat(outcomes.get(1).error()).isInstanceOf(ResourceNotFoundException.class);
          assertThat(members).isEmpty();
        } else {
          assertThat(members).containsExactly(component);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * The race of {@link #deletesRacingNewMembers} made certain: another node's deletion of the trial component is
   * held uncommitted (a transaction of the test's own, as a node's would be) until the association, which found the
   * trial component, waits on it in its foreign key check; then it commits.
   */
  @Test
  @DisplayName("an association whose trial component is deleted on another node meanwhile is ResourceNotFound")
  void associationLosingToADeletion() throws Exception {
    a.createExperiment(r -> r.experimentName("held"));
    a.createTrial(r -> r.trialName("held-trial").experimentName("held"));
    a.createTrialComponent(r -> r.trialComponentName("held-tc"));
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (Connection deleter = DriverManager.getConnection(db.url());
        Connection observer = DriverManager.getConnection(db.url())) {
      deleter.setAutoCommit(false);
      int deleterPid;
      try (Statement s = deleter.createStatement()) {
        assertThat(s.executeUpdate("DELETE FROM entity WHERE kind = 3 AND name_key = 'held-tc'")).isEqualTo(1);
        try (ResultSet pid = s.executeQuery("SELECT pg_backend_pid()")) {
          pid.next();
          deleterPid = pid.getInt(1);
        }
      }
      Future<Throwable> association = pool.submit(() -> {
        try {
          b.associateTrialComponent(r -> r.trialName("held-trial").trialComponentName("held-tc"));
          return null;
        } catch (SageMakerException e) {
          return e;
        }
      });
      awaitBlockedBy(observer, deleterPid);
      deleter.commit();

      Throwable outcome = association.get(30, TimeUnit.SECONDS);
      assertThat(outcome).as("the association's answer").isInstanceOf(ResourceNotFoundException.class);
      assertThat(((SageMakerException) outcome).awsErrorDetails().errorMessage()).contains("'held-tc'");
    } finally {
      pool.shutdownNow();
    }
    assertThat(a.listTrialComponents(r -> r.trialName("held-trial")).trialComponentSummaries()).isEmpty();
  }

  /** Waits until a session of the database waits for a lock the given backend holds. */
  static void awaitBlockedBy(Connection observer, int pid) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    try (PreparedStatement blocked =
        observer.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE ? = ANY(pg_blocking_pids(pid))")) {
      blocked.setInt(1, pid);
      while (true) {
        try (ResultSet count = blocked.executeQuery()) {
          count.next();
          if (count.getInt(1) > 0) {
            return;
          }
        }
        assertThat(System.nanoTime()).as("a session waits for the deletion's lock").isLessThan(deadline);
        Thread.sleep(20); // polling PostgreSQL's view of the locks: there is no event to wait on from here
      }
    }
  }

  @Test
  @DisplayName("a NextToken from one node works on the other, for a Search and for a listing")
  void tokensCrossNodes() {
    a.createExperiment(r -> r.experimentName("tokens"));
    a.createTrial(r -> r.trialName("tokens-trial").experimentName("tokens"));
    List<String> names = IntStream.range(0, 25).mapToObj(i -> "tokens-tc-" + i).toList();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      SageMakerClient writer = i % 2 == 0 ? a : b;
      writer.createTrialComponent(r -> r.trialComponentName(name));
      writer.associateTrialComponent(r -> r.trialName("tokens-trial").trialComponentName(name));
    }

    List<String> searched = new ArrayList<>();
    List<SageMakerClient> turns = List.of(a, b, a);
    String token = null;
    for (int page = 0; page < 3; page++) {
      String next = token;
      SearchResponse r = turns.get(page).search(s -> s.resource(ResourceType.EXPERIMENT_TRIAL_COMPONENT)
          .searchExpression(equalsFilter("Parents.TrialName", "tokens-trial")).maxResults(10).nextToken(next));
      r.results().forEach(record -> searched.add(record.trialComponent().trialComponentName()));
      token = r.nextToken();
      if (page < 2) {
        assertThat(token).as("after page %d", page + 1).isNotNull();
      } else {
        assertThat(token).as("after the last page").isNull();
      }
    }
    assertThat(searched).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(names);

    List<String> listed = new ArrayList<>();
    token = null;
    for (int page = 0; page < 3; page++) {
      String next = token;
      var r = turns.get(page).listTrialComponents(l -> l.trialName("tokens-trial").maxResults(10).nextToken(next));
      r.trialComponentSummaries().forEach(s -> listed.add(s.trialComponentName()));
      token = r.nextToken();
    }
    assertThat(token).isNull();
    assertThat(listed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(names);
  }

  @Test
  @DisplayName("searches paged at the same time on both nodes each reach their end")
  void interleavedSearches() {
    for (String experiment : List.of("left", "right")) {
      a.createExperiment(r -> r.experimentName(experiment));
      a.createTrial(r -> r.trialName(experiment + "-trial").experimentName(experiment));
      for (int i = 0; i < 5; i++) {
        String name = experiment + "-tc-" + i;
        a.createTrialComponent(r -> r.trialComponentName(name));
        a.associateTrialComponent(r -> r.trialName(experiment + "-trial").trialComponentName(name));
      }
    }
    // ExperimentAnalytics of two experiments at once, one page at a time each, alternating nodes.
    Map<String, List<String>> found = new java.util.TreeMap<>();
    Map<String, String> tokens = new java.util.HashMap<>();
    for (int page = 0; page < 3; page++) {
      for (String experiment : List.of("left", "right")) {
        SageMakerClient client = (page + experiment.length()) % 2 == 0 ? a : b;
        String next = tokens.get(experiment);
        if (page > 0 && next == null) {
          continue;
        }
        SearchResponse r = client.search(s -> s.resource(ResourceType.EXPERIMENT_TRIAL_COMPONENT)
            .searchExpression(equalsFilter("Parents.ExperimentName", experiment)).maxResults(2).nextToken(next));
        r.results().forEach(record -> found.computeIfAbsent(experiment, k -> new ArrayList<>())
            .add(record.trialComponent().trialComponentName()));
        tokens.put(experiment, r.nextToken());
      }
    }
    assertThat(found.get("left")).hasSize(5).doesNotHaveDuplicates().allMatch(n -> n.startsWith("left-"));
    assertThat(found.get("right")).hasSize(5).doesNotHaveDuplicates().allMatch(n -> n.startsWith("right-"));
  }

  @Test
  @DisplayName("concurrent updates of one trial component through both nodes lose no parameter")
  void concurrentUpdatesLoseNothing() throws Exception {
    a.createTrialComponent(r -> r.trialComponentName("contended"));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    AtomicInteger conflicts = new AtomicInteger();
    try {
      CyclicBarrier start = new CyclicBarrier(4);
      List<Future<?>> writers = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        SageMakerClient client = w % 2 == 0 ? a : b;
        String prefix = "w" + w + "-";
        writers.add(pool.submit(() -> {
          start.await(30, TimeUnit.SECONDS);
          for (int i = 0; i < 10; i++) {
            String key = prefix + i;
            double value = i;
            while (true) {
              try {
                client.updateTrialComponent(r -> r.trialComponentName("contended")
                    .parameters(Map.of(key, TrialComponentParameterValue.builder().numberValue(value).build())));
                break;
              } catch (ConflictException e) {
                // The documented answer to an update that kept losing its race: send it again.
                conflicts.incrementAndGet();
              }
            }
          }
          return null;
        }));
      }
      for (Future<?> writer : writers) {
        writer.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    var parameters = b.describeTrialComponent(r -> r.trialComponentName("contended")).parameters();
    assertThat(parameters).as("%d ConflictExceptions on the way", conflicts.get()).hasSize(40);
    assertThat(a.describeTrialComponent(r -> r.trialComponentName("contended")).parameters()).isEqualTo(parameters);
  }
}
