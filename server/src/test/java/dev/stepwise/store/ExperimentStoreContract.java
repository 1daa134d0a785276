package dev.stepwise.store;

import static dev.stepwise.store.NewPoint.NO_STEP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.stepwise.model.experiments.Artifact;
import dev.stepwise.model.experiments.ArtifactSource;
import dev.stepwise.model.experiments.ArtifactValue;
import dev.stepwise.model.experiments.Entity;
import dev.stepwise.model.experiments.EntityKind;
import dev.stepwise.model.experiments.Experiment;
import dev.stepwise.model.experiments.MetadataProperties;
import dev.stepwise.model.experiments.ParameterValue;
import dev.stepwise.model.experiments.Parent;
import dev.stepwise.model.experiments.PrimaryStatus;
import dev.stepwise.model.experiments.Source;
import dev.stepwise.model.experiments.Status;
import dev.stepwise.model.experiments.Tag;
import dev.stepwise.model.experiments.Trial;
import dev.stepwise.model.experiments.TrialComponent;
import dev.stepwise.stats.BucketStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ExperimentStore} promises, as tests: each store runs them through {@link MetricStoreContract}
 * (a nested class there), on the store that also holds the metrics, since the two meet (appends create trial
 * components; deleting one deletes its metrics).
 */
public abstract class ExperimentStoreContract {
  protected static final Partition HERE = new Partition("111122223333", "us-east-1");
  private static final Partition OTHER_ACCOUNT = new Partition("444455556666", "us-east-1");
  private static final Partition OTHER_REGION = new Partition("111122223333", "eu-west-1");

  /** The store under test, open and empty. */
  protected abstract MetricStore store();

  private ExperimentStore experiments() {
    return store().experiments();
  }

  // ---- helpers ----

  protected static Experiment experiment(String name, long createdMs) {
    return new Experiment(name, null, "about " + name, null, createdMs, createdMs, List.of(new Tag("team", "a")));
  }

  protected static Trial trial(String name, String experiment, long createdMs) {
    return new Trial(name, "Trial " + name, experiment, null, new MetadataProperties("abc123", null, null, null),
        createdMs, createdMs, List.of());
  }

  protected static TrialComponent component(String name, long createdMs) {
    Map<String, ParameterValue> parameters = new LinkedHashMap<>();
    parameters.put("lr", ParameterValue.of(0.01));
    parameters.put("optimizer", ParameterValue.of("adam"));
    return new TrialComponent(name, "Run " + name, null, new Status(PrimaryStatus.InProgress, "started"),
        createdMs, null, createdMs, createdMs, parameters,
        Map.of("data", new ArtifactValue("s3://bucket/train.csv", "text/csv")), Map.of(), null,
        List.of(new Tag("sagemaker:trial-component-source", "run")));
  }

  private Entity find(EntityKind kind, String key) {
    return experiments().find(HERE, kind, key).map(Stored::entity).orElse(null);
  }

  private static List<String> keys(List<Entity> entities) {
    return entities.stream().map(Entity::key).toList();
  }

  private static EntityQuery query(EntityKind kind, Scope scope, EntityQuery.Order order, boolean descending,
      EntityQuery.Cursor after, int limit) {
    return new EntityQuery(kind, scope, null, null, null, order, descending, after, limit);
  }

  private void append(String trialComponent, long receivedMs, NewPoint... points) {
    store().append(new AppendBatch(HERE.account(), HERE.region(), trialComponent, List.of(points), receivedMs))
        .orTimeout(30, TimeUnit.SECONDS).join();
  }

  // ---- the contract ----

  @Test
  @DisplayName("keeps an entity exactly as inserted, found by its name in lower case")
  void roundTrip() {
    TrialComponent original = component("My-Run", 1_000);
    Artifact artifact = new Artifact("0123456789abcdef0123456789abcdef", "curve", "Image",
        new ArtifactSource("s3://b/k", List.of(new ArtifactSource.SourceType("S3ETag", "e1"))),
        Map.of("k", "v"), new MetadataProperties(null, "repo", "me", null), 5, 6, List.of(new Tag("a", "")));

    assertThat(experiments().insert(HERE, experiment("Exp", 1))).isTrue();
    assertThat(experiments().insert(HERE, trial("T1", "exp", 2))).isTrue();
    assertThat(experiments().insert(HERE, original)).isTrue();
    assertThat(experiments().insert(HERE, artifact)).isTrue();

    assertThat(find(EntityKind.TRIAL_COMPONENT, "my-run")).isEqualTo(original);
    assertThat(find(EntityKind.EXPERIMENT, "exp")).isEqualTo(experiment("Exp", 1));
    assertThat(find(EntityKind.TRIAL, "t1")).isEqualTo(trial("T1", "exp", 2));
    assertThat(find(EntityKind.ARTIFACT, artifact.id())).isEqualTo(artifact);
    assertThat(find(EntityKind.TRIAL_COMPONENT, "My-Run")).as("keys are lower case").isNull();
  }

