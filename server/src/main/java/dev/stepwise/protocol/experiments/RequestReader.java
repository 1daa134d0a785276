package dev.stepwise.protocol.experiments;

import dev.stepwise.api.ApiException;
import dev.stepwise.protocol.JsonFailures;
import dev.stepwise.protocol.ValidationErrors;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a request body against its operation's input shape, as AWS's JSON 1.1 services do: a value of the wrong JSON
 * type is a {@code SerializationException} (at the first one); then every broken constraint of the model (required
 * members, lengths, patterns, enums, ranges) is collected into one {@code ValidationException}, worded as AWS words
 * it: {@code 2 validation errors detected: Value 'x' at 'trialComponentName' failed to satisfy constraint: ...}.
 * Members the model does not know are ignored; JSON {@code null} is an absent member.
 */
final class RequestReader {
  private final ServiceModel model;

  RequestReader(ServiceModel model) {
    this.model = model;
  }

  /** The body as the operation's input structure. */
  Struct read(String operation, byte[] body) {
    Map<String, Object> json = JsonTree.parseObject(body);
    ValidationErrors errors = new ValidationErrors();
    Struct input = structure(json, model.input(operation), "", errors);
    errors.throwIfAny();
    return input;
  }

  private Object value(Object json, Shape shape, String path, String member, ValidationErrors errors) {
    return switch (shape.type()) {
      case "structure" -> {
        if (!(json instanceof Map<?, ?> object)) {
          throw wrongType(member, "an object", json);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) object;
        yield structure(fields, shape, path.isEmpty() ? "" : path + ".", errors);
      }
      case "list" -> list(json, shape, path, member, errors);
      case "map" -> map(json, shape, path, member, errors);
      case "string" -> {
        if (!(json instanceof String text)) {
          throw wrongType(member, "a string", json);
        }
        checkString(text, shape, path, errors);
        yield text;
      }
      case "integer", "long" -> {
        long number = integral(json, member, shape.type().equals("integer"));
        checkRange(number, shape, path, errors);
        yield number;
      }
      case "double" -> real(json, member);
      case "boolean" -> {
        if (!(json instanceof Boolean flag)) {
          throw wrongType(member, "a boolean", json);
        }
        yield flag;
      }
      case "timestamp" -> epochMillis(json, member);
      default -> throw new IllegalStateException("shape " + shape.name() + " has a type this reader does not know: "
          + shape.type());
    };
  }

  /** @param path the structure's own path and a dot, or empty for the request itself */
  private Struct structure(Map<String, Object> json, Shape shape, String path, ValidationErrors errors) {
    Map<String, Object> members = new LinkedHashMap<>();
    for (Map.Entry<String, String> member : shape.members().entrySet()) {
      Object given = json.get(member.getKey());
      String memberPath = path + lowerCamel(member.getKey());
      if (given == null || given == JsonTree.NULL) {
        if (shape.required().contains(member.getKey())) {
          errors.notNull(memberPath);
        }
        continue;
      }
      members.put(member.getKey(),
          value(given, model.shape(member.getValue()), memberPath, member.getKey(), errors));
    }
    return new Struct(members);
  }

