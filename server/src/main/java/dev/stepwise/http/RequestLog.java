package dev.stepwise.http;

import dev.stepwise.observe.Telemetry;
import dev.stepwise.model.PutItemError;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What is recorded of every request once answered: its latency in the server's metrics, by operation and status,
 * and (unless turned off) one access-log line with the request id, operation, account, status, latency, the points
 * accepted and the items rejected by reason. Nothing from the request's headers or body is logged, so no secret can
 * be.
 */
final class RequestLog {
  private static final Logger ACCESS = LoggerFactory.getLogger("stepwise.access");
  private static final String STARTED = "stepwise.started";
  private static final String ACCOUNT = "stepwise.account";
  private static final String POINTS = "stepwise.points";
  private static final String OPERATION = "stepwise.operation";
  private static final String REJECTED = "stepwise.rejected";

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

  /** The operation the dispatcher found: one of the fixed set of operations the server offers. */
  static void operation(Context ctx, String operation) {
    ctx.attribute(OPERATION, operation);
  }

  static void points(Context ctx, int points) {
    ctx.attribute(POINTS, points);
  }

  /**
   * The items of a BatchPutMetrics not stored, counted by reason ({@code timestamp_in_future:2,step_negative:1}): the
   * caller gets a bare code per item, as from AWS, so this is where an operator learns why.
   */
  static void rejected(Context ctx, List<PutItemError> errors) {
    if (!errors.isEmpty()) {
      Map<String, Integer> counts = new TreeMap<>();
      errors.forEach(error -> counts.merge(error.reason().label(), 1, Integer::sum));
      StringJoiner text = new StringJoiner(",");
      counts.forEach((reason, n) -> text.add(reason + ":" + n));
      ctx.attribute(REJECTED, text.toString());
    }
  }

  void answered(Context ctx) {
    Long started = ctx.attribute(STARTED);
    long nanos = started == null ? 0 : System.nanoTime() - started;
    int status = ctx.statusCode();
    String operation = ctx.attribute(OPERATION);
    answered(RequestIds.of(ctx), operation != null ? operation : operation(ctx.method().name(), ctx.path(), status),
        ctx.attribute(ACCOUNT), status, nanos, ctx.attribute(POINTS), ctx.attribute(REJECTED));
  }

  void answered(String requestId, String operation, String account, int status, long nanos, Integer points,
      String rejected) {
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
          .addKeyValue("rejected", rejected)
          .log(String.format(Locale.ROOT, "request=%s operation=%s account=%s status=%d ms=%.2f points=%s%s",
              requestId, operation, account == null ? "-" : account, status, ms, points == null ? "-" : points,
              rejected == null ? "" : " rejected=" + rejected));
    }
  }

  /**
   * The label of a request no operation took (the dispatcher names those it takes): a small fixed set, so that the
   * metrics' label values stay bounded whatever paths clients send.
   */
  static String operation(String method, String path, int status) {
    if (path.equals("/BatchPutMetrics") && method.equals("PUT")) {
      return "BatchPutMetrics"; // refused before routing, under overload
    }
    if (path.equals("/BatchGetMetrics") && method.equals("POST")) {
      return "BatchGetMetrics";
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
    if (path.equals("/") && method.equals("POST")) {
      return "unknown"; // a JSON 1.1 request whose target names no operation
    }
    return path.startsWith("/ui/api/") ? "dashboard_api" : "dashboard";
  }
}