  @Test
  @DisplayName("refuses a second entity of a kind whose name differs only in case, and keeps the first")
  void namesAreUniqueRegardlessOfCase() {
    assertThat(experiments().insert(HERE, experiment("Exp", 1))).isTrue();
    assertThat(experiments().insert(HERE, experiment("EXP", 2))).isFalse();

    assertThat(find(EntityKind.EXPERIMENT, "exp")).isEqualTo(experiment("Exp", 1));
    assertThat(experiments().insert(HERE, component("exp", 3))).as("another kind may use the name").isTrue();
  }

  @Test
  @DisplayName("keeps accounts and regions apart")
  void partitions() {
    experiments().insert(HERE, experiment("exp", 1));

    assertThat(experiments().find(OTHER_ACCOUNT, EntityKind.EXPERIMENT, "exp")).isEmpty();
    assertThat(experiments().insert(OTHER_ACCOUNT, experiment("exp", 2))).isTrue();
    assertThat(experiments().insert(OTHER_REGION, experiment("exp", 3))).isTrue();
    assertThat(experiments().list(OTHER_REGION,
        query(EntityKind.EXPERIMENT, Scope.ALL, EntityQuery.Order.NAME, false, null, 10)))
        .containsExactly(experiment("exp", 3));
  }

  @Test
  @DisplayName("inserts a trial only into an experiment that exists")
  void trialNeedsItsExperiment() {
    assertThatThrownBy(() -> experiments().insert(HERE, trial("t", "missing", 1)))
        .isInstanceOfSatisfying(EntityNotFoundException.class, e -> {
          assertThat(e.kind()).isEqualTo(EntityKind.EXPERIMENT);
          assertThat(e.key()).isEqualTo("missing");
        });
    assertThat(find(EntityKind.TRIAL, "t")).isNull();
  }

  @Test
  @DisplayName("replaces an entity only at the version read")
  void optimisticReplace() {
    experiments().insert(HERE, experiment("exp", 1));
    Stored read = experiments().find(HERE, EntityKind.EXPERIMENT, "exp").orElseThrow();
    Experiment changed = new Experiment("exp", "Shown", "new", null, 1, 50, List.of());

    assertThat(experiments().replace(HERE, read, changed)).isTrue();
    assertThat(experiments().replace(HERE, read, experiment("exp", 1))).as("a stale version").isFalse();
    assertThat(find(EntityKind.EXPERIMENT, "exp")).isEqualTo(changed);

    Stored again = experiments().find(HERE, EntityKind.EXPERIMENT, "exp").orElseThrow();
    assertThat(again.version()).isNotEqualTo(read.version());
    experiments().delete(HERE, EntityKind.EXPERIMENT, "exp");
    assertThat(experiments().replace(HERE, again, changed)).as("a deleted entity").isFalse();
  }

  @Test
  @DisplayName("lets exactly one of many concurrent inserts of one name win")
  void concurrentInserts() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Boolean>> inserts = IntStream.range(0, 16)
          .<Callable<Boolean>>mapToObj(i -> () -> experiments().insert(HERE, experiment(i % 2 == 0 ? "race" : "RACE", i)))
          .toList();
      long wins = 0;
      for (Future<Boolean> outcome : pool.invokeAll(inserts)) {
        wins += outcome.get() ? 1 : 0;
      }
      assertThat(wins).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName("refuses to delete what others still refer to, in SageMaker's order")
  void deletionOrder() {
    experiments().insert(HERE, experiment("exp", 1));
    experiments().insert(HERE, trial("t", "exp", 2));
    experiments().insert(HERE, component("c", 3));
    experiments().associate(HERE, "t", "c", 4);

    assertThatThrownBy(() -> experiments().delete(HERE, EntityKind.EXPERIMENT, "exp"))
        .isInstanceOf(EntityInUseException.class);
    assertThatThrownBy(() -> experiments().delete(HERE, EntityKind.TRIAL, "t"))
        .isInstanceOf(EntityInUseException.class);
    assertThatThrownBy(() -> experiments().delete(HERE, EntityKind.TRIAL_COMPONENT, "c"))
        .isInstanceOf(EntityInUseException.class);
    assertThat(find(EntityKind.TRIAL_COMPONENT, "c")).isNotNull();

    assertThat(experiments().disassociate(HERE, "t", "c")).isTrue();
    experiments().delete(HERE, EntityKind.TRIAL_COMPONENT, "c");
    experiments().delete(HERE, EntityKind.TRIAL, "t");
    experiments().delete(HERE, EntityKind.EXPERIMENT, "exp");
    assertThat(find(EntityKind.EXPERIMENT, "exp")).isNull();
    assertThatThrownBy(() -> experiments().delete(HERE, EntityKind.EXPERIMENT, "exp"))
        .isInstanceOf(EntityNotFoundException.class);
  }

