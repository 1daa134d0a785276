package dev.stepwise.protocol.experiments;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The input shapes of the control plane's operations, read once from the model subset in the jar (a test checks it
 * against SageMaker's own model, member for member).
 */
final class ServiceModel {
  static final String RESOURCE = "/model/sagemaker-experiments-inputs.json";

  private final Map<String, String> inputs;
  private final Map<String, Shape> shapes;

  private ServiceModel(Map<String, String> inputs, Map<String, Shape> shapes) {
    this.inputs = inputs;
    this.shapes = shapes;
  }

  static ServiceModel load() {
    try (InputStream in = ServiceModel.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the classpath");
      }
      return of(JsonTree.parseObject(in.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static ServiceModel of(Map<String, Object> model) {
    Map<String, String> inputs = new LinkedHashMap<>();
    ((Map<String, Object>) model.get("operations")).forEach((operation, definition) ->
        inputs.put(operation, (String) ((Map<String, Object>) definition).get("input")));
    Map<String, Shape> shapes = new HashMap<>();
    ((Map<String, Object>) model.get("shapes")).forEach((name, definition) ->
        shapes.put(name, shape(name, (Map<String, Object>) definition)));
    return new ServiceModel(inputs, shapes);
  }

  @SuppressWarnings("unchecked")
  private static Shape shape(String name, Map<String, Object> definition) {
    Map<String, String> members = new LinkedHashMap<>();
    Map<String, Object> declared = (Map<String, Object>) definition.getOrDefault("members", Map.of());
    declared.forEach((member, target) -> members.put(member, (String) ((Map<String, Object>) target).get("shape")));
    Set<String> required = new LinkedHashSet<>((List<String>) definition.getOrDefault("required", List.of()));
    String pattern = (String) definition.get("pattern");
    return new Shape(name, (String) definition.get("type"), members, required, target(definition, "member"),
        target(definition, "key"), target(definition, "value"), number(definition.get("min")),
        number(definition.get("max")), pattern == null ? null : Pattern.compile(pattern),
        new ArrayList<>((List<String>) definition.getOrDefault("enum", List.of())));
  }

  @SuppressWarnings("unchecked")
  private static String target(Map<String, Object> definition, String role) {
    Object target = definition.get(role);
    return target == null ? null : (String) ((Map<String, Object>) target).get("shape");
  }

  private static Long number(Object value) {
    return value == null ? null : ((java.math.BigDecimal) value).longValueExact();
  }

  /** The operations offered, by the name in {@code X-Amz-Target} after {@code SageMaker.}. */
  Set<String> operations() {
    return inputs.keySet();
  }

  Shape input(String operation) {
    String shape = inputs.get(operation);
    if (shape == null) {
      throw new IllegalArgumentException("the model subset has no operation " + operation);
    }
    return shape(shape);
  }

  Shape shape(String name) {
    Shape shape = shapes.get(name);
    if (shape == null) {
      throw new IllegalStateException("the model subset lacks the shape " + name);
    }
    return shape;
  }
}
