package dev.stepwise.protocol.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.api.ApiException;
import dev.stepwise.api.ErrorCode;
import dev.stepwise.api.Principal;
import dev.stepwise.model.experiments.ArtifactValue;
import dev.stepwise.model.experiments.Experiment;
import dev.stepwise.model.experiments.ListRequest;
import dev.stepwise.model.experiments.MetricSummary;
import dev.stepwise.model.experiments.ParameterValue;
import dev.stepwise.model.experiments.Parent;
import dev.stepwise.model.experiments.PrimaryStatus;
import dev.stepwise.model.experiments.SearchRecord;
import dev.stepwise.model.experiments.SearchRequest;
import dev.stepwise.model.experiments.SearchResults;
import dev.stepwise.model.experiments.Status;
import dev.stepwise.model.experiments.Tag;
import dev.stepwise.model.experiments.TrialComponent;
import dev.stepwise.model.experiments.TrialComponentRequests;
import dev.stepwise.protocol.OperationCodec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("ExperimentsCodec")
class ExperimentsCodecTest {
  private static final ExperimentsCodec CODEC = new ExperimentsCodec();
  private static final Principal CALLER = new Principal("123456789012", "eu-west-1");

  private static <I> I decode(OperationCodec<I, ?> codec, String json) {
    return codec.decoder().decode(json.getBytes(StandardCharsets.UTF_8));
  }