  @Test
  @DisplayName("deletes a trial component's metrics with it, and an append then makes it again")
  void deletingATrialComponentDeletesItsMetrics() {
    experiments().insert(HERE, component("run", 3));
    append("run", 10, new NewPoint("loss", 1_000, 1, 0.5), new NewPoint("acc", 1_000, 1, 0.7));

    experiments().delete(HERE, EntityKind.TRIAL_COMPONENT, "run");

    SeriesKey loss = new SeriesKey(HERE.account(), HERE.region(), "run", "loss");
    List<Double> values = new ArrayList<>();
    store().scanByTime(loss, Long.MIN_VALUE, Long.MAX_VALUE, (t, s, v, q) -> values.add(v));
    assertThat(values).isEmpty();
    assertThat(store().seriesStats(HERE, List.of("run"), List.of())).isEmpty();
    assertThat(find(EntityKind.TRIAL_COMPONENT, "run")).isNull();

    append("run", 20, new NewPoint("loss", 2_000, 2, 0.25));
    assertThat(find(EntityKind.TRIAL_COMPONENT, "run")).isEqualTo(TrialComponent.implicit("run", 20));
  }

  @Test
  @DisplayName("makes the trial component of a first append an entity, and leaves an existing one as it is")
  void appendsCreateTrialComponents() {
    append("implicit-run", 42, new NewPoint("loss", 1_000, NO_STEP, 1.0));
    append("implicit-run", 99, new NewPoint("acc", 1_000, NO_STEP, 1.0));
    experiments().insert(HERE, component("Created-Run", 7));
    append("created-run", 50, new NewPoint("loss", 1_000, NO_STEP, 1.0));

    assertThat(find(EntityKind.TRIAL_COMPONENT, "implicit-run")).isEqualTo(TrialComponent.implicit("implicit-run", 42));
    assertThat(experiments().insert(HERE, component("implicit-run", 60))).isFalse();
    assertThat(find(EntityKind.TRIAL_COMPONENT, "created-run")).isEqualTo(component("Created-Run", 7));
  }

  @Test
  @DisplayName("keeps every series' statistics over all its points, duplicates counted once")
  void seriesStatistics() {
    append("run", 1, new NewPoint("loss", 3_000, 1, 4.0), new NewPoint("loss", 1_000, 0, 2.0));
    append("run", 2, new NewPoint("loss", 3_000, 1, 4.0), new NewPoint("loss", 120_000, 2, 9.0),
        new NewPoint("acc", 5_000, 0, 0.5));
    append("other", 3, new NewPoint("loss", 1_000, 0, 100.0));

    List<SeriesStats> loss = store().seriesStats(HERE, List.of("run"), List.of("loss"));
    assertThat(loss).hasSize(1);
    BucketStats stats = loss.getFirst().stats();
    assertThat(stats.count()).isEqualTo(3);
    assertThat(stats.min()).isEqualTo(2.0);
    assertThat(stats.max()).isEqualTo(9.0);
    assertThat(stats.mean()).isCloseTo(5.0, within(1e-12));
    assertThat(stats.stdDev()).isCloseTo(Math.sqrt(((9 + 1 + 16) / 2.0)), within(1e-12));
    assertThat(stats.last()).isEqualTo(9.0);
    assertThat(stats.lastTimestampMs()).isEqualTo(120_000);

    assertThat(store().seriesStats(HERE, List.of("run", "other", "missing"), List.of()))
        .extracting(s -> s.trialComponent() + "/" + s.metricName())
        .containsExactlyInAnyOrder("run/loss", "run/acc", "other/loss");
    assertThat(store().seriesStats(OTHER_ACCOUNT, List.of("run"), List.of())).isEmpty();
  }

