package dev.stepwise.protocol;

import dev.stepwise.api.ApiException;
import dev.stepwise.api.ErrorCode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Typed reads of JSON members with the leniency real AWS clients need, and a {@code SerializationException} that
 * names the member for everything else. A JSON {@code null} reads as absent (Java null) for every member.
 */
final class JsonInput {
  private JsonInput() {}

  static ApiException serialization(String message) {
    return JsonFailures.serialization(message);
  }

  static void expectObjectStart(JsonToken token, String what) {
    if (token != JsonToken.START_OBJECT) {
      throw serialization("Expected " + what + " to be a JSON object but found " + describe(token) + ".");
    }
  }

  /** After the top-level object: nothing but whitespace may follow. */
  static void expectEnd(JsonParser parser) {
    if (parser.nextToken() != null) {
      throw serialization("Unexpected content after the end of the JSON object.");
    }
  }

  static String string(JsonParser p, JsonToken token, String member) {
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (token != JsonToken.VALUE_STRING) {
      throw wrongType(member, "a string", token);
    }
    return p.getString();
  }

  /** A JSON integer that fits in an {@code int}; fractions and larger numbers do not fit the model's Integer. */
  static Integer integer(JsonParser p, JsonToken token, String member) {
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (token != JsonToken.VALUE_NUMBER_INT) {
      throw wrongType(member, "an integer", token);
    }
    if (p.getNumberType() != JsonParser.NumberType.INT) {
      throw serialization("Value of " + member + " is out of the range of a 32-bit integer.");
    }
    return p.getIntValue();
  }

  /** A JSON integer that fits in a {@code long} (the model's Long). */
  static Long longInteger(JsonParser p, JsonToken token, String member) {
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (token != JsonToken.VALUE_NUMBER_INT) {
      throw wrongType(member, "an integer", token);
    }
    JsonParser.NumberType type = p.getNumberType();
    if (type != JsonParser.NumberType.INT && type != JsonParser.NumberType.LONG) {
      throw serialization("Value of " + member + " is out of the range of a 64-bit integer.");
    }
    return p.getLongValue();
  }

  /**
   * A double, liberal as the SDKs need: numbers in any notation, bare {@code NaN}/{@code Infinity} tokens (botocore
   * 1.29, CLI 2.9), the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"} (newer botocore, Java, JS v3).
   * Non-finite values are returned as such: rejecting them is an item rule, not a parse error.
   */
  static Double number(JsonParser p, JsonToken token, String member) {
    switch (token) {
      case VALUE_NULL:
        return null;
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return p.getDoubleValue();
      case VALUE_STRING:
        return switch (p.getString()) {
          case "NaN" -> Double.NaN;
          case "Infinity" -> Double.POSITIVE_INFINITY;
          case "-Infinity" -> Double.NEGATIVE_INFINITY;
          default -> throw serialization(
              "Value of " + member + " must be a number or one of \"NaN\", \"Infinity\", \"-Infinity\".");
        };
      default:
        throw wrongType(member, "a number", token);
    }
  }

  /**
   * An epoch-seconds timestamp as rest-json sends it (integer or fractional), converted to milliseconds exactly in
   * decimal, rounding down: {@code 1767323046.9996} is {@code 1767323046999}, {@code -0.5} is {@code -500}.
   */
  static Long epochMillis(JsonParser p, JsonToken token, String member) {
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
      throw wrongType(member, "a number of epoch seconds", token);
    }
    if (p.isNaN()) {
      throw serialization("Value of " + member + " must be a finite number of epoch seconds.");
    }
    BigDecimal seconds;
    try {
      seconds = p.getDecimalValue();
    } catch (NumberFormatException e) {
      throw serialization("Value of " + member + " is out of range for a timestamp."); // e.g. 17e7398400401
    }
    if (seconds.signum() == 0) {
      return 0L;
    }
    // Digits before the decimal point; negative for |t| < 0.1. Checked before any scaling, since rescaling 1e999999
    // or 1e-999999 would compute a power of ten with a million digits.
    long integerDigits = (long) seconds.precision() - seconds.scale();
    if (integerDigits > 16) {
      throw serialization("Value of " + member + " is out of range for a timestamp.");
    }
    if (integerDigits < -3) {
      return seconds.signum() > 0 ? 0L : -1L; // under a millisecond either side of the epoch, rounded down
    }
    return seconds.movePointRight(3).setScale(0, RoundingMode.FLOOR).longValueExact();
  }

  static ApiException wrongType(String member, String expected, JsonToken found) {
    return serialization("Expected " + member + " to be " + expected + " but found " + describe(found) + ".");
  }

  static String describe(JsonToken token) {
    if (token == null) {
      return "the end of the input";
    }
    return switch (token) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> token.name();
    };
  }
}
