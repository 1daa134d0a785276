package dev.stepwise.protocol;

import dev.stepwise.api.ApiException;
import dev.stepwise.api.ErrorCode;
import tools.jackson.core.JacksonException;

/** The {@code SerializationException}s of every JSON codec: bodies that are not JSON, or not of the right shape. */
public final class JsonFailures {
  private static final int MAX_REASON_CHARS = 160;

  private JsonFailures() {}

  public static ApiException serialization(String message) {
    return new ApiException(ErrorCode.SerializationException, message);
  }

  /** Jackson's own first line, short and with its position, but never its source excerpt or a stack trace. */
  public static ApiException unparsable(JacksonException e) {
    String message = e.getOriginalMessage() == null ? "malformed input" : e.getOriginalMessage();
    String firstLine = message.lines().findFirst().orElse("malformed input").replaceAll("\\p{Cntrl}", "?");
    String cut = firstLine.length() > MAX_REASON_CHARS ? firstLine.substring(0, MAX_REASON_CHARS) + "..." : firstLine;
    var location = e.getLocation();
    String reason = location == null || location.getLineNr() < 0
        ? cut
        : cut + " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    return serialization("The request body is not valid JSON: " + reason);
  }

  /** Jackson refuses numbers beyond its limits (an exponent past int range) with these. */
  public static ApiException numberOutOfRange() {
    return serialization("A number in the request body is out of range.");
  }
}
