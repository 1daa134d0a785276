package dev.stepwise.bench.load;

import java.nio.charset.StandardCharsets;

/** A whole HTTP response: its status and body. */
public record HttpResponse(int status, byte[] body) {
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** Too many requests or unavailable: the server asks the client to come back, so the request is retried. */
  public boolean asksForRetry() {
    return status == 429 || status == 503;
  }
}
