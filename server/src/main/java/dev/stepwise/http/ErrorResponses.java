package dev.stepwise.http;

import dev.stepwise.api.ApiException;
import dev.stepwise.api.ErrorCode;
import dev.stepwise.protocol.ErrorBodies;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns an error into a response: HTTP status, {@code X-Amzn-Errortype} (read first by botocore,
 * the Java SDK and JS v3) and the body {@code {"__type","message"}} (read by JS v2, which lets it win).
 */
final class ErrorResponses {
  private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);

  private ErrorResponses() {}

  static void render(ApiException e, Context ctx) {
    if (e.code() == ErrorCode.ServiceUnavailable) {
      // The store is down: it logs that once, when it happens, rather than a stack trace for every request.
      log.debug("request {} answered {}: {}", RequestIds.of(ctx), e.code(), e.getMessage(), e.getCause());
    } else if (e.code().httpStatus() >= 500) {
      // The caller gets a short message; the operator needs the cause to act on.
      log.warn("request {} answered {}: {}", RequestIds.of(ctx), e.code(), e.getMessage(), e.getCause());
    }
    write(ctx, e.code(), e.getMessage());
  }

  /** Anything unexpected: logged with the request id, and the caller learns nothing of its insides. */
  static void renderUnexpected(Exception e, Context ctx) {
    log.error("request {} failed unexpectedly", RequestIds.of(ctx), e);
    write(ctx, ErrorCode.InternalFailure, "An internal error occurred. Request id: " + RequestIds.of(ctx));
  }

  static void write(Context ctx, ErrorCode code, String message) {
    ctx.status(code.httpStatus());
    ctx.header("X-Amzn-Errortype", code.name());
    if (code == ErrorCode.ThrottlingException || code == ErrorCode.ServiceUnavailable) {
      ctx.header("Retry-After", "1");
    }
    ctx.contentType("application/json");
    ctx.result(ErrorBodies.errorBody(code, message));
  }
}
