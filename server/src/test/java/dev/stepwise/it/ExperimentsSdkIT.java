package dev.stepwise.it;

import static dev.stepwise.it.StepwiseTestServer.ACCOUNT;
import static dev.stepwise.it.StepwiseTestServer.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.tuple;

import dev.stepwise.config.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.core.SdkGlobalTime;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.ArtifactSourceIdType;
import software.amazon.awssdk.services.sagemaker.model.AssociationEdgeType;
import software.amazon.awssdk.services.sagemaker.model.BooleanOperator;
import software.amazon.awssdk.services.sagemaker.model.DescribeExperimentResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrialComponentResponse;
import software.amazon.awssdk.services.sagemaker.model.ExperimentSummary;
import software.amazon.awssdk.services.sagemaker.model.Filter;
import software.amazon.awssdk.services.sagemaker.model.Operator;
import software.amazon.awssdk.services.sagemaker.model.Parent;
import software.amazon.awssdk.services.sagemaker.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sagemaker.model.ResourceType;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;
import software.amazon.awssdk.services.sagemaker.model.SearchExpression;
import software.amazon.awssdk.services.sagemaker.model.SearchRecord;
import software.amazon.awssdk.services.sagemaker.model.SearchResponse;
import software.amazon.awssdk.services.sagemaker.model.SearchSortOrder;
import software.amazon.awssdk.services.sagemaker.model.Tag;
import software.amazon.awssdk.services.sagemaker.model.TrialComponentArtifact;
import software.amazon.awssdk.services.sagemaker.model.TrialComponentMetricSummary;
import software.amazon.awssdk.services.sagemaker.model.TrialComponentParameterValue;
import software.amazon.awssdk.services.sagemaker.model.TrialComponentPrimaryStatus;
import software.amazon.awssdk.services.sagemaker.model.TrialComponentSummary;
import software.amazon.awssdk.services.sagemaker.model.TrialSummary;
import software.amazon.awssdk.services.sagemakermetrics.SageMakerMetricsClient;
import software.amazon.awssdk.services.sagemakermetrics.model.RawMetricData;