  @Test
  @DisplayName("lists by name or creation time, either way, in pages that neither skip nor repeat")
  void listingOrderAndPages() {
    List<String> names = List.of("delta", "alpha", "Echo", "charlie", "bravo", "foxtrot", "golf");
    for (int i = 0; i < names.size(); i++) {
      experiments().insert(HERE, experiment(names.get(i), 100 + (i % 3))); // creation times collide on purpose
    }
    List<String> byName = List.of("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf");
    assertThat(pages(EntityQuery.Order.NAME, false)).isEqualTo(byName);
    assertThat(pages(EntityQuery.Order.NAME, true)).isEqualTo(byName.reversed());

    List<String> byCreation = List.of("charlie", "delta", "golf", "alpha", "bravo", "echo", "foxtrot");
    assertThat(pages(EntityQuery.Order.CREATION_TIME, false)).isEqualTo(byCreation);
    assertThat(pages(EntityQuery.Order.CREATION_TIME, true)).isEqualTo(byCreation.reversed());

    EntityQuery window = new EntityQuery(EntityKind.EXPERIMENT, Scope.ALL, 100L, 102L, null,
        EntityQuery.Order.NAME, false, null, 10);
    assertThat(keys(experiments().list(HERE, window))).containsExactly("alpha", "bravo");
  }

  private List<String> pages(EntityQuery.Order order, boolean descending) {
    List<String> all = new ArrayList<>();
    EntityQuery.Cursor after = null;
    while (true) {
      List<Entity> page = experiments().list(HERE, query(EntityKind.EXPERIMENT, Scope.ALL, order, descending, after, 3));
      page.forEach(e -> all.add(e.key()));
      if (page.size() < 3) {
        return all;
      }
      Entity last = page.getLast();
      after = new EntityQuery.Cursor(last.creationTimeMs(), last.key());
    }
  }

  @Test
  @DisplayName("lists and scans within experiments, trials and trial components")
  void scopes() {
    experiments().insert(HERE, experiment("e1", 1));
    experiments().insert(HERE, experiment("e2", 1));
    experiments().insert(HERE, trial("t1", "e1", 2));
    experiments().insert(HERE, trial("t2", "e1", 3));
    experiments().insert(HERE, trial("t3", "e2", 4));
    for (String c : List.of("c1", "c2", "c3", "c4")) {
      experiments().insert(HERE, component(c, 5));
    }
    experiments().associate(HERE, "t1", "c1", 6);
    experiments().associate(HERE, "t2", "c1", 6); // in two trials of one experiment: listed once
    experiments().associate(HERE, "t2", "c2", 6);
    experiments().associate(HERE, "t3", "c3", 6);

    assertThat(keys(list(EntityKind.TRIAL, new Scope.InExperiment("e1")))).containsExactly("t1", "t2");
    assertThat(keys(list(EntityKind.TRIAL_COMPONENT, new Scope.InExperiment("e1")))).containsExactly("c1", "c2");
    assertThat(keys(list(EntityKind.TRIAL_COMPONENT, new Scope.InTrial("t2")))).containsExactly("c1", "c2");
    assertThat(keys(list(EntityKind.TRIAL, new Scope.HoldingComponent("c1")))).containsExactly("t1", "t2");
    assertThat(keys(list(EntityKind.TRIAL_COMPONENT, new Scope.Only("c4")))).containsExactly("c4");
    assertThat(keys(list(EntityKind.TRIAL_COMPONENT, new Scope.InExperiment("missing")))).isEmpty();
    assertThat(keys(experiments().scan(HERE, EntityKind.TRIAL_COMPONENT, new Scope.InExperiment("e2"))))
        .containsExactly("c3");
    assertThat(keys(experiments().scan(HERE, EntityKind.TRIAL_COMPONENT, Scope.ALL)))
        .containsExactlyInAnyOrder("c1", "c2", "c3", "c4");
    assertThat(experiments().scanStubs(HERE, EntityKind.TRIAL_COMPONENT, new Scope.InExperiment("e1")))
        .containsExactlyInAnyOrder(new EntityStub("c1", 5, 5), new EntityStub("c2", 5, 5));
    assertThat(keys(experiments().findAll(HERE, EntityKind.TRIAL_COMPONENT, List.of("c4", "c2", "nope"))))
        .containsExactlyInAnyOrder("c2", "c4");

    assertThat(experiments().parents(HERE, List.of("c1", "c3", "c4"))).isEqualTo(Map.of(
        "c1", List.of(new Parent("t1", "e1"), new Parent("t2", "e1")),
        "c3", List.of(new Parent("t3", "e2"))));
    assertThat(experiments().members(HERE, List.of("t2", "t3")).get("t2"))
        .extracting(TrialComponent::key).containsExactly("c1", "c2");
  }

