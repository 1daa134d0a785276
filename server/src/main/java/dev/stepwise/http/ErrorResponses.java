package dev.stepwise.http;

import dev.stepwise.api.ApiException;
import dev.stepwise.api.ErrorCode;
import dev.stepwise.protocol.ErrorBodies;
import dev.stepwise.protocol.experiments.ExperimentsCodec;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns an error into a response, for both AWS protocols and the dashboard. AWS's: HTTP status,
 * {@code X-Amzn-Errortype} (read first by botocore, the Java SDK and JS v3) and the body {@code {"__type","message"}}
 * (read by JS v2, which lets it win), in the request's protocol's content type. The dashboard's: a status and
 * {@code {"message"}}.
 */
final class ErrorResponses {
  private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);
  private static final String CONTENT_TYPE = "stepwise.error.content.type";
  private static final String DASHBOARD = "stepwise.error.dashboard";

  private ErrorResponses() {}

  /** The request is of the JSON 1.1 protocol: its errors carry that content type. */
  static void json11(Context ctx) {
    ctx.attribute(CONTENT_TYPE, ExperimentsCodec.CONTENT_TYPE);
  }

  /** The request is the dashboard's: its errors are {@code {"message"}} with a status, as its page reads them. */
  static void dashboard(Context ctx) {
    ctx.attribute(DASHBOARD, Boolean.TRUE);
  }

  /** Whether the request is the dashboard's, whose answers (a 404 among them) are its own. */
  static boolean isDashboard(Context ctx) {
    return Boolean.TRUE.equals(ctx.attribute(DASHBOARD));
  }

  static void render(ApiException e, Context ctx) {
    if (e.code() == ErrorCode.ServiceUnavailable) {
      // The store is down: it logs that once, when it happens, rather than a stack trace for every request.
      log.debug("request {} answered {}: {}", RequestIds.of(ctx), e.code(), e.getMessage(), e.getCause());
    } else if (e.httpStatus() >= 500) {
      // The caller gets a short message; the operator needs the cause to act on.
      log.warn("request {} answered {}: {}", RequestIds.of(ctx), e.code(), e.getMessage(), e.getCause());
    }
    if (isDashboard(ctx)) {
      dashboardMessage(ctx, e.httpStatus(), e.getMessage());
      return;
    }
    write(ctx, e.code(), e.httpStatus(), e.getMessage());
  }

  /** The dashboard's error body, {@code {"message": ...}}. */
  static void dashboardMessage(Context ctx, int status, String message) {
    ctx.status(status).contentType("application/json").result(ErrorBodies.dashboardBody(message));
  }

  /** Anything unexpected: logged with the request id, and the caller learns nothing of its insides. */
  static void renderUnexpected(Exception e, Context ctx) {
    log.error("request {} failed unexpectedly", RequestIds.of(ctx), e);
    render(new ApiException(ErrorCode.InternalFailure, "An internal error occurred. Request id: " + RequestIds.of(ctx)),
        ctx);
  }

  static void write(Context ctx, ErrorCode code, String message) {
    write(ctx, code, code.httpStatus(), message);
  }

  private static void write(Context ctx, ErrorCode code, int status, String message) {
    ctx.status(status);
    ctx.header("X-Amzn-Errortype", code.name());
    if (code == ErrorCode.ThrottlingException || code == ErrorCode.ServiceUnavailable) {
      ctx.header("Retry-After", "1");
    }
    String contentType = ctx.attribute(CONTENT_TYPE);
    ctx.contentType(contentType == null ? "application/json" : contentType);
    ctx.result(ErrorBodies.errorBody(code, message));
  }
}
