package dev.stepwise.protocol.experiments;

import dev.stepwise.api.Principal;
import dev.stepwise.model.experiments.Artifact;
import dev.stepwise.model.experiments.ArtifactRequests;
import dev.stepwise.model.experiments.EntityKind;
import dev.stepwise.model.experiments.Experiment;
import dev.stepwise.model.experiments.ExperimentRequests;
import dev.stepwise.model.experiments.ListRequest;
import dev.stepwise.model.experiments.Page;
import dev.stepwise.model.experiments.SearchRecord;
import dev.stepwise.model.experiments.SearchRequest;
import dev.stepwise.model.experiments.SearchResults;
import dev.stepwise.model.experiments.Tag;
import dev.stepwise.model.experiments.TagRequests;
import dev.stepwise.model.experiments.Trial;
import dev.stepwise.model.experiments.TrialComponent;
import dev.stepwise.model.experiments.TrialComponentDetails;
import dev.stepwise.model.experiments.TrialComponentRequests;
import dev.stepwise.model.experiments.TrialRequests;
import dev.stepwise.protocol.Json;
import dev.stepwise.protocol.OperationCodec;
import java.io.OutputStream;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;

/**
 * The control plane's operations in AWS JSON 1.1 ({@code X-Amz-Target: SageMaker.<Operation>}): for each, how its
 * body is read (checked against the model's input shape, then decoded) and how its result is written. Thread-safe.
 */
public final class ExperimentsCodec {
  /** What {@code X-Amz-Target} starts with for this service, and the protocol's content type. */
  public static final String TARGET_PREFIX = "SageMaker.";
  public static final String CONTENT_TYPE = "application/x-amz-json-1.1";

  private final ServiceModel model = ServiceModel.load();
  private final RequestReader reader = new RequestReader(model);

  /** The names of the operations the model subset defines (each has a codec below). */
  public Set<String> operations() {
    return model.operations();
  }

  public OperationCodec<ExperimentRequests.Create, Experiment> createExperiment() {
    return codec("CreateExperiment", RequestDecoders::createExperiment,
        (w, e) -> w.arn("ExperimentArn", EntityKind.EXPERIMENT, e.key()));
  }

  public OperationCodec<String, Experiment> describeExperiment() {
    return codec("DescribeExperiment", s -> s.string("ExperimentName"), (w, e) -> w.experiment(e, false));
  }

  public OperationCodec<ExperimentRequests.Update, Experiment> updateExperiment() {
    return codec("UpdateExperiment", RequestDecoders::updateExperiment,
        (w, e) -> w.arn("ExperimentArn", EntityKind.EXPERIMENT, e.key()));
  }

  /** Answers the deleted experiment's ARN from its key. */
  public OperationCodec<String, String> deleteExperiment() {
    return codec("DeleteExperiment", s -> s.string("ExperimentName"),
        (w, key) -> w.arn("ExperimentArn", EntityKind.EXPERIMENT, key));
  }

  public OperationCodec<ListRequest<Void>, Page<Experiment>> listExperiments() {
    return codec("ListExperiments", RequestDecoders::listExperiments,
        (w, page) -> w.page("ExperimentSummaries", page, w::experimentSummary));
  }

  public OperationCodec<TrialRequests.Create, Trial> createTrial() {
    return codec("CreateTrial", RequestDecoders::createTrial, (w, t) -> w.arn("TrialArn", EntityKind.TRIAL, t.key()));
  }

  public OperationCodec<String, Trial> describeTrial() {
    return codec("DescribeTrial", s -> s.string("TrialName"), ResponseWriter::trial);
  }

  public OperationCodec<TrialRequests.Update, Trial> updateTrial() {
    return codec("UpdateTrial", RequestDecoders::updateTrial, (w, t) -> w.arn("TrialArn", EntityKind.TRIAL, t.key()));
  }

  public OperationCodec<String, String> deleteTrial() {
    return codec("DeleteTrial", s -> s.string("TrialName"), (w, key) -> w.arn("TrialArn", EntityKind.TRIAL, key));
  }

  public OperationCodec<ListRequest<TrialRequests.ListFilter>, Page<Trial>> listTrials() {
    return codec("ListTrials", RequestDecoders::listTrials, (w, page) -> w.page("TrialSummaries", page, w::trialSummary));
  }

  public OperationCodec<TrialRequests.Membership, TrialRequests.Membership> associateTrialComponent() {
    return codec("AssociateTrialComponent", RequestDecoders::membership, ExperimentsCodec::membership);
  }

  public OperationCodec<TrialRequests.Membership, TrialRequests.Membership> disassociateTrialComponent() {
    return codec("DisassociateTrialComponent", RequestDecoders::membership, ExperimentsCodec::membership);
  }

  private static void membership(ResponseWriter w, TrialRequests.Membership m) {
    w.arn("TrialComponentArn", EntityKind.TRIAL_COMPONENT, key(m.trialComponentName()));
    w.arn("TrialArn", EntityKind.TRIAL, key(m.trialName()));
  }

