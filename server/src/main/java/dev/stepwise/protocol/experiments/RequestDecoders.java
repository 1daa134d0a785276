package dev.stepwise.protocol.experiments;

import dev.stepwise.model.experiments.ArtifactRequests;
import dev.stepwise.model.experiments.ArtifactSource;
import dev.stepwise.model.experiments.ArtifactValue;
import dev.stepwise.model.experiments.ExperimentRequests;
import dev.stepwise.model.experiments.ListRequest;
import dev.stepwise.model.experiments.MetadataProperties;
import dev.stepwise.model.experiments.ParameterValue;
import dev.stepwise.model.experiments.PrimaryStatus;
import dev.stepwise.model.experiments.SearchRequest;
import dev.stepwise.model.experiments.Status;
import dev.stepwise.model.experiments.Tag;
import dev.stepwise.model.experiments.TagRequests;
import dev.stepwise.model.experiments.TrialComponentRequests;
import dev.stepwise.model.experiments.TrialRequests;
import dev.stepwise.protocol.ValidationErrors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checked request structures to the records of {@code model.experiments}. */
final class RequestDecoders {
  private RequestDecoders() {}

  static ExperimentRequests.Create createExperiment(Struct s) {
    return new ExperimentRequests.Create(s.string("ExperimentName"), s.string("DisplayName"), s.string("Description"),
        tags(s));
  }

  static ExperimentRequests.Update updateExperiment(Struct s) {
    return new ExperimentRequests.Update(s.string("ExperimentName"), s.string("DisplayName"),
        s.string("Description"));
  }

  static TrialRequests.Create createTrial(Struct s) {
    return new TrialRequests.Create(s.string("TrialName"), s.string("DisplayName"), s.string("ExperimentName"),
        metadata(s.struct("MetadataProperties")), tags(s));
  }

  static TrialRequests.Update updateTrial(Struct s) {
    return new TrialRequests.Update(s.string("TrialName"), s.string("DisplayName"));
  }

  static TrialRequests.Membership membership(Struct s) {
    return new TrialRequests.Membership(s.string("TrialComponentName"), s.string("TrialName"));
  }

  static TrialComponentRequests.Create createTrialComponent(Struct s) {
    return new TrialComponentRequests.Create(s.string("TrialComponentName"), s.string("DisplayName"),
        status(s.struct("Status")), s.timestamp("StartTime"), s.timestamp("EndTime"), parameters(s),
        artifacts(s, "InputArtifacts"), artifacts(s, "OutputArtifacts"), metadata(s.struct("MetadataProperties")),
        tags(s));
  }

  static TrialComponentRequests.Update updateTrialComponent(Struct s) {
    return new TrialComponentRequests.Update(s.string("TrialComponentName"), s.string("DisplayName"),
        status(s.struct("Status")), s.timestamp("StartTime"), s.timestamp("EndTime"), parameters(s),
        s.list("ParametersToRemove"), artifacts(s, "InputArtifacts"), s.list("InputArtifactsToRemove"),
        artifacts(s, "OutputArtifacts"), s.list("OutputArtifactsToRemove"));
  }

  static ListRequest<Void> listExperiments(Struct s) {
    return list(s, null);
  }

  static ListRequest<TrialRequests.ListFilter> listTrials(Struct s) {
    return list(s, new TrialRequests.ListFilter(s.string("ExperimentName"), s.string("TrialComponentName")));
  }

  static ListRequest<TrialComponentRequests.ListFilter> listTrialComponents(Struct s) {
    return list(s, new TrialComponentRequests.ListFilter(s.string("ExperimentName"), s.string("TrialName"),
        s.string("SourceArn")));
  }

  /** SageMaker's defaults: by creation time, newest first. */
  private static <F> ListRequest<F> list(Struct s, F filter) {
    String sortBy = s.string("SortBy");
    String sortOrder = s.string("SortOrder");
    return new ListRequest<>(filter, s.timestamp("CreatedAfter"), s.timestamp("CreatedBefore"),
        sortBy == null ? ListRequest.SortBy.CreationTime : ListRequest.SortBy.valueOf(sortBy),
        sortOrder == null || sortOrder.equals("Descending"), s.integer("MaxResults"), s.string("NextToken"));
  }

  static SearchRequest search(Struct s) {
    String order = s.string("SortOrder");
    return new SearchRequest(s.string("Resource"),
        s.has("SearchExpression") ? expression(s.struct("SearchExpression")) : null, s.string("SortBy"),
        order == null ? null : order.equals("Descending"), s.integer("MaxResults"), s.string("NextToken"));
  }

