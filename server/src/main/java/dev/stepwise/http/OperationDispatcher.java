package dev.stepwise.http;

import dev.stepwise.api.ApiException;
import dev.stepwise.api.ErrorCode;
import dev.stepwise.api.Principal;
import dev.stepwise.auth.Authenticator;
import dev.stepwise.auth.SignedRequest;
import dev.stepwise.protocol.OperationCodec;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The one way into the service for both AWS protocols: a rest-json operation is found by its method and path, a JSON
 * 1.1 operation by {@code POST /} and its {@code X-Amz-Target}; then every operation goes the same way: admission,
 * the body within its limit, the SigV4 caller, the JSON check, the codec's decoding, the service call, the codec's
 * answer. Errors are thrown and rendered in one place ({@link ErrorResponses}), in the operation's protocol.
 */
final class OperationDispatcher {
  /** {@code X-Amz-Target}: the JSON protocols' operation, {@code <prefix>.<Operation>}. */
  static final String TARGET_HEADER = "X-Amz-Target";

  /** The call between decoding and encoding; the context is there for the access log's notes. */
  @FunctionalInterface
  interface Call<I, O> {
    O call(Context ctx, Principal caller, I input);
  }

  /** An operation and what serves it. {@code admission} runs before the body is read (and may refuse). */
  record Route<I, O>(OperationCodec<I, O> codec, Call<I, O> call, Runnable admission) {
    Route {
      Objects.requireNonNull(codec, "codec");
      Objects.requireNonNull(call, "call");
      Objects.requireNonNull(admission, "admission");
    }
  }

  private final Authenticator authenticator;
  private final long maxBodyBytes;
  private record RestPath(HandlerType method, String path) {
    @Override
    public String toString() {
      return method.name() + " " + path;
    }
  }

  private final Map<RestPath, Route<?, ?>> restRoutes = new LinkedHashMap<>();
  private final Map<String, Route<?, ?>> targets = new LinkedHashMap<>();
  private String targetPrefix;

  OperationDispatcher(Authenticator authenticator, long maxBodyBytes) {
    this.authenticator = authenticator;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** A rest-json operation at a fixed method and path. */
  <I, O> void rest(HandlerType method, String path, Route<I, O> route) {
    restRoutes.put(new RestPath(method, path), route);
  }

  /** A JSON 1.1 operation, addressed as {@code X-Amz-Target: <prefix><name>}. */
  <I, O> void target(String prefix, Route<I, O> route) {
    if (targetPrefix != null && !targetPrefix.equals(prefix)) {
      throw new IllegalStateException("one target prefix per server: " + targetPrefix + " and " + prefix);
    }
    targetPrefix = prefix;
    targets.put(route.codec().name(), route);
  }

  void register(RoutesConfig routes) {
    restRoutes.forEach((at, route) -> routes.addHttpHandler(at.method(), at.path(), ctx -> dispatch(ctx, route)));
    if (!targets.isEmpty()) {
      routes.post("/", this::dispatchTarget);
    }
  }

  /** What the 404 answer lists. */
  String offered() {
    List<String> offered = new ArrayList<>(restRoutes.keySet().stream().map(RestPath::toString).toList());
    if (!targets.isEmpty()) {
      offered.add("POST / with " + TARGET_HEADER + ": " + targetPrefix + "<Operation>");
    }
    return String.join(", ", offered);
  }

  private void dispatchTarget(Context ctx) throws Exception {
    ErrorResponses.json11(ctx);
    String target = ctx.header(TARGET_HEADER);
    if (target == null || target.isEmpty()) {
      throw new ApiException(ErrorCode.UnknownOperationException, 400,
          "POST / needs an " + TARGET_HEADER + " header naming the operation, e.g. " + targetPrefix
              + "CreateExperiment; SageMaker Metrics' operations are PUT /BatchPutMetrics and POST /BatchGetMetrics.",
          null);
    }
    Route<?, ?> route = target.startsWith(targetPrefix) ? targets.get(target.substring(targetPrefix.length())) : null;
    if (route == null) {
      throw new ApiException(ErrorCode.UnknownOperationException, 400,
          "Unknown operation '" + target.replaceAll("\\p{Cntrl}", "?") + "'; this service offers " + targetPrefix
              + "<" + String.join("|", targets.keySet()) + ">.", null);
    }
    dispatch(ctx, route);
  }

  private <I, O> void dispatch(Context ctx, Route<I, O> route) throws Exception {
    RequestLog.operation(ctx, route.codec().name());
    route.admission().run();
    Authenticated request = authenticate(ctx);
    RequestBodies.requireJson(ctx);
    I input = route.codec().decoder().decode(request.body());
    O output = route.call().call(ctx, request.caller(), input);
    ctx.contentType(route.codec().contentType());
    try (OutputStream out = ctx.outputStream()) {
      route.codec().encoder().encode(request.caller(), output, out);
    }
  }

  /** A request whose body is read (within the limit) and whose caller is authenticated. */
  record Authenticated(Principal caller, byte[] body) {}

  /** Reads the body within the limit and authenticates the caller (signed requests sign their body). */
  Authenticated authenticate(Context ctx) {
    byte[] body = RequestBodies.read(ctx, maxBodyBytes);
    Principal caller = authenticator.authenticate(signedRequest(ctx, body));
    RequestLog.account(ctx, caller.account());
    return new Authenticated(caller, body);
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
