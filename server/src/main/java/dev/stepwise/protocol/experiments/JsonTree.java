package dev.stepwise.protocol.experiments;

import dev.stepwise.protocol.Json;
import dev.stepwise.protocol.JsonFailures;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;

/**
 * A JSON document as plain values: objects as ordered maps, arrays as lists, strings, numbers as {@link BigDecimal}
 * (exactly as written; bare {@code NaN} and {@code Infinity} tokens as {@link Double}), booleans, and {@link #NULL}.
 * A member given twice is refused, as the metrics codec refuses it.
 */
final class JsonTree {
  /** JSON's {@code null}. */
  static final Object NULL = new Object() {
    @Override
    public String toString() {
      return "null";
    }
  };

  private JsonTree() {}

  /**
   * The body's object; an empty body is an empty object, as AWS's JSON protocols read it.
   *
   * @throws dev.stepwise.api.ApiException SerializationException when it is not one JSON object
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> parseObject(byte[] body) {
    if (isBlank(body)) {
      return Map.of();
    }
    try (JsonParser p = Json.FACTORY.createParser(ObjectReadContext.empty(), body)) {
      JsonToken first = p.nextToken();
      if (first != JsonToken.START_OBJECT) {
        throw JsonFailures.serialization("The request body must be a JSON object.");
      }
      Object value = read(p);
      if (p.nextToken() != null) {
        throw JsonFailures.serialization("Unexpected content after the end of the JSON object.");
      }
      return (Map<String, Object>) value;
    } catch (JacksonException e) {
      throw JsonFailures.unparsable(e);
    } catch (ArithmeticException | NumberFormatException e) {
      throw JsonFailures.numberOutOfRange();
    }
  }

  private static Object read(JsonParser p) {
    JsonToken token = p.currentToken();
    return switch (token) {
      case START_OBJECT -> {
        Map<String, Object> object = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
          String name = p.currentName();
          p.nextToken();
          object.put(name, read(p));
        }
        yield object;
      }
      case START_ARRAY -> {
        List<Object> array = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          array.add(read(p));
        }
        yield array;
      }
      case VALUE_STRING -> p.getString();
      case VALUE_NUMBER_INT -> new BigDecimal(p.getBigIntegerValue());
      case VALUE_NUMBER_FLOAT -> p.isNaN() ? (Object) p.getDoubleValue() : p.getDecimalValue();
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> NULL;
      default -> throw JsonFailures.serialization("Unexpected JSON token " + token + ".");
    };
  }

  private static boolean isBlank(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return true;
  }
}
