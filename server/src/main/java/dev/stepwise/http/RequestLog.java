package dev.stepwise.http;

import dev.stepwise.observe.Telemetry;
import io.javalin.http.Context;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What is recorded of every request once answered: its latency in the server's metrics, by operation and status,
 * and (unless turned off) one access-log line with the request id, operation, account, status, latency and the
 * points accepted. Nothing from the request's headers or body is logged, so no secret can be.
 */
final class RequestLog {
  private static final Logger ACCESS = LoggerFactory.getLogger("stepwise.access");
  private static final String STARTED = "stepwise.started";
  private static final String ACCOUNT = "stepwise.account";
  private static final String POINTS = "stepwise.points";

  private final Telemetry telemetry;
  private final boolean accessLog;

  RequestLog(Telemetry telemetry, boolean accessLog) {
    this.telemetry = telemetry;
    this.accessLog = accessLog;
  }

  static void started(Context ctx) {
    ctx.attribute(STARTED, System.nanoTime());
  }

  static void account(Context ctx, String account) {
    ctx.attribute(ACCOUNT, account);
  }

  static void points(Context ctx, int points) {
    ctx.attribute(POINTS, points);
  }

  void answered(Context ctx) {
    Long started = ctx.attribute(STARTED);
    long nanos = started == null ? 0 : System.nanoTime() - started;
    int status = ctx.statusCode();
    answered(RequestIds.of(ctx), operation(ctx.method().name(), ctx.path(), status), ctx.attribute(ACCOUNT), status,
        nanos, ctx.attribute(POINTS));
  }

  void answered(String requestId, String operation, String account, int status, long nanos, Integer points) {
    telemetry.request(operation, status, nanos);
    if (accessLog && ACCESS.isInfoEnabled()) {
      // The text line for people; the same fields as key-value pairs for --log-format json.
      double ms = Math.round(nanos / 1e4) / 100.0;
      ACCESS.atInfo()
          .addKeyValue("request", requestId)
          .addKeyValue("operation", operation)
          .addKeyValue("account", account)
          .addKeyValue("status", status)
          .addKeyValue("ms", ms)
          .addKeyValue("points", points)
          .log(String.format(Locale.ROOT, "request=%s operation=%s account=%s status=%d ms=%.2f points=%s",
              requestId, operation, account == null ? "-" : account, status, ms, points == null ? "-" : points));
    }
  }

  /** A small fixed set, so that the metrics' label values stay bounded whatever paths clients send. */
  static String operation(String method, String path, int status) {
    if (path.equals("/BatchPutMetrics") && method.equals("PUT")) {
      return "BatchPutMetrics";
    }
    if (path.equals("/BatchGetMetrics") && method.equals("POST")) {
      return "BatchGetMetrics";
    }
    if (path.startsWith("/admin/trial-components/") && method.equals("DELETE")) {
      return "DeleteTrialComponent";
    }
    if (status == 404 || status == 405) {
      return "unknown";
    }
    if (path.startsWith("/health/")) {
      return "health";
    }
    if (path.equals("/metrics")) {
      return "metrics";
    }
    return path.startsWith("/api/") ? "dashboard_api" : "dashboard";
  }
}