  private static <O> String encode(OperationCodec<?, O> codec, O result) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    codec.encoder().encode(CALLER, result, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  private static ApiException refusal(OperationCodec<?, ?> codec, String json) {
    try {
      decode(codec, json);
    } catch (ApiException e) {
      return e;
    }
    throw new AssertionError("decoded " + json + " without an error");
  }

  @Nested
  @DisplayName("reads")
  class Reads {
    @Test
    @DisplayName("a trial component with every member, times in epoch seconds to the millisecond")
    void createTrialComponent() {
      TrialComponentRequests.Create request = decode(CODEC.createTrialComponent(), """
          {"TrialComponentName": "Run-1", "DisplayName": "first", "Status": {"PrimaryStatus": "InProgress",
           "Message": "going"}, "StartTime": 1767323046.1239, "EndTime": 1767323100,
           "Parameters": {"lr": {"NumberValue": 0.01}, "optimizer": {"StringValue": "adam"}},
           "InputArtifacts": {"data": {"Value": "s3://b/train.csv", "MediaType": "text/csv"}},
           "Tags": [{"Key": "sagemaker:trial-component-source", "Value": "run"}], "Unknown": [1, 2]}""");

      assertThat(request.name()).isEqualTo("Run-1");
      assertThat(request.status()).isEqualTo(new Status(PrimaryStatus.InProgress, "going"));
      assertThat(request.startTimeMs()).isEqualTo(1_767_323_046_123L);
      assertThat(request.endTimeMs()).isEqualTo(1_767_323_100_000L);
      assertThat(request.parameters()).containsExactly(
          Map.entry("lr", ParameterValue.of(0.01)), Map.entry("optimizer", ParameterValue.of("adam")));
      assertThat(request.inputArtifacts()).containsExactly(
          Map.entry("data", new ArtifactValue("s3://b/train.csv", "text/csv")));
      assertThat(request.outputArtifacts()).isEmpty();
      assertThat(request.tags()).containsExactly(new Tag("sagemaker:trial-component-source", "run"));
    }

    @Test
    @DisplayName("a search expression with nested filters and sub-expressions, operators defaulting to Equals and And")
    void search() {
      SearchRequest request = decode(CODEC.search(), """
          {"Resource": "ExperimentTrialComponent", "SearchExpression": {
            "Filters": [{"Name": "Parameters.lr", "Operator": "GreaterThan", "Value": "0.01"}],
            "NestedFilters": [{"NestedPropertyName": "Parents", "Filters": [{"Name": "Parents.TrialName",
              "Value": "t"}]}],
            "SubExpressions": [{"Filters": [{"Name": "Tags.a", "Operator": "Exists"}], "Operator": "Or"}]},
           "SortBy": "Metrics.loss.Min", "SortOrder": "Ascending", "MaxResults": 100}""");

      SearchRequest.Expression e = request.expression();
      assertThat(e.operator()).isEqualTo(SearchRequest.BooleanOperator.And);
      assertThat(e.filters()).containsExactly(
          new SearchRequest.Filter("Parameters.lr", SearchRequest.Operator.GreaterThan, "0.01"));
      assertThat(e.nestedFilters().getFirst().filters()).containsExactly(
          new SearchRequest.Filter("Parents.TrialName", SearchRequest.Operator.Equals, "t"));
      assertThat(e.subExpressions().getFirst().operator()).isEqualTo(SearchRequest.BooleanOperator.Or);
      assertThat(request.descending()).isFalse();
      assertThat(request.maxResults()).isEqualTo(100);
    }

    @Test
    @DisplayName("a listing with SageMaker's defaults: by creation time, newest first")
    void listDefaults() {
      ListRequest<Void> request = decode(CODEC.listExperiments(), "{}");
      assertThat(request.sortBy()).isEqualTo(ListRequest.SortBy.CreationTime);
      assertThat(request.descending()).isTrue();
      assertThat(decode(CODEC.listExperiments(), "").maxResults()).as("an empty body is an empty object").isNull();
    }
  }

  @Nested
  @DisplayName("refuses")
  class Refuses {
    @Test
    @DisplayName("a value of the wrong JSON type with SerializationException naming the member")
    void wrongTypes() {
      assertThat(refusal(CODEC.createExperiment(), "{\"ExperimentName\": 5}"))
          .hasMessage("Expected ExperimentName to be a string but found a number.")
          .extracting(ApiException::code).isEqualTo(ErrorCode.SerializationException);
      assertThat(refusal(CODEC.createExperiment(), "{\"ExperimentName\": \"e\", \"Tags\": {\"Key\": \"k\"}}"))
          .hasMessage("Expected Tags to be an array but found an object.");
      assertThat(refusal(CODEC.listExperiments(), "{\"MaxResults\": 1.5}").code())
          .isEqualTo(ErrorCode.SerializationException);
      assertThat(refusal(CODEC.createTrialComponent(), "{\"TrialComponentName\": \"c\", \"StartTime\": \"now\"}"))
          .hasMessage("Expected StartTime to be a number of epoch seconds but found a string.");
    }

    @Test
    @DisplayName("a body that is not one JSON object with SerializationException")
    void notJson() {
      assertThat(refusal(CODEC.createExperiment(), "{\"ExperimentName\": \"e\"").code())
          .isEqualTo(ErrorCode.SerializationException);
      assertThat(refusal(CODEC.createExperiment(), "[]")).hasMessage("The request body must be a JSON object.");
      assertThat(refusal(CODEC.createExperiment(), "{\"ExperimentName\": \"a\", \"ExperimentName\": \"b\"}")
          .getMessage()).contains("Duplicate");
    }

    @Test
    @DisplayName("broken constraints with one ValidationException in AWS's words, all of them")
    void constraints() {
      String longName = "a".repeat(121);
      assertThat(refusal(CODEC.createExperiment(), "{\"ExperimentName\": \"" + longName + "\",\"Description\": 7}")
          .code()).isEqualTo(ErrorCode.SerializationException);
      ApiException e = refusal(CODEC.createExperiment(),
          "{\"ExperimentName\": \"" + longName + "\", \"Tags\": [{\"Key\": \"\", \"Value\": \"v\"}, null]}");
      assertThat(e.code()).isEqualTo(ErrorCode.ValidationException);
      assertThat(e.getMessage()).startsWith("4 validation errors detected: ")
          .contains("Value '" + longName + "' at 'experimentName' failed to satisfy constraint: Member must have"
              + " length less than or equal to 120")
          .contains("at 'experimentName' failed to satisfy constraint: Member must satisfy regular expression"
              + " pattern: [a-zA-Z0-9](-*[a-zA-Z0-9]){0,119}")
          .contains("Value '' at 'tags.1.member.key' failed to satisfy constraint: Member must have length greater"
              + " than or equal to 1")
          .contains("Value null at 'tags.2.member' failed to satisfy constraint: Member must not be null");
      assertThat(refusal(CODEC.createTrial(), "{\"TrialName\": \"t\"}"))
          .hasMessage("1 validation error detected: Value null at 'experimentName' failed to satisfy constraint:"
              + " Member must not be null");
      assertThat(refusal(CODEC.search(), "{\"Resource\": \"Nope\", \"MaxResults\": 101}").getMessage())
          .contains("at 'resource' failed to satisfy constraint: Member must satisfy enum value set:")
          .contains("Value '101' at 'maxResults' failed to satisfy constraint: Member must have value less than or"
              + " equal to 100");
      assertThat(refusal(CODEC.updateTrialComponent(),
          "{\"TrialComponentName\": \"c\", \"Status\": {\"PrimaryStatus\": \"Done\"}}").getMessage())
          .contains("at 'status.primaryStatus' failed to satisfy constraint: Member must satisfy enum value set:");
    }

    @Test
    @DisplayName("301 parameters, and a parameter that is neither or both a string and a number")
    void parameters() {
      String many = IntStream.range(0, 301).mapToObj(i -> "\"p" + i + "\": {\"NumberValue\": " + i + "}")
          .collect(Collectors.joining(", ", "{", "}"));
      assertThat(refusal(CODEC.createTrialComponent(), "{\"TrialComponentName\": \"c\", \"Parameters\": " + many + "}"))
          .hasMessage("1 validation error detected: Value '{301 entries}' at 'parameters' failed to satisfy"
              + " constraint: Member must have length less than or equal to 300");
      assertThat(refusal(CODEC.createTrialComponent(), "{\"TrialComponentName\": \"c\", \"Parameters\": {\"a\": {},"
          + " \"b\": {\"StringValue\": \"x\", \"NumberValue\": 1}}}"))
          .hasMessage("2 validation errors detected: Value 'a' at 'parameters.a.member' failed to satisfy"
              + " constraint: Member must have exactly one of StringValue and NumberValue; Value 'b' at"
              + " 'parameters.b.member' failed to satisfy constraint: Member must have exactly one of StringValue"
              + " and NumberValue");
      assertThat(refusal(CODEC.createTrialComponent(),
          "{\"TrialComponentName\": \"c\", \"Parameters\": {\"" + "k".repeat(321) + "\": {\"NumberValue\": 1}}}")
          .getMessage()).contains("at 'parameters' failed to satisfy constraint: Map keys must satisfy constraint:"
              + " [Member must have length less than or equal to 320");
    }
  }

  @Nested
  @DisplayName("writes")
  class Writes {
    private final TrialComponent component = new TrialComponent("Run-1", null, null,
        new Status(PrimaryStatus.Completed, null), 1_767_323_046_500L, null, 1_767_323_000_000L, 1_767_323_046_001L,
        Map.of("lr", ParameterValue.of(0.5)), Map.of(), Map.of(), null, List.of(new Tag("k", "v")));

    @Test
    @DisplayName("a search record with every member the SDK reads, empty maps included, ARNs in lower case")
    void searchRecord() {
      SearchResults results = new SearchResults(List.of(new SearchRecord.OfTrialComponent(component,
          List.of(new MetricSummary("loss", 1_767_323_046_000L, 0.1, 0.9, 0.2, 3, 0.4, 0.3)),
          List.of(new Parent("Default-Run-Group-e", "e")))), "token", 11);

      assertThat(encode(CODEC.search(), results)).isEqualTo("{\"Results\":[{\"TrialComponent\":{"
          + "\"TrialComponentName\":\"Run-1\","
          + "\"TrialComponentArn\":\"arn:aws:sagemaker:eu-west-1:123456789012:experiment-trial-component/run-1\","
          + "\"DisplayName\":\"Run-1\",\"Status\":{\"PrimaryStatus\":\"Completed\"},\"StartTime\":1767323046.5,"
          + "\"CreationTime\":1767323000,\"LastModifiedTime\":1767323046.001,"
          + "\"Parameters\":{\"lr\":{\"NumberValue\":0.5}},\"InputArtifacts\":{},\"OutputArtifacts\":{},"
          + "\"Metrics\":[{\"MetricName\":\"loss\",\"TimeStamp\":1767323046,\"Max\":0.9,\"Min\":0.1,\"Last\":0.2,"
          + "\"Count\":3,\"Avg\":0.4,\"StdDev\":0.3}],"
          + "\"Tags\":[{\"Key\":\"k\",\"Value\":\"v\"}],"
          + "\"Parents\":[{\"TrialName\":\"Default-Run-Group-e\",\"ExperimentName\":\"e\"}]}}],"
          + "\"NextToken\":\"token\",\"TotalHits\":{\"Value\":11,\"Relation\":\"EqualTo\"}}");
    }

    @Test
    @DisplayName("an experiment's description and display name, the name where none was given")
    void experiment() {
      Experiment experiment = new Experiment("Mnist", null, "digits", null, 1_000, 2_000, List.of());
      assertThat(encode(CODEC.describeExperiment(), experiment)).isEqualTo("{\"ExperimentName\":\"Mnist\","
          + "\"ExperimentArn\":\"arn:aws:sagemaker:eu-west-1:123456789012:experiment/mnist\","
          + "\"DisplayName\":\"Mnist\",\"Description\":\"digits\",\"CreationTime\":1,\"LastModifiedTime\":2}");
    }
  }
}