  private static SearchRequest.Expression expression(Struct s) {
    List<SearchRequest.Filter> filters = new ArrayList<>();
    for (Struct filter : s.<Struct>list("Filters")) {
      filters.add(filter(filter));
    }
    List<SearchRequest.NestedFilter> nested = new ArrayList<>();
    for (Struct n : s.<Struct>list("NestedFilters")) {
      List<SearchRequest.Filter> nestedFilters = new ArrayList<>();
      for (Struct filter : n.<Struct>list("Filters")) {
        nestedFilters.add(filter(filter));
      }
      nested.add(new SearchRequest.NestedFilter(n.string("NestedPropertyName"), nestedFilters));
    }
    List<SearchRequest.Expression> subExpressions = new ArrayList<>();
    for (Struct sub : s.<Struct>list("SubExpressions")) {
      subExpressions.add(expression(sub));
    }
    SearchRequest.BooleanOperator operator = s.enumValue("Operator", SearchRequest.BooleanOperator.class);
    return new SearchRequest.Expression(filters, nested, subExpressions,
        operator == null ? SearchRequest.BooleanOperator.And : operator);
  }

  /** A filter without an operator compares for equality. */
  private static SearchRequest.Filter filter(Struct s) {
    SearchRequest.Operator operator = s.enumValue("Operator", SearchRequest.Operator.class);
    return new SearchRequest.Filter(s.string("Name"), operator == null ? SearchRequest.Operator.Equals : operator,
        s.string("Value"));
  }

  static ArtifactRequests.Create createArtifact(Struct s) {
    Struct source = s.struct("Source");
    List<ArtifactSource.SourceType> types = new ArrayList<>();
    for (Struct type : source.<Struct>list("SourceTypes")) {
      types.add(new ArtifactSource.SourceType(type.string("SourceIdType"), type.string("Value")));
    }
    return new ArtifactRequests.Create(s.string("ArtifactName"),
        new ArtifactSource(source.string("SourceUri"), types), s.string("ArtifactType"), s.map("Properties"),
        metadata(s.struct("MetadataProperties")), tags(s));
  }

  static ArtifactRequests.AddAssociation addAssociation(Struct s) {
    return new ArtifactRequests.AddAssociation(s.string("SourceArn"), s.string("DestinationArn"),
        s.string("AssociationType"));
  }

  static TagRequests.Add addTags(Struct s) {
    return new TagRequests.Add(s.string("ResourceArn"), tags(s));
  }

  static TagRequests.ListTags listTags(Struct s) {
    return new TagRequests.ListTags(s.string("ResourceArn"), s.integer("MaxResults"), s.string("NextToken"));
  }

  static TagRequests.Delete deleteTags(Struct s) {
    return new TagRequests.Delete(s.string("ResourceArn"), s.list("TagKeys"));
  }

  private static List<Tag> tags(Struct s) {
    List<Tag> tags = new ArrayList<>();
    for (Struct tag : s.<Struct>list("Tags")) {
      tags.add(new Tag(tag.string("Key"), tag.string("Value")));
    }
    return tags;
  }

  private static MetadataProperties metadata(Struct s) {
    return s == null ? null : new MetadataProperties(s.string("CommitId"), s.string("Repository"),
        s.string("GeneratedBy"), s.string("ProjectId"));
  }

  private static Status status(Struct s) {
    return s == null ? null : new Status(s.enumValue("PrimaryStatus", PrimaryStatus.class), s.string("Message"));
  }

  /** Each parameter is a string or a finite number, exactly one of the two. */
  private static Map<String, ParameterValue> parameters(Struct s) {
    Map<String, ParameterValue> parameters = new LinkedHashMap<>();
    ValidationErrors errors = new ValidationErrors();
    for (Map.Entry<String, Struct> entry : s.<Struct>map("Parameters").entrySet()) {
      Struct value = entry.getValue();
      String text = value.string("StringValue");
      Double number = value.number("NumberValue");
      String path = "parameters." + entry.getKey() + ".member";
      if ((text == null) == (number == null)) {
        errors.addRendered("'" + ValidationErrors.echo(entry.getKey()) + "'", path,
            "Member must have exactly one of StringValue and NumberValue");
      } else if (number != null && !Double.isFinite(number)) {
        errors.addRendered("'" + number + "'", path + ".numberValue", "Member must be a finite number");
      } else {
        parameters.put(entry.getKey(), new ParameterValue(text, number));
      }
    }
    errors.throwIfAny();
    return parameters;
  }

  private static Map<String, ArtifactValue> artifacts(Struct s, String member) {
    Map<String, ArtifactValue> artifacts = new LinkedHashMap<>();
    s.<Struct>map(member).forEach((key, value) ->
        artifacts.put(key, new ArtifactValue(value.string("Value"), value.string("MediaType"))));
    return artifacts;
  }
}