  private List<Object> list(Object json, Shape shape, String path, String member, ValidationErrors errors) {
    if (!(json instanceof List<?> items)) {
      throw wrongType(member, "an array", json);
    }
    checkSize(items.size(), shape, path, "'[" + items.size() + " items]'", errors);
    Shape memberShape = model.shape(shape.member());
    List<Object> values = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      String itemPath = path + "." + (i + 1) + ".member";
      if (items.get(i) == JsonTree.NULL) {
        errors.notNull(itemPath);
        continue;
      }
      values.add(value(items.get(i), memberShape, itemPath, member, errors));
    }
    return values;
  }

  /**
   * A map's entries in order. Broken constraints of its keys and of scalar values are reported once each at the
   * map, as AWS reports them ("Map keys must satisfy constraint: [...]"); a structure value's members at their
   * own paths.
   */
  private Map<String, Object> map(Object json, Shape shape, String path, String member, ValidationErrors errors) {
    if (!(json instanceof Map<?, ?> object)) {
      throw wrongType(member, "an object", json);
    }
    checkSize(object.size(), shape, path, "'{" + object.size() + " entries}'", errors);
    Shape keyShape = model.shape(shape.key());
    Shape valueShape = model.shape(shape.value());
    boolean badKeys = false;
    boolean badValues = false;
    Map<String, Object> values = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : object.entrySet()) {
      String key = (String) entry.getKey();
      ValidationErrors keyErrors = new ValidationErrors();
      checkString(key, keyShape, path, keyErrors);
      badKeys |= !keyErrors.isEmpty();
      if (entry.getValue() == JsonTree.NULL) {
        errors.notNull(path + "." + key);
        continue;
      }
      if (valueShape.type().equals("structure")) {
        values.put(key, value(entry.getValue(), valueShape, path + "." + key + ".member", member, errors));
      } else {
        ValidationErrors valueErrors = new ValidationErrors();
        values.put(key, value(entry.getValue(), valueShape, path, member, valueErrors));
        badValues |= !valueErrors.isEmpty();
      }
    }
    if (badKeys) {
      errors.addRendered("'" + ValidationErrors.echo(object.keySet().toString()) + "'", path,
          "Map keys must satisfy constraint: [" + String.join(", ", constraints(keyShape)) + "]");
    }
    if (badValues) {
      errors.addRendered("'" + ValidationErrors.echo(object.values().toString()) + "'", path,
          "Map value must satisfy constraint: [" + String.join(", ", constraints(valueShape)) + "]");
    }
    return values;
  }

  private static List<String> constraints(Shape shape) {
    List<String> constraints = new ArrayList<>();
    if (shape.max() != null) {
      constraints.add("Member must have length less than or equal to " + shape.max());
    }
    if (shape.min() != null) {
      constraints.add("Member must have length greater than or equal to " + shape.min());
    }
    if (shape.pattern() != null) {
      constraints.add("Member must satisfy regular expression pattern: " + shape.pattern().pattern());
    }
    return constraints;
  }

  private static void checkString(String text, Shape shape, String path, ValidationErrors errors) {
    int length = text.codePointCount(0, text.length());
    if (shape.min() != null && length < shape.min()) {
      errors.add(text, path, "Member must have length greater than or equal to " + shape.min());
    }
    if (shape.max() != null && length > shape.max()) {
      errors.add(text, path, "Member must have length less than or equal to " + shape.max());
    }
    if (shape.pattern() != null && !shape.pattern().matcher(text).matches()) {
      errors.add(text, path, "Member must satisfy regular expression pattern: " + shape.pattern().pattern());
    }
    if (!shape.enumValues().isEmpty() && !shape.enumValues().contains(text)) {
      errors.add(text, path, "Member must satisfy enum value set: " + shape.enumValues());
    }
  }

  private static void checkSize(int size, Shape shape, String path, String shown, ValidationErrors errors) {
    if (shape.min() != null && size < shape.min()) {
      errors.addRendered(shown, path, "Member must have length greater than or equal to " + shape.min());
    }
    if (shape.max() != null && size > shape.max()) {
      errors.addRendered(shown, path, "Member must have length less than or equal to " + shape.max());
    }
  }

  private static void checkRange(long number, Shape shape, String path, ValidationErrors errors) {
    if (shape.min() != null && number < shape.min()) {
      errors.addRendered("'" + number + "'", path, "Member must have value greater than or equal to " + shape.min());
    }
    if (shape.max() != null && number > shape.max()) {
      errors.addRendered("'" + number + "'", path, "Member must have value less than or equal to " + shape.max());
    }
  }

  private static long integral(Object json, String member, boolean thirtyTwoBits) {
    if (!(json instanceof BigDecimal number)) {
      throw wrongType(member, "an integer", json);
    }
    try {
      long value = number.stripTrailingZeros().longValueExact();
      if (thirtyTwoBits && (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE)) {
        throw JsonFailures.serialization("Value of " + member + " is out of the range of a 32-bit integer.");
      }
      return value;
    } catch (ArithmeticException e) {
      throw JsonFailures.serialization("Value of " + member + " must be an integer within the range of a "
          + (thirtyTwoBits ? "32" : "64") + "-bit integer.");
    }
  }

  /** As Smithy's JSON protocols: a number, or one of the strings "NaN", "Infinity", "-Infinity". */
  private static double real(Object json, String member) {
    if (json instanceof BigDecimal number) {
      return number.doubleValue();
    }
    if (json instanceof Double nonFinite) {
      return nonFinite;
    }
    if (json instanceof String text) {
      return switch (text) {
        case "NaN" -> Double.NaN;
        case "Infinity" -> Double.POSITIVE_INFINITY;
        case "-Infinity" -> Double.NEGATIVE_INFINITY;
        default -> throw JsonFailures.serialization(
            "Value of " + member + " must be a number or one of \"NaN\", \"Infinity\", \"-Infinity\".");
      };
    }
    throw wrongType(member, "a number", json);
  }

  /** Epoch seconds, integer or fractional, to milliseconds exactly in decimal, rounding down. */
  private static long epochMillis(Object json, String member) {
    if (!(json instanceof BigDecimal seconds)) {
      throw wrongType(member, "a number of epoch seconds", json);
    }
    if (seconds.signum() == 0) {
      return 0;
    }
    // Digits before the point, checked before scaling so that 1e999999 costs nothing.
    long integerDigits = (long) seconds.precision() - seconds.scale();
    if (integerDigits > 16) {
      throw JsonFailures.serialization("Value of " + member + " is out of range for a timestamp.");
    }
    if (integerDigits < -3) {
      return seconds.signum() > 0 ? 0 : -1;
    }
    return seconds.movePointRight(3).setScale(0, RoundingMode.FLOOR).longValueExact();
  }

  private static ApiException wrongType(String member, String expected, Object found) {
    return JsonFailures.serialization("Expected " + member + " to be " + expected + " but found " + describe(found)
        + ".");
  }

  private static String describe(Object json) {
    return switch (json) {
      case Map<?, ?> map -> "an object";
      case List<?> list -> "an array";
      case String text -> "a string";
      case BigDecimal number -> "a number";
      case Double number -> "a number";
      case Boolean flag -> "a boolean";
      default -> "null";
    };
  }

  /** {@code ExperimentName} is {@code experimentName} in paths, as AWS writes them. */
  private static String lowerCamel(String member) {
    return member.substring(0, 1).toLowerCase(Locale.ROOT) + member.substring(1);
  }
}