/**
 * The SageMaker Experiments control plane driven by the AWS SDK for Java v2's {@code SageMakerClient}: creates,
 * describes, updates, associations, searches and listings as the SDK sends and parses them, its typed exceptions,
 * and, in secured mode, accounts that see nothing of each other.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
@DisplayName("SageMaker Experiments with the AWS SDK for Java v2")
class ExperimentsSdkIT {
  static String arn(String account, String type, String key) {
    return "arn:aws:sagemaker:" + StepwiseTestServer.REGION + ":" + account + ":" + type + "/" + key;
  }

  static SageMakerException sageMakerError(ThrowingCallable call) {
    SageMakerException e = catchThrowableOfType(SageMakerException.class, call);
    assertThat(e).as("the call fails with a SageMakerException").isNotNull();
    return e;
  }

  /** A 400 ValidationException (SageMaker's model has no class for it: the SDK gives a SageMakerException). */
  static SageMakerException assertValidation(ThrowingCallable call, String messagePart) {
    SageMakerException e = sageMakerError(call);
    assertThat(e.statusCode()).as(e.getMessage()).isEqualTo(400);
    assertThat(e.awsErrorDetails().errorCode()).as(e.getMessage()).isEqualTo("ValidationException");
    assertThat(e.awsErrorDetails().errorMessage()).contains(messagePart);
    return e;
  }

  static ResourceNotFoundException assertNotFound(ThrowingCallable call) {
    SageMakerException e = sageMakerError(call);
    assertThat(e).as(e.getMessage()).isInstanceOf(ResourceNotFoundException.class);
    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFound");
    return (ResourceNotFoundException) e;
  }

  static SearchExpression equalsFilter(String name, String value) {
    return SearchExpression.builder()
        .filters(Filter.builder().name(name).operator(Operator.EQUALS).value(value).build())
        .build();
  }

  static List<String> trialComponentNames(SearchResponse response) {
    return response.results().stream().map(r -> r.trialComponent().trialComponentName()).toList();
  }

  static TrialComponentParameterValue number(double value) {
    return TrialComponentParameterValue.builder().numberValue(value).build();
  }

  static TrialComponentParameterValue text(String value) {
    return TrialComponentParameterValue.builder().stringValue(value).build();
  }

  static TrialComponentArtifact artifact(String value, String mediaType) {
    return TrialComponentArtifact.builder().value(value).mediaType(mediaType).build();
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  @DisplayName("in local mode")
  class LocalMode {
    StepwiseTestServer server;
    SageMakerClient sageMaker;
    SageMakerMetricsClient metrics;

    @BeforeAll
    void start(@TempDir Path dir) {
      server = new StepwiseTestServer(dir);
      sageMaker = server.sageMaker();
      metrics = server.client();
    }

    @AfterAll
    void stop() {
      sageMaker.close();
      metrics.close();
      server.close();
    }

    @Test
    @DisplayName("an experiment is created, described, updated, listed and deleted as SageMaker does it")
    void experimentLifecycle() {
      String created = sageMaker.createExperiment(b -> b.experimentName("Sdk-Lifecycle").displayName("Lifecycle")
          .description("what the SDK sends").tags(Tag.builder().key("team").value("ml").build())).experimentArn();
      assertThat(created).isEqualTo(arn(ACCOUNT, "experiment", "sdk-lifecycle"));

      DescribeExperimentResponse described = sageMaker.describeExperiment(b -> b.experimentName("SDK-LIFECYCLE"));
      assertThat(described.experimentName()).isEqualTo("Sdk-Lifecycle");
      assertThat(described.experimentArn()).isEqualTo(created);
      assertThat(described.displayName()).isEqualTo("Lifecycle");
      assertThat(described.description()).isEqualTo("what the SDK sends");
      assertThat(described.creationTime()).isEqualTo(NOW);
      assertThat(described.lastModifiedTime()).isEqualTo(NOW);
      assertThat(described.source()).isNull();

      assertThat(sageMaker.updateExperiment(b -> b.experimentName("sdk-lifecycle").description("changed"))
          .experimentArn()).isEqualTo(created);
      described = sageMaker.describeExperiment(b -> b.experimentName("Sdk-Lifecycle"));
      assertThat(described.description()).isEqualTo("changed");
      assertThat(described.displayName()).as("a member not sent is not changed").isEqualTo("Lifecycle");

      List<ExperimentSummary> listed = sageMaker.listExperimentsPaginator(b -> b.maxResults(100))
          .experimentSummaries().stream().toList();
      assertThat(listed).filteredOn(s -> s.experimentArn().equals(created)).singleElement()
          .satisfies(s -> {
            assertThat(s.experimentName()).isEqualTo("Sdk-Lifecycle");
            assertThat(s.displayName()).isEqualTo("Lifecycle");
            assertThat(s.creationTime()).isEqualTo(NOW);
          });

      assertThat(sageMaker.deleteExperiment(b -> b.experimentName("SDK-lifecycle")).experimentArn())
          .isEqualTo(created);
      assertNotFound(() -> sageMaker.describeExperiment(b -> b.experimentName("Sdk-Lifecycle")));
      assertNotFound(() -> sageMaker.deleteExperiment(b -> b.experimentName("Sdk-Lifecycle")));
    }

    @Test
    @DisplayName("errors arrive as the SDK's typed exceptions, with SageMaker's codes and statuses")
    void typedErrors() {
      sageMaker.createExperiment(b -> b.experimentName("sdk-errors"));

      assertNotFound(() -> sageMaker.describeExperiment(b -> b.experimentName("sdk-no-such-experiment")));
      assertNotFound(() -> sageMaker.describeTrial(b -> b.trialName("sdk-no-such-trial")));
      assertNotFound(() -> sageMaker.describeTrialComponent(b -> b.trialComponentName("sdk-no-such-component")));
      assertNotFound(() -> sageMaker.createTrial(b -> b.trialName("sdk-orphan").experimentName("sdk-no-such")));
      assertNotFound(() -> sageMaker.updateTrialComponent(b -> b.trialComponentName("sdk-no-such-component")
          .displayName("x")));
      assertNotFound(() -> sageMaker.listTrials(b -> b.experimentName("sdk-no-such-experiment")));
      assertNotFound(() -> sageMaker.associateTrialComponent(b -> b.trialName("sdk-no-such-trial")
          .trialComponentName("sdk-no-such-component")));

      SageMakerException duplicate =
          assertValidation(() -> sageMaker.createExperiment(b -> b.experimentName("SDK-Errors")), "already exists");
      assertThat(duplicate).isNotInstanceOf(ResourceNotFoundException.class);
      SageMakerException badName =
          assertValidation(() -> sageMaker.createExperiment(b -> b.experimentName("bad_name")), "'experimentName'");
      assertThat(badName.awsErrorDetails().errorMessage()).doesNotContain("already exists");
      assertValidation(() -> sageMaker.createExperiment(b -> b.experimentName("a".repeat(121))),
          "Member must have length less than or equal to 120");
      assertValidation(() -> sageMaker.createTrialComponent(b -> b.trialComponentName("sdk-errors-tc")
          .tags(Tag.builder().key("aws:reserved").value("x").build())), "aws:");
      assertNotFound(() -> sageMaker.describeTrialComponent(b -> b.trialComponentName("sdk-errors-tc")));

      // The experiment is unchanged by every refusal.
      assertThat(sageMaker.describeExperiment(b -> b.experimentName("sdk-errors")).experimentName())
          .isEqualTo("sdk-errors");
    }

    @Test
    @DisplayName("a trial component's parameters, artifacts, status and metrics are described and updated by key")
    void trialComponent() {
      String name = "sdk-component";
      Instant start = NOW.minusSeconds(3_600);
      String tcArn = sageMaker.createTrialComponent(b -> b.trialComponentName(name).displayName("Component")
          .status(s -> s.primaryStatus(TrialComponentPrimaryStatus.IN_PROGRESS)).startTime(start)
          .parameters(Map.of("learning-rate", number(0.01), "optimizer", text("adam")))
          .inputArtifacts(Map.of("train", artifact("s3://bucket/train.csv", "text/csv")))
          .outputArtifacts(Map.of("model", artifact("s3://bucket/model.tar.gz", null)))
          .tags(Tag.builder().key("sagemaker:trial-component-source").value("run").build())).trialComponentArn();
      assertThat(tcArn).isEqualTo(arn(ACCOUNT, "experiment-trial-component", name));

      DescribeTrialComponentResponse d = sageMaker.describeTrialComponent(b -> b.trialComponentName(name));
      assertThat(d.trialComponentName()).isEqualTo(name);
      assertThat(d.trialComponentArn()).isEqualTo(tcArn);
      assertThat(d.displayName()).isEqualTo("Component");
      assertThat(d.status().primaryStatus()).isEqualTo(TrialComponentPrimaryStatus.IN_PROGRESS);
      assertThat(d.startTime()).isEqualTo(start);
      assertThat(d.endTime()).isNull();
      assertThat(d.creationTime()).isEqualTo(NOW);
      assertThat(d.parameters()).isEqualTo(Map.of("learning-rate", number(0.01), "optimizer", text("adam")));
      assertThat(d.inputArtifacts()).isEqualTo(Map.of("train", artifact("s3://bucket/train.csv", "text/csv")));
      assertThat(d.outputArtifacts()).isEqualTo(Map.of("model", artifact("s3://bucket/model.tar.gz", null)));
      assertThat(d.metrics()).isEmpty();

      // The ARN names it as well as the name does.
      assertThat(sageMaker.describeTrialComponent(b -> b.trialComponentName(tcArn)).trialComponentName())
          .isEqualTo(name);

      // Points through SageMaker Metrics are in the summary at once.
      List<Double> values = List.of(3.0, 1.0, 4.0, 1.5, 5.0);
      assertThat(metrics.batchPutMetrics(b -> b.trialComponentName(name).metricData(IntStream.range(0, 5)
          .mapToObj(i -> RawMetricData.builder().metricName("loss").timestamp(NOW.minusSeconds(600 - i))
              .step(i).value(values.get(i)).build()).toList())).hasErrors()).isFalse();
      TrialComponentMetricSummary loss = sageMaker.describeTrialComponent(b -> b.trialComponentName(name))
          .metrics().getFirst();
      assertThat(loss.metricName()).isEqualTo("loss");
      assertThat(loss.count()).isEqualTo(5);
      assertThat(loss.min()).isEqualTo(1.0);
      assertThat(loss.max()).isEqualTo(5.0);
      assertThat(loss.last()).isEqualTo(5.0);
      assertThat(loss.avg()).isCloseTo(2.9, offset(1e-12));
      assertThat(loss.stdDev()).isCloseTo(Math.sqrt(2.8), offset(1e-12));
      assertThat(loss.timeStamp()).isEqualTo(NOW.minusSeconds(596));

      // Maps are upserted by key; removals are by key; empty maps change nothing.
      sageMaker.updateTrialComponent(b -> b.trialComponentName(name).parameters(Map.of()).inputArtifacts(Map.of())
          .outputArtifacts(Map.of()));
      assertThat(sageMaker.describeTrialComponent(b -> b.trialComponentName(name)).parameters())
          .hasSize(2);
      sageMaker.updateTrialComponent(b -> b.trialComponentName(name)
          .status(s -> s.primaryStatus(TrialComponentPrimaryStatus.COMPLETED)).endTime(NOW.minusSeconds(60))
          .parameters(Map.of("epochs", number(3), "optimizer", text("sgd")))
          .parametersToRemove("learning-rate").inputArtifactsToRemove("train"));
      d = sageMaker.describeTrialComponent(b -> b.trialComponentName(name));
      assertThat(d.parameters()).isEqualTo(Map.of("epochs", number(3), "optimizer", text("sgd")));
      assertThat(d.inputArtifacts()).isEmpty();
      assertThat(d.outputArtifacts()).containsOnlyKeys("model");
      assertThat(d.status().primaryStatus()).isEqualTo(TrialComponentPrimaryStatus.COMPLETED);
      assertThat(d.endTime()).isEqualTo(NOW.minusSeconds(60));
      assertThat(d.startTime()).isEqualTo(start);
      assertThat(d.metrics()).hasSize(1);

      assertValidation(() -> sageMaker.updateTrialComponent(b -> b.trialComponentName(name)
          .parameters(Map.of("epochs", number(4))).parametersToRemove("epochs")), "ParametersToRemove");
      assertThat(sageMaker.describeTrialComponent(b -> b.trialComponentName(name)).parameters().get("epochs"))
          .isEqualTo(number(3));
    }

    @Test
    @DisplayName("trial components join and leave trials; listings and Parents follow")
    void associations() {
      sageMaker.createExperiment(b -> b.experimentName("Sdk-Assoc"));
      String trialArn = sageMaker.createTrial(b -> b.trialName("sdk-assoc-trial").experimentName("SDK-ASSOC"))
          .trialArn();
      sageMaker.createTrial(b -> b.trialName("sdk-assoc-other").experimentName("sdk-assoc"));
      assertThat(trialArn).isEqualTo(arn(ACCOUNT, "experiment-trial", "sdk-assoc-trial"));
      var trial = sageMaker.describeTrial(b -> b.trialName("SDK-Assoc-Trial"));
      assertThat(trial.trialName()).isEqualTo("sdk-assoc-trial");
      assertThat(trial.experimentName()).as("as the experiment was created").isEqualTo("Sdk-Assoc");
      sageMaker.updateTrial(b -> b.trialName("sdk-assoc-trial").displayName("Assoc-Trial"));
      assertThat(sageMaker.describeTrial(b -> b.trialName("sdk-assoc-trial")).displayName()).isEqualTo("Assoc-Trial");

      sageMaker.createTrialComponent(b -> b.trialComponentName("sdk-assoc-tc"));
      var associated = sageMaker.associateTrialComponent(b -> b.trialName("sdk-assoc-trial")
          .trialComponentName("sdk-assoc-tc"));
      assertThat(associated.trialArn()).isEqualTo(trialArn);
      assertThat(associated.trialComponentArn()).isEqualTo(arn(ACCOUNT, "experiment-trial-component", "sdk-assoc-tc"));
      sageMaker.associateTrialComponent(b -> b.trialName("sdk-assoc-trial").trialComponentName("sdk-assoc-tc"));
      sageMaker.associateTrialComponent(b -> b.trialName("sdk-assoc-other").trialComponentName("sdk-assoc-tc"));

      assertThat(sageMaker.listTrials(b -> b.trialComponentName("sdk-assoc-tc")).trialSummaries())
          .extracting(TrialSummary::trialName).containsExactlyInAnyOrder("sdk-assoc-trial", "sdk-assoc-other");
      assertThat(sageMaker.listTrials(b -> b.experimentName("Sdk-Assoc")).trialSummaries()).hasSize(2);
      assertThat(sageMaker.listTrialComponents(b -> b.trialName("sdk-assoc-trial")).trialComponentSummaries())
          .extracting(TrialComponentSummary::trialComponentName).containsExactly("sdk-assoc-tc");
      assertThat(sageMaker.listTrialComponents(b -> b.experimentName("sdk-assoc")).trialComponentSummaries())
          .extracting(TrialComponentSummary::trialComponentName).containsExactly("sdk-assoc-tc");
      List<Parent> parents = sageMaker.search(b -> b.resource(ResourceType.EXPERIMENT_TRIAL_COMPONENT)
          .searchExpression(equalsFilter("TrialComponentName", "sdk-assoc-tc"))).results().getFirst()
          .trialComponent().parents();
      assertThat(parents).extracting(Parent::trialName, Parent::experimentName).containsExactlyInAnyOrder(
          tuple("sdk-assoc-trial", "Sdk-Assoc"),
          tuple("sdk-assoc-other", "Sdk-Assoc"));

      // SageMaker's order of deletion: members first.
      assertValidation(() -> sageMaker.deleteTrialComponent(b -> b.trialComponentName("sdk-assoc-tc")),
          "DisassociateTrialComponent");
      assertValidation(() -> sageMaker.deleteTrial(b -> b.trialName("sdk-assoc-trial")), "trial components");
      assertValidation(() -> sageMaker.deleteExperiment(b -> b.experimentName("sdk-assoc")), "trials");

      sageMaker.disassociateTrialComponent(b -> b.trialName("sdk-assoc-trial").trialComponentName("sdk-assoc-tc"));
      sageMaker.disassociateTrialComponent(b -> b.trialName("sdk-assoc-other").trialComponentName("sdk-assoc-tc"));
      assertThat(sageMaker.listTrialComponents(b -> b.trialName("sdk-assoc-trial")).trialComponentSummaries())
          .isEmpty();
      assertThat(sageMaker.search(b -> b.resource(ResourceType.EXPERIMENT_TRIAL_COMPONENT)
          .searchExpression(equalsFilter("TrialComponentName", "sdk-assoc-tc"))).results().getFirst()
          .trialComponent().parents()).isEmpty();

      sageMaker.deleteTrialComponent(b -> b.trialComponentName("sdk-assoc-tc"));
      sageMaker.deleteTrial(b -> b.trialName("sdk-assoc-trial"));
      sageMaker.deleteTrial(b -> b.trialName("sdk-assoc-other"));
      sageMaker.deleteExperiment(b -> b.experimentName("sdk-assoc"));
      assertNotFound(() -> sageMaker.describeTrialComponent(b -> b.trialComponentName("sdk-assoc-tc")));
      assertNotFound(() -> sageMaker.describeTrial(b -> b.trialName("sdk-assoc-trial")));
    }

    @Test
    @DisplayName("Search finds experiments, trials and trial components by names, parameters, metrics and parents")
    void search() {
      sageMaker.createExperiment(b -> b.experimentName("sdk-search"));
      sageMaker.createTrial(b -> b.trialName("sdk-search-trial").experimentName("sdk-search"));
      for (int i = 0; i < 5; i++) {
        String name = "sdk-search-tc-" + i;
        double rate = 0.01 * (i + 1);
        sageMaker.createTrialComponent(b -> b.trialComponentName(name)
            .parameters(Map.of("learning-rate", number(rate), "kind", text(rate > 0.025 ? "big" : "small"))));
        sageMaker.associateTrialComponent(b -> b.trialName("sdk-search-trial").trialComponentName(name));
        double lossValue = 1.0 / (i + 1);
        metrics.batchPutMetrics(b -> b.trialComponentName(name).metricData(RawMetricData.builder()
            .metricName("loss").timestamp(NOW.minusSeconds(60)).value(lossValue).build()));
      }

      SearchResponse experiment = sageMaker.search(b -> b.resource(ResourceType.EXPERIMENT)
          .searchExpression(equalsFilter("ExperimentName", "SDK-Search")));
      assertThat(experiment.results()).extracting(r -> r.experiment().experimentName()).containsExactly("sdk-search");
      assertThat(experiment.totalHits().value()).isEqualTo(1L);

      SearchResponse trials = sageMaker.search(b -> b.resource(ResourceType.EXPERIMENT_TRIAL)
          .searchExpression(equalsFilter("ExperimentName", "sdk-search")));
      assertThat(trials.results()).singleElement().satisfies(r -> {
        assertThat(r.trial().trialName()).isEqualTo("sdk-search-trial");
        assertThat(r.trial().trialComponentSummaries()).hasSize(5);
      });

      SearchResponse bigRates = sageMaker.search(b -> b.resource(ResourceType.EXPERIMENT_TRIAL_COMPONENT)
          .searchExpression(e -> e.filters(
              Filter.builder().name("Parents.TrialName").operator(Operator.EQUALS).value("sdk-search-trial").build(),
              Filter.builder().name("Parameters.learning-rate").operator(Operator.GREATER_THAN).value("0.025")
                  .build()))
          .sortBy("Parameters.learning-rate").sortOrder(SearchSortOrder.ASCENDING));
      assertThat(trialComponentNames(bigRates)).containsExactly("sdk-search-tc-2", "sdk-search-tc-3",
          "sdk-search-tc-4");

      SearchResponse lowLoss = sageMaker.search(b -> b.resource(ResourceType.EXPERIMENT_TRIAL_COMPONENT)
          .searchExpression(e -> e.filters(Filter.builder().name("Metrics.loss.Max").operator(Operator.LESS_THAN)
                  .value("0.3").build())
              .nestedFilters(n -> n.nestedPropertyName("Parents").filters(Filter.builder()
                  .name("Parents.ExperimentName").operator(Operator.EQUALS).value("sdk-search").build())))
          .sortBy("Metrics.loss.Max").sortOrder(SearchSortOrder.DESCENDING));
      assertThat(trialComponentNames(lowLoss)).containsExactly("sdk-search-tc-3", "sdk-search-tc-4");
      assertThat(lowLoss.results().getFirst().trialComponent().metrics()).singleElement()
          .satisfies(m -> assertThat(m.max()).isEqualTo(0.25));

      SearchResponse either = sageMaker.search(b -> b.resource(ResourceType.EXPERIMENT_TRIAL_COMPONENT)
          .searchExpression(e -> e.operator(BooleanOperator.OR).subExpressions(
              equalsFilter("TrialComponentName", "sdk-search-tc-0"),
              equalsFilter("Parameters.kind", "small"))));
      assertThat(trialComponentNames(either)).containsExactlyInAnyOrder("sdk-search-tc-0", "sdk-search-tc-1");

      // The SDK's paginator follows NextToken to the end.
      List<String> paged = sageMaker.searchPaginator(b -> b.resource(ResourceType.EXPERIMENT_TRIAL_COMPONENT)
              .searchExpression(equalsFilter("Parents.ExperimentName", "sdk-search")).maxResults(2))
          .results().stream().map(SearchRecord::trialComponent).map(c -> c.trialComponentName()).toList();
      assertThat(paged).hasSize(5).doesNotHaveDuplicates();

      assertValidation(() -> sageMaker.search(b -> b.resource(ResourceType.TRAINING_JOB)), "ExperimentTrial");
      assertValidation(() -> sageMaker.search(b -> b.resource(ResourceType.EXPERIMENT_TRIAL_COMPONENT)
          .searchExpression(e -> e.filters(Filter.builder().name("Metrics.loss.Max").operator(Operator.LESS_THAN)
              .value("low").build()))), "number");
    }

    @Test
    @DisplayName("artifacts are known by their source; associations and tags name entities by ARN")
    void artifactsAssociationsAndTags() {
      String tcArn = sageMaker.createTrialComponent(b -> b.trialComponentName("sdk-lineage")).trialComponentArn();
      String artifactArn = sageMaker.createArtifact(b -> b.artifactName("curve").artifactType("PrecisionRecallCurve")
          .source(s -> s.sourceUri("s3://bucket/curve.json").sourceTypes(t -> t
              .sourceIdType(ArtifactSourceIdType.S3_E_TAG).value("etag")))).artifactArn();
      assertThat(artifactArn).matches("arn:aws:sagemaker:us-east-1:" + ACCOUNT + ":artifact/[0-9a-f]{32}");
      assertThat(sageMaker.createArtifact(b -> b.artifactName("curve").artifactType("PrecisionRecallCurve")
          .source(s -> s.sourceUri("s3://bucket/curve.json"))).artifactArn())
          .as("the same source again").isEqualTo(artifactArn);

      var association = sageMaker.addAssociation(b -> b.sourceArn(tcArn).destinationArn(artifactArn)
          .associationType(AssociationEdgeType.PRODUCED));
      assertThat(association.sourceArn()).isEqualTo(tcArn);
      assertThat(association.destinationArn()).isEqualTo(artifactArn);
      assertNotFound(() -> sageMaker.addAssociation(b -> b.sourceArn(tcArn)
          .destinationArn(arn(ACCOUNT, "artifact", "0".repeat(32))).associationType(AssociationEdgeType.PRODUCED)));

      sageMaker.addTags(b -> b.resourceArn(tcArn).tags(Tag.builder().key("team").value("ml").build(),
          Tag.builder().key("stage").value("dev").build()));
      sageMaker.addTags(b -> b.resourceArn(tcArn).tags(Tag.builder().key("stage").value("prod").build()));
      assertThat(sageMaker.listTags(b -> b.resourceArn(tcArn)).tags()).extracting(Tag::key, Tag::value)
          .containsExactlyInAnyOrder(tuple("team", "ml"),
              tuple("stage", "prod"));
      sageMaker.deleteTags(b -> b.resourceArn(tcArn).tagKeys("team"));
      assertThat(sageMaker.listTags(b -> b.resourceArn(tcArn)).tags()).extracting(Tag::key).containsExactly("stage");
      assertThat(sageMaker.search(b -> b.resource(ResourceType.EXPERIMENT_TRIAL_COMPONENT)
              .searchExpression(equalsFilter("TrialComponentName", "sdk-lineage"))).results().getFirst()
          .trialComponent().tags()).extracting(Tag::key).containsExactly("stage");

      sageMaker.addTags(b -> b.resourceArn(artifactArn).tags(Tag.builder().key("kind").value("curve").build()));
      assertThat(sageMaker.listTags(b -> b.resourceArn(artifactArn)).tags()).extracting(Tag::key)
          .containsExactly("kind");
      assertNotFound(() -> sageMaker.listTags(b -> b.resourceArn(arn(ACCOUNT, "experiment", "sdk-no-such"))));
      assertValidation(() -> sageMaker.addTags(b -> b.resourceArn(tcArn)
          .tags(Tag.builder().key("aws:owner").value("x").build())), "aws:");
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  @DisplayName("in secured mode")
  class SecuredMode {
    static final String KEY_A = "AKIAACCOUNTA00000001";
    static final String SECRET_A = "secretA/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    static final String KEY_B = "AKIAACCOUNTB00000002";
    static final String SECRET_B = "secretB+bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    static final String ACCOUNT_A = "111111111111";
    static final String ACCOUNT_B = "222222222222";

    StepwiseTestServer server;
    SageMakerClient a;
    SageMakerClient b;
    String experimentArn;
    String trialArn;
    String componentArn;
    String artifactArn;

    @BeforeAll
    void start(@TempDir Path dir) throws IOException {
      // A test before this one may have left the SDK's JVM-wide clock correction (learnt from a server with a fixed
      // clock) in place: these clients must sign with the true time.
      SdkGlobalTime.setGlobalTimeOffset(0);
      Path credentials = dir.resolve("credentials");
      Files.writeString(credentials, KEY_A + " " + SECRET_A + " " + ACCOUNT_A + "\n" + KEY_B + " " + SECRET_B + " "
          + ACCOUNT_B + "\n");
      // Secured mode checks X-Amz-Date against the server's clock: the true time.
      server = new StepwiseTestServer(ServerConfig.defaults().withPort(0).withDataDir(dir.resolve("data"))
          .toBuilder().credentialsFile(credentials).build(), Clock.systemUTC());
      a = server.sageMaker(AwsBasicCredentials.create(KEY_A, SECRET_A), 1);
      b = server.sageMaker(AwsBasicCredentials.create(KEY_B, SECRET_B), 1);

      experimentArn = a.createExperiment(r -> r.experimentName("secured-exp").description("A's")).experimentArn();
      trialArn = a.createTrial(r -> r.trialName("secured-trial").experimentName("secured-exp")).trialArn();
      componentArn = a.createTrialComponent(r -> r.trialComponentName("secured-tc")
          .parameters(Map.of("p", number(1)))).trialComponentArn();
      a.associateTrialComponent(r -> r.trialName("secured-trial").trialComponentName("secured-tc"));
      artifactArn = a.createArtifact(r -> r.artifactType("Model").source(s -> s.sourceUri("s3://a/model")))
          .artifactArn();
      a.addTags(r -> r.resourceArn(componentArn).tags(Tag.builder().key("owner").value("a").build()));
    }

    @AfterAll
    void stop() {
      a.close();
      b.close();
      server.close();
      // The SDK keeps the clock correction it learns in a JVM-wide offset; other tests sign with the true time.
      SdkGlobalTime.setGlobalTimeOffset(0);
    }

    @Test
    @DisplayName("an account creates, describes, updates, associates, searches and lists its own, under its ARNs")
    void ownEntities() {
      assertThat(experimentArn).isEqualTo(arn(ACCOUNT_A, "experiment", "secured-exp"));
      assertThat(trialArn).isEqualTo(arn(ACCOUNT_A, "experiment-trial", "secured-trial"));
      assertThat(componentArn).isEqualTo(arn(ACCOUNT_A, "experiment-trial-component", "secured-tc"));
      assertThat(artifactArn).startsWith("arn:aws:sagemaker:us-east-1:" + ACCOUNT_A + ":artifact/");

      a.updateTrialComponent(r -> r.trialComponentName("secured-tc").parameters(Map.of("q", text("signed")))
          .status(s -> s.primaryStatus(TrialComponentPrimaryStatus.COMPLETED)));
      DescribeTrialComponentResponse described = a.describeTrialComponent(r -> r.trialComponentName(componentArn));
      assertThat(described.parameters()).isEqualTo(Map.of("p", number(1), "q", text("signed")));
      assertThat(described.status().primaryStatus()).isEqualTo(TrialComponentPrimaryStatus.COMPLETED);
      assertThat(a.describeTrial(r -> r.trialName("secured-trial")).trialArn()).isEqualTo(trialArn);
      assertThat(a.listTrialComponents(r -> r.trialName("secured-trial")).trialComponentSummaries())
          .extracting(TrialComponentSummary::trialComponentArn).containsExactly(componentArn);
      assertThat(a.search(r -> r.resource(ResourceType.EXPERIMENT_TRIAL_COMPONENT)
              .searchExpression(equalsFilter("Parameters.q", "signed"))).results())
          .singleElement().satisfies(record -> assertThat(record.trialComponent().parents())
              .extracting(Parent::trialName).containsExactly("secured-trial"));
    }

    @Test
    @DisplayName("another account sees nothing of the first's experiments, trials and trial components")
    void listingsAndSearchesAreIsolated() {
      assertThat(b.listExperiments(r -> r.maxResults(100)).experimentSummaries()).isEmpty();
      assertThat(b.listTrials(r -> r.maxResults(100)).trialSummaries()).isEmpty();
      assertThat(b.listTrialComponents(r -> r.maxResults(100)).trialComponentSummaries()).isEmpty();
      for (ResourceType resource : List.of(ResourceType.EXPERIMENT, ResourceType.EXPERIMENT_TRIAL,
          ResourceType.EXPERIMENT_TRIAL_COMPONENT)) {
        SearchResponse found = b.search(r -> r.resource(resource));
        assertThat(found.results()).as("%s", resource).isEmpty();
        assertThat(found.totalHits().value()).isZero();
        assertThat(found.nextToken()).isNull();
      }
      assertNotFound(() -> b.describeExperiment(r -> r.experimentName("secured-exp")));
      assertNotFound(() -> b.describeTrial(r -> r.trialName("secured-trial")));
      assertNotFound(() -> b.describeTrialComponent(r -> r.trialComponentName("secured-tc")));
      assertNotFound(() -> b.listTrialComponents(r -> r.experimentName("secured-exp")));
      assertNotFound(() -> b.associateTrialComponent(r -> r.trialName("secured-trial")
          .trialComponentName("secured-tc")));

      assertThat(a.listExperiments(r -> r.maxResults(100)).experimentSummaries())
          .extracting(ExperimentSummary::experimentName).containsExactly("secured-exp");
      assertThat(a.search(r -> r.resource(ResourceType.EXPERIMENT_TRIAL_COMPONENT)).results()).hasSize(1);
    }

    @Test
    @DisplayName("another account's ARNs are AccessDeniedException for describe, tags and associations")
    void otherAccountsArnsAreDenied() {
      assertDenied(() -> b.describeTrialComponent(r -> r.trialComponentName(componentArn)));
      for (String arn : List.of(experimentArn, trialArn, componentArn, artifactArn)) {
        assertDenied(() -> b.addTags(r -> r.resourceArn(arn).tags(Tag.builder().key("k").value("v").build())));
        assertDenied(() -> b.listTags(r -> r.resourceArn(arn)));
        assertDenied(() -> b.deleteTags(r -> r.resourceArn(arn).tagKeys("owner")));
      }
      assertDenied(() -> b.addAssociation(r -> r.sourceArn(componentArn).destinationArn(artifactArn)
          .associationType(AssociationEdgeType.PRODUCED)));

      assertThat(a.listTags(r -> r.resourceArn(componentArn)).tags()).extracting(Tag::key, Tag::value)
          .containsExactly(tuple("owner", "a"));
      assertThat(a.listTags(r -> r.resourceArn(experimentArn)).tags()).isEmpty();
    }

    @Test
    @DisplayName("the same names in another account are another account's entities")
    void namesArePerAccount() {
      String arnB = b.createExperiment(r -> r.experimentName("Secured-Exp").description("B's")).experimentArn();
      try {
        assertThat(arnB).isEqualTo(arn(ACCOUNT_B, "experiment", "secured-exp"));
        assertThat(b.describeExperiment(r -> r.experimentName("secured-exp")).description()).isEqualTo("B's");
        assertThat(a.describeExperiment(r -> r.experimentName("secured-exp")).description()).isEqualTo("A's");
        assertValidation(() -> a.createExperiment(r -> r.experimentName("SECURED-EXP")), "already exists");
      } finally {
        b.deleteExperiment(r -> r.experimentName("secured-exp"));
      }
      assertThat(a.describeExperiment(r -> r.experimentName("secured-exp")).experimentArn()).isEqualTo(experimentArn);
    }

    @Test
    @DisplayName("a NextToken of one account is a ValidationException for another")
    void tokensArePerAccount() {
      a.createTrialComponent(r -> r.trialComponentName("secured-tc-2"));
      try {
        String searchToken = a.search(r -> r.resource(ResourceType.EXPERIMENT_TRIAL_COMPONENT).maxResults(1))
            .nextToken();
        assertThat(searchToken).isNotNull();
        assertValidation(() -> b.search(r -> r.resource(ResourceType.EXPERIMENT_TRIAL_COMPONENT).maxResults(1)
            .nextToken(searchToken)), "NextToken");
        String listToken = a.listTrialComponents(r -> r.maxResults(1)).nextToken();
        assertThat(listToken).isNotNull();
        assertValidation(() -> b.listTrialComponents(r -> r.maxResults(1).nextToken(listToken)), "NextToken");
        assertThat(a.listTrialComponents(r -> r.maxResults(1).nextToken(listToken)).trialComponentSummaries())
            .hasSize(1);
      } finally {
        a.deleteTrialComponent(r -> r.trialComponentName("secured-tc-2"));
      }
    }

    @Test
    @DisplayName("a wrong secret is refused with 403 InvalidSignatureException, and changes nothing")
    void wrongSecret() {
      try (SageMakerClient forged = server.sageMaker(AwsBasicCredentials.create(KEY_A, SECRET_B), 1)) {
        for (ThrowingCallable call : List.<ThrowingCallable>of(
            () -> forged.createExperiment(r -> r.experimentName("forged-exp")),
            () -> forged.updateExperiment(r -> r.experimentName("secured-exp").description("forged")),
            () -> forged.listExperiments(r -> r.maxResults(10)),
            () -> forged.search(r -> r.resource(ResourceType.EXPERIMENT)))) {
          SageMakerException e = sageMakerError(call);
          assertThat(e.statusCode()).isEqualTo(403);
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
          assertThat(e.awsErrorDetails().errorMessage()).doesNotContain(SECRET_A, SECRET_B);
        }
      }
      try (SageMakerClient unknown = server.sageMaker(AwsBasicCredentials.create("AKIAUNKNOWN000000000", SECRET_A),
          1)) {
        SageMakerException e = sageMakerError(() -> unknown.listExperiments(r -> r.maxResults(10)));
        assertThat(e.statusCode()).isEqualTo(403);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
      }
      assertThat(a.listExperiments(r -> r.maxResults(100)).experimentSummaries())
          .extracting(ExperimentSummary::experimentName).containsExactly("secured-exp");
      assertThat(a.describeExperiment(r -> r.experimentName("secured-exp")).description()).isEqualTo("A's");
    }

    void assertDenied(ThrowingCallable call) {
      SageMakerException e = sageMakerError(call);
      assertThat(e.statusCode()).as(e.getMessage()).isEqualTo(403);
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
      assertThat(e.awsErrorDetails().errorMessage()).contains(ACCOUNT_B).doesNotContain(SECRET_A, SECRET_B);
    }
  }
}
