package dev.stepwise.http;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The {@code Date} header every response sends, from the server's clock (the AWS SDKs correct their clock skew from
 * it). Formatted once a second rather than once a response: at full ingest the formatter showed in profiles.
 */
final class HttpDate {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

  private record Formatted(long epochSecond, String text) {}

  private final Clock clock;
  private volatile Formatted last = new Formatted(Long.MIN_VALUE, "");

  HttpDate(Clock clock) {
    this.clock = clock;
  }

  String now() {
    long second = Math.floorDiv(clock.millis(), 1000);
    Formatted formatted = last;
    if (formatted.epochSecond() != second) {
      formatted = new Formatted(second, FORMAT.format(Instant.ofEpochSecond(second)));
      last = formatted; // racing threads format the same second; any of them may win
    }
    return formatted.text();
  }
}