  public OperationCodec<TrialComponentRequests.Create, TrialComponent> createTrialComponent() {
    return codec("CreateTrialComponent", RequestDecoders::createTrialComponent,
        (w, c) -> w.arn("TrialComponentArn", EntityKind.TRIAL_COMPONENT, c.key()));
  }

  public OperationCodec<String, TrialComponentDetails> describeTrialComponent() {
    return codec("DescribeTrialComponent", s -> s.string("TrialComponentName"),
        (w, d) -> w.trialComponent(d.component(), d.metrics()));
  }

  public OperationCodec<TrialComponentRequests.Update, TrialComponent> updateTrialComponent() {
    return codec("UpdateTrialComponent", RequestDecoders::updateTrialComponent,
        (w, c) -> w.arn("TrialComponentArn", EntityKind.TRIAL_COMPONENT, c.key()));
  }

  public OperationCodec<String, String> deleteTrialComponent() {
    return codec("DeleteTrialComponent", s -> s.string("TrialComponentName"),
        (w, key) -> w.arn("TrialComponentArn", EntityKind.TRIAL_COMPONENT, key));
  }

  public OperationCodec<ListRequest<TrialComponentRequests.ListFilter>, Page<TrialComponent>> listTrialComponents() {
    return codec("ListTrialComponents", RequestDecoders::listTrialComponents,
        (w, page) -> w.page("TrialComponentSummaries", page, w::trialComponentSummary));
  }

  public OperationCodec<SearchRequest, SearchResults> search() {
    return codec("Search", RequestDecoders::search, ExperimentsCodec::searchResults);
  }

  /**
   * A search of trial components as {@code Search} reads one, for the dashboard: its {@code SearchExpression}
   * (JSON, or null for none), {@code SortBy} and {@code SortOrder} checked against the model exactly as Search's, so
   * that a bad one is refused with Search's own message.
   *
   * @throws dev.stepwise.api.ApiException SerializationException or ValidationException, as Search's
   */
  public SearchRequest trialComponentSearch(byte[] expression, String sortBy, String sortOrder) {
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream(64 + (expression == null ? 0
        : expression.length));
    try (JsonGenerator g = Json.FACTORY.createGenerator(ObjectWriteContext.empty(), body)) {
      g.writeStartObject();
      g.writeStringProperty("Resource", "ExperimentTrialComponent");
      if (expression != null) {
        g.writeName("SearchExpression");
        g.writeRawValue(new String(expression, java.nio.charset.StandardCharsets.UTF_8));
      }
      if (sortBy != null) {
        g.writeStringProperty("SortBy", sortBy);
      }
      if (sortOrder != null) {
        g.writeStringProperty("SortOrder", sortOrder);
      }
      g.writeEndObject();
    }
    return RequestDecoders.search(reader.read("Search", body.toByteArray()));
  }

  private static void searchResults(ResponseWriter w, SearchResults results) {
    w.list("Results", results.records(), (ResponseWriter writer, SearchRecord record) -> writer.searchRecord(record));
    w.optional("NextToken", results.nextToken());
    w.totalHits(results.totalHits());
  }

  public OperationCodec<ArtifactRequests.Create, Artifact> createArtifact() {
    return codec("CreateArtifact", RequestDecoders::createArtifact,
        (w, a) -> w.arn("ArtifactArn", EntityKind.ARTIFACT, a.key()));
  }

  /** Answers the two ARNs as they were sent. */
  public OperationCodec<ArtifactRequests.AddAssociation, ArtifactRequests.AddAssociation> addAssociation() {
    return codec("AddAssociation", RequestDecoders::addAssociation, (w, a) -> {
      w.optional("SourceArn", a.sourceArn());
      w.optional("DestinationArn", a.destinationArn());
    });
  }

  public OperationCodec<TagRequests.Add, List<Tag>> addTags() {
    return codec("AddTags", RequestDecoders::addTags, ResponseWriter::tags);
  }

  public OperationCodec<TagRequests.ListTags, Page<Tag>> listTags() {
    return codec("ListTags", RequestDecoders::listTags, (w, page) -> {
      w.tags(page.items());
      w.optional("NextToken", page.nextToken());
    });
  }

  public OperationCodec<TagRequests.Delete, Void> deleteTags() {
    return codec("DeleteTags", RequestDecoders::deleteTags, (w, nothing) -> {});
  }

  private static String key(String name) {
    return dev.stepwise.model.experiments.Entity.keyOf(name);
  }

  /** An operation whose body is checked against its input shape, then decoded; its answer one JSON object. */
  private <I, O> OperationCodec<I, O> codec(String operation, Function<Struct, I> decode,
      BiConsumer<ResponseWriter, O> encode) {
    model.input(operation); // fails at start-up, not on the first request, for a name the model lacks
    return new OperationCodec<>(operation, CONTENT_TYPE,
        body -> decode.apply(reader.read(operation, body)),
        (Principal caller, O result, OutputStream out) -> {
          try (JsonGenerator g = Json.FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
            g.writeStartObject();
            encode.accept(new ResponseWriter(g, caller), result);
            g.writeEndObject();
          }
        });
  }
}
