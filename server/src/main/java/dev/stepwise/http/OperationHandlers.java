package dev.stepwise.http;

import dev.stepwise.api.Principal;
import dev.stepwise.auth.Authenticator;
import dev.stepwise.auth.SignedRequest;
import dev.stepwise.api.ApiException;
import dev.stepwise.api.ErrorCode;
import dev.stepwise.protocol.MetricsCodec;
import dev.stepwise.protocol.ModelConstraints;
import dev.stepwise.service.MetricQuery;
import dev.stepwise.service.MetricsService;
import dev.stepwise.service.PutItemError;
import dev.stepwise.service.PutMetricsCommand;
import dev.stepwise.service.QueryResult;
import io.javalin.http.Context;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** The two operations of the API: read, authenticate, decode, call the service, encode. Nothing else. */
final class OperationHandlers {
  private final Authenticator authenticator;
  private final MetricsService service;
  private final MetricsCodec codec;
  private final long maxBodyBytes;

  OperationHandlers(Authenticator authenticator, MetricsService service, MetricsCodec codec, long maxBodyBytes) {
    this.authenticator = authenticator;
    this.service = service;
    this.codec = codec;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** A request whose body is read (within the limit), whose caller is authenticated and whose body is JSON. */
  private static final Pattern TRIAL_COMPONENT_NAME =
      Pattern.compile(ModelConstraints.TRIAL_COMPONENT_NAME_PATTERN);

  private record Authenticated(Principal caller, byte[] body) {}

  private Authenticated authenticate(Context ctx) {
    byte[] body = RequestBodies.read(ctx, maxBodyBytes);
    Principal caller = authenticator.authenticate(signedRequest(ctx, body));
    RequestLog.account(ctx, caller.account());
    RequestBodies.requireJson(ctx);
    return new Authenticated(caller, body);
  }

  void batchPutMetrics(Context ctx) throws Exception {
    service.admitWrite();
    Authenticated request = authenticate(ctx);
    PutMetricsCommand command = codec.decodePut(request.body());
    List<PutItemError> errors = service.put(request.caller(), command);
    RequestLog.points(ctx, command.metricData().size() - errors.size());
    RequestLog.rejected(ctx, errors);
    ctx.contentType("application/json");
    try (OutputStream out = ctx.outputStream()) {
      codec.writePutResponse(errors, out);
    }
  }

  /**
   * {@code DELETE /admin/trial-components/{name}}, signed like the operations: deletes every metric of that trial
   * component in the caller's account and region. Answers {@code {"TrialComponentName": ..., "DeletedPoints": n}}.
   */
  void deleteTrialComponent(Context ctx) {
    String name = ctx.pathParam("name");
    byte[] body = RequestBodies.read(ctx, maxBodyBytes);
    Principal caller = authenticator.authenticate(signedRequest(ctx, body));
    RequestLog.account(ctx, caller.account());
    if (!TRIAL_COMPONENT_NAME.matcher(name).matches()) {
      throw new ApiException(ErrorCode.ValidationException,
          "1 validation error detected: Value '" + name.replaceAll("\\p{Cntrl}", "?")
              + "' at 'trialComponentName' failed to satisfy constraint: Member must satisfy regular expression"
              + " pattern: " + ModelConstraints.TRIAL_COMPONENT_NAME_PATTERN);
    }
    long deleted = service.deleteTrialComponent(caller, name);
    ctx.contentType("application/json")
        .result("{\"TrialComponentName\":\"" + name + "\",\"DeletedPoints\":" + deleted + "}");
  }

  void batchGetMetrics(Context ctx) throws Exception {
    Authenticated request = authenticate(ctx);
    List<MetricQuery> queries = codec.decodeGet(request.body());
    List<QueryResult> results = service.get(request.caller(), queries);
    ctx.contentType("application/json");
    try (OutputStream out = ctx.outputStream()) {
      codec.writeGetResponse(results, out);
    }
  }

  private static SignedRequest signedRequest(Context ctx, byte[] body) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String name : Collections.list(ctx.req().getHeaderNames())) {
      headers
          .computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .addAll(Collections.list(ctx.req().getHeaders(name)));
    }
    String path = ctx.req().getRequestURI();
    return new SignedRequest(ctx.req().getMethod(), path, ctx.req().getQueryString(), headers, body);
  }
}
