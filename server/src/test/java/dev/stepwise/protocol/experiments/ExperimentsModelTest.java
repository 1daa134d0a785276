package dev.stepwise.protocol.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.model.experiments.ListRequest;
import dev.stepwise.model.experiments.PrimaryStatus;
import dev.stepwise.model.experiments.SearchRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The model subset the server validates requests with is SageMaker's own model, shape for shape: the reference
 * subset (a copy of the SageMaker API model's experiment operations, in test resources) is the judge.
 */
@DisplayName("The control plane's model subset")
class ExperimentsModelTest {
  @SuppressWarnings("unchecked")
  private static Map<String, Object> read(InputStream in) throws IOException {
    return JsonTree.parseObject(in.readAllBytes());
  }

  private static Map<String, Object> reference() throws IOException {
    try (InputStream in = ExperimentsModelTest.class.getResourceAsStream("/model/sagemaker-experiments-subset.json")) {
      return read(in);
    }
  }

  private static Map<String, Object> served() throws IOException {
    try (InputStream in = ExperimentsModelTest.class.getResourceAsStream(ServiceModel.RESOURCE)) {
      return read(in);
    }
  }

  /** What validation reads of a shape: everything but its documentation. */
  @SuppressWarnings("unchecked")
  private static Object withoutDocumentation(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      ((Map<String, Object>) map).forEach((k, v) -> {
        if (!k.equals("documentation")) {
          copy.put(k, withoutDocumentation(v));
        }
      });
      return copy;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(ExperimentsModelTest::withoutDocumentation).toList();
    }
    return value;
  }

  @Test
  @DisplayName("holds every input shape of the operations offered exactly as SageMaker's model defines it")
  @SuppressWarnings("unchecked")
  void shapesAreTheModels() throws IOException {
    Map<String, Object> reference = reference();
    Map<String, Object> referenceShapes = (Map<String, Object>) reference.get("shapes");
    Map<String, Object> referenceOperations = (Map<String, Object>) reference.get("operations");
    Map<String, Object> served = served();
    Map<String, Object> servedShapes = (Map<String, Object>) served.get("shapes");

    Deque<String> pending = new ArrayDeque<>();
    ((Map<String, Object>) served.get("operations")).forEach((operation, definition) -> {
      String input = (String) ((Map<String, Object>) definition).get("input");
      Map<String, Object> ref = (Map<String, Object>) referenceOperations.get(operation);
      assertThat(((Map<String, Object>) ref.get("input")).get("shape")).as(operation).isEqualTo(input);
      pending.add(input);
    });
    java.util.Set<String> reachable = new java.util.HashSet<>();
    while (!pending.isEmpty()) {
      String name = pending.pop();
      if (!reachable.add(name)) {
        continue;
      }
      Map<String, Object> shape = (Map<String, Object>) referenceShapes.get(name);
      assertThat(servedShapes.get(name)).as("shape " + name).isEqualTo(withoutDocumentation(shape));
      for (String role : List.of("member", "key", "value")) {
        if (shape.get(role) instanceof Map<?, ?> target) {
          pending.add((String) target.get("shape"));
        }
      }
      ((Map<String, Object>) shape.getOrDefault("members", Map.of())).values()
          .forEach(member -> pending.add((String) ((Map<String, Object>) member).get("shape")));
    }
    assertThat(servedShapes.keySet()).as("no shape beyond the operations' inputs").isEqualTo(reachable);
  }

  @Test
  @DisplayName("offers the operations the issue lists, and the server wires a codec to each")
  void operations() {
    assertThat(new ExperimentsCodec().operations()).containsExactlyInAnyOrder(
        "CreateExperiment", "DescribeExperiment", "UpdateExperiment", "DeleteExperiment", "ListExperiments",
        "CreateTrial", "DescribeTrial", "UpdateTrial", "DeleteTrial", "ListTrials",
        "CreateTrialComponent", "DescribeTrialComponent", "UpdateTrialComponent", "DeleteTrialComponent",
        "ListTrialComponents", "AssociateTrialComponent", "DisassociateTrialComponent", "Search",
        "CreateArtifact", "AddAssociation", "AddTags", "ListTags", "DeleteTags");
  }

  @Test
  @DisplayName("spells its enums as the model does")
  @SuppressWarnings("unchecked")
  void enums() throws IOException {
    Map<String, Object> shapes = (Map<String, Object>) served().get("shapes");
    assertThat(enumOf(shapes, "TrialComponentPrimaryStatus")).isEqualTo(names(PrimaryStatus.values()));
    assertThat(enumOf(shapes, "Operator")).isEqualTo(names(SearchRequest.Operator.values()));
    assertThat(enumOf(shapes, "BooleanOperator")).isEqualTo(names(SearchRequest.BooleanOperator.values()));
    assertThat(enumOf(shapes, "SortTrialComponentsBy")).isEqualTo(names(ListRequest.SortBy.values()));
    assertThat(enumOf(shapes, "SortExperimentsBy")).isEqualTo(names(ListRequest.SortBy.values()));
    assertThat(enumOf(shapes, "SortTrialsBy")).isEqualTo(names(ListRequest.SortBy.values()));
  }

  @SuppressWarnings("unchecked")
  private static List<String> enumOf(Map<String, Object> shapes, String shape) {
    return (List<String>) ((Map<String, Object>) shapes.get(shape)).get("enum");
  }

  private static List<String> names(Enum<?>[] constants) {
    return Arrays.stream(constants).map(Enum::name).toList();
  }
}
