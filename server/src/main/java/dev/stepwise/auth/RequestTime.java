package dev.stepwise.auth;

import dev.stepwise.api.ApiException;
import dev.stepwise.api.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** The signing time of a request ({@code X-Amz-Date}) and the clock-skew window around the server's clock. */
final class RequestTime {
  static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private RequestTime() {}

  static Instant parse(String amzDate) {
    try {
      return Instant.from(AMZ_DATE.parse(amzDate));
    } catch (DateTimeParseException e) {
      throw new ApiException(
          ErrorCode.IncompleteSignatureException,
          "X-Amz-Date must be in the ISO8601 basic format yyyyMMdd'T'HHmmss'Z'.");
    }
  }

  /**
   * A presigned request is good from its signing time (less the skew window, for a client whose clock is ahead)
   * until {@code expiresSeconds} after it.
   */
  static void requireUnexpired(Instant signedAt, long expiresSeconds, Instant now, Duration window) {
    requireWithinWindow(signedAt, now, window.plusSeconds(expiresSeconds));
    if (now.isAfter(signedAt.plusSeconds(expiresSeconds))) {
      throw new ApiException(ErrorCode.InvalidSignatureException, "Request has expired");
    }
  }

  /**
   * Refuses a signing time outside {@code now ± window}, in AWS's words, so that the SDKs recognise the error and
   * correct their clocks from the response's {@code Date} header.
   */
  static void requireWithinWindow(Instant signedAt, Instant now, Duration window) {
    String span = window.toSeconds() % 60 == 0 ? (window.toMinutes() + " min.") : (window.toSeconds() + " sec.");
    if (signedAt.isBefore(now.minus(window))) {
      throw new ApiException(
          ErrorCode.InvalidSignatureException,
          "Signature expired: " + AMZ_DATE.format(signedAt) + " is now earlier than " + AMZ_DATE.format(now.minus(window))
              + " (" + AMZ_DATE.format(now) + " - " + span + ")");
    }
    if (signedAt.isAfter(now.plus(window))) {
      throw new ApiException(
          ErrorCode.InvalidSignatureException,
          "Signature not yet current: " + AMZ_DATE.format(signedAt) + " is still later than "
              + AMZ_DATE.format(now.plus(window)) + " (" + AMZ_DATE.format(now) + " + " + span + ")");
    }
  }
}