  @Test
  @DisplayName("finds the trial components that belong to no trial, and no trial there")
  void inNoTrial() {
    experiments().insert(HERE, experiment("e", 1));
    experiments().insert(HERE, trial("t", "e", 2));
    for (String c : List.of("c1", "c2", "c3")) {
      experiments().insert(HERE, component(c, 3));
    }
    experiments().insert(OTHER_ACCOUNT, component("elsewhere", 3));
    experiments().associate(HERE, "t", "c1", 4);

    assertThat(keys(list(EntityKind.TRIAL_COMPONENT, Scope.IN_NO_TRIAL))).containsExactly("c2", "c3");
    assertThat(keys(experiments().scan(HERE, EntityKind.TRIAL_COMPONENT, Scope.IN_NO_TRIAL)))
        .containsExactlyInAnyOrder("c2", "c3");
    assertThat(experiments().scanStubs(HERE, EntityKind.TRIAL_COMPONENT, Scope.IN_NO_TRIAL))
        .containsExactlyInAnyOrder(new EntityStub("c2", 3, 3), new EntityStub("c3", 3, 3));
    assertThat(list(EntityKind.TRIAL, Scope.IN_NO_TRIAL)).isEmpty();

    experiments().associate(HERE, "t", "c2", 5);
    experiments().disassociate(HERE, "t", "c1");
    assertThat(keys(list(EntityKind.TRIAL_COMPONENT, Scope.IN_NO_TRIAL))).containsExactly("c1", "c3");
  }

  @Test
  @DisplayName("counts each experiment's trial components once, and those in no trial, with their latest change"
      + " and point")
  void runActivity() {
    experiments().insert(HERE, experiment("E1", 1));
    experiments().insert(HERE, experiment("e2", 1));
    experiments().insert(HERE, experiment("empty", 1));
    experiments().insert(HERE, trial("t1", "e1", 2));
    experiments().insert(HERE, trial("t2", "e1", 2));
    experiments().insert(HERE, trial("t3", "e2", 2));
    experiments().insert(HERE, component("c1", 10));
    experiments().insert(HERE, component("c2", 30));
    experiments().insert(HERE, component("c3", 20));
    experiments().insert(HERE, component("c4", 40));
    experiments().insert(HERE, component("c5", 5));
    experiments().insert(OTHER_ACCOUNT, component("c9", 90));
    experiments().associate(HERE, "t1", "c1", 50);
    experiments().associate(HERE, "t2", "c1", 50); // in two trials of e1: counted once
    experiments().associate(HERE, "t2", "c2", 50);
    experiments().associate(HERE, "t3", "c3", 50);
    append("c1", 60, new NewPoint("loss", 70_000, 0, 1.0), new NewPoint("loss", 50_000, 1, 2.0));
    append("c2", 60, new NewPoint("acc", 10_000, NO_STEP, 0.5));
    append("c4", 60, new NewPoint("loss", 99_000, 0, 3.0));
    store().append(new AppendBatch(OTHER_ACCOUNT.account(), OTHER_ACCOUNT.region(), "c9",
        List.of(new NewPoint("loss", 123_000, 0, 3.0)), 60)).orTimeout(30, TimeUnit.SECONDS).join();

    assertThat(experiments().runActivity(HERE)).containsExactlyInAnyOrder(
        new RunActivity("e1", 2, 30, 70_000L),
        new RunActivity("e2", 1, 20, null),
        new RunActivity(null, 2, 40, 99_000L));
    assertThat(experiments().runActivity(OTHER_REGION)).isEmpty();

    experiments().disassociate(HERE, "t3", "c3");
    assertThat(experiments().runActivity(HERE)).containsExactlyInAnyOrder(
        new RunActivity("e1", 2, 30, 70_000L),
        new RunActivity(null, 3, 40, 99_000L));
  }

