package dev.stepwise.auth;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The parts of an HTTP request that SigV4 covers, as received.
 *
 * @param headers header values by lower-case name, in the order received
 */
public record SignedRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {
  public SignedRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(rawPath, "rawPath");
    headers = Map.copyOf(headers);
    Objects.requireNonNull(body, "body");
  }

  /** The first value of a header (name in any case), or null. */
  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