  @Test
  @DisplayName("lists the partitions that hold an experiment, trial or trial component, by account then region")
  void partitionsOfEntities() {
    assertThat(experiments().partitions()).isEmpty();
    experiments().insert(OTHER_REGION, experiment("e", 1));
    experiments().insert(HERE, component("c", 1));
    experiments().insert(OTHER_ACCOUNT, experiment("x", 1));
    experiments().insert(HERE, experiment("e", 1));
    assertThat(experiments().partitions()).containsExactlyElementsOf(
        java.util.stream.Stream.of(HERE, OTHER_REGION, OTHER_ACCOUNT).distinct()
            .sorted(java.util.Comparator.comparing(Partition::account).thenComparing(Partition::region)).toList());
    experiments().delete(HERE, EntityKind.TRIAL_COMPONENT, "c");
    experiments().delete(HERE, EntityKind.EXPERIMENT, "e");
    assertThat(experiments().partitions()).doesNotContain(HERE);
  }

  private List<Entity> list(EntityKind kind, Scope scope) {
    return experiments().list(HERE, query(kind, scope, EntityQuery.Order.NAME, false, null, 100));
  }

  @Test
  @DisplayName("lists trial components by their source ARN")
  void bySourceArn() {
    TrialComponent plain = component("plain", 1);
    TrialComponent fromJob = new TrialComponent("job-run", null,
        new Source("arn:aws:sagemaker:us-east-1:111122223333:training-job/job", "SageMakerTrainingJob"),
        null, null, null, 2, 2, Map.of(), Map.of(), Map.of(), null, List.of());
    experiments().insert(HERE, plain);
    experiments().insert(HERE, fromJob);

    EntityQuery bySource = new EntityQuery(EntityKind.TRIAL_COMPONENT, Scope.ALL, null, null,
        "arn:aws:sagemaker:us-east-1:111122223333:training-job/job", EntityQuery.Order.NAME, false, null, 10);
    assertThat(experiments().list(HERE, bySource)).containsExactly(fromJob);
  }

  @Test
  @DisplayName("associates idempotently, and only what exists")
  void associations() {
    experiments().insert(HERE, experiment("e", 1));
    experiments().insert(HERE, trial("t", "e", 1));
    experiments().insert(HERE, component("c", 1));

    assertThat(experiments().associate(HERE, "t", "c", 2)).isTrue();
    assertThat(experiments().associate(HERE, "t", "c", 3)).isFalse();
    assertThatThrownBy(() -> experiments().associate(HERE, "t", "nope", 4))
        .isInstanceOfSatisfying(EntityNotFoundException.class,
            e -> assertThat(e.kind()).isEqualTo(EntityKind.TRIAL_COMPONENT));
    assertThatThrownBy(() -> experiments().associate(HERE, "nope", "c", 4))
        .isInstanceOfSatisfying(EntityNotFoundException.class, e -> assertThat(e.kind()).isEqualTo(EntityKind.TRIAL));
    assertThat(experiments().disassociate(HERE, "t", "c")).isTrue();
    assertThat(experiments().disassociate(HERE, "t", "c")).isFalse();
  }

  @Test
  @DisplayName("records a lineage association once")
  void lineage() {
    String artifact = "arn:aws:sagemaker:us-east-1:111122223333:artifact/0123";
    String run = "arn:aws:sagemaker:us-east-1:111122223333:experiment-trial-component/run";
    assertThat(experiments().addLineage(HERE, artifact, run, "ContributedTo", 1)).isTrue();
    assertThat(experiments().addLineage(HERE, artifact, run, "ContributedTo", 2)).isFalse();
    assertThat(experiments().addLineage(HERE, run, artifact, "Produced", 2)).isTrue();
  }

  @Test
  @DisplayName("keeps one token key and the snapshots until they expire")
  void tokenKeyAndSnapshots() {
    assertThat(experiments().tokenKey()).hasSizeGreaterThanOrEqualTo(32).isEqualTo(experiments().tokenKey());

    experiments().saveSnapshot("s1", new byte[] {1, 2, 3}, 0, 1_000);
    assertThat(experiments().snapshot("s1", 999)).hasValueSatisfying(b -> assertThat(b).containsExactly(1, 2, 3));
    assertThat(experiments().snapshot("s1", 1_000)).isEmpty();
    assertThat(experiments().snapshot("s2", 0)).isEmpty();

    // Time is the caller's: saving another snapshot keeps the ones not expired by then, whatever the machine's clock.
    experiments().saveSnapshot("s2", new byte[] {4}, 0, 1_000);
    experiments().saveSnapshot("s3", new byte[] {5}, 500, 1_500);
    assertThat(experiments().snapshot("s2", 999)).hasValueSatisfying(b -> assertThat(b).containsExactly(4));
    assertThat(experiments().snapshot("s3", 1_499)).hasValueSatisfying(b -> assertThat(b).containsExactly(5));
  }
}
