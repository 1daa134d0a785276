package dev.stepwise.http;

import static dev.stepwise.http.DashboardApi.json;
import static dev.stepwise.http.DashboardApi.message;
import static dev.stepwise.http.DashboardApi.noStore;
import static dev.stepwise.http.DashboardApi.optionalLong;
import static dev.stepwise.http.DashboardApi.required;
import static dev.stepwise.http.DashboardApi.requiredLong;

import dev.stepwise.auth.DashboardSessions;
import dev.stepwise.http.DashboardApi.Viewer;
import dev.stepwise.protocol.DashboardCodec;
import dev.stepwise.service.dashboard.Axis;
import dev.stepwise.service.dashboard.DashboardService;
import dev.stepwise.service.dashboard.SeriesRequest;
import dev.stepwise.service.dashboard.SeriesView;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The web dashboard: its files under {@code /ui/} and its read API under {@code /ui/api/} ({@code docs/ui-api.md}).
 * In local mode everything is open (the server listens on loopback only); in secured mode every API call but the
 * session's needs the session cookie, and sees its own account only.
 */
final class DashboardRoutes {
  private static final int MAX_SIGN_IN_BODY = 4_096;

  private final DashboardService service;
  private final DashboardSessions sessions; // null in local mode
  private final DashboardApi api;
  private final ExperimentRoutes experiments;
  private final DashboardCodec codec = new DashboardCodec();
  private final StaticAssets assets = new StaticAssets();

  DashboardRoutes(Dashboard dashboard) {
    this.service = dashboard.service();
    this.sessions = dashboard.sessions();
    this.api = new DashboardApi(sessions);
    this.experiments = new ExperimentRoutes(dashboard.runs(), api);
  }

  void register(RoutesConfig routes) {
    routes.get("/", ctx -> ctx.redirect("/ui/"));
    // Javalin ignores a trailing slash when matching, so /ui and /ui/ reach one handler.
    routes.get(
        "/ui",
        ctx -> {
          if (ctx.path().endsWith("/")) {
            assets.page(ctx);
          } else {
            ctx.redirect("/ui/" + (ctx.queryString() == null ? "" : "?" + ctx.queryString()));
          }
        });
    routes.get("/ui/vendor/uplot/{file}", assets::uplot);
    routes.get("/ui/{file}", assets::page);
    routes.get("/ui/api/session", this::session);
    routes.post("/ui/api/session", this::signIn);
    routes.delete("/ui/api/session", this::signOut);
    routes.get("/ui/api/partitions", ctx -> api.api(ctx, this::partitions));
    routes.get("/ui/api/trial-components", ctx -> api.api(ctx, this::trialComponents));
    routes.get("/ui/api/series", ctx -> api.api(ctx, this::series));
    routes.get("/ui/api/series.csv", ctx -> api.api(ctx, this::seriesCsv));
    experiments.register(routes);
  }

  private void session(Context ctx) {
    noStore(ctx);
    Optional<Viewer> viewer = api.viewer(ctx);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("mode", sessions == null ? "local" : "secured");
    body.put("signedIn", sessions == null || viewer.isPresent());
    body.put("account", viewer.map(Viewer::onlyAccount).orElse(null));
    json(ctx, 200, out -> codec.writeObject(body, out));
  }

  private void signIn(Context ctx) {
    noStore(ctx);
    if (sessions == null) {
      message(ctx, 400, "Local mode has no sign-in: every account is open on loopback.");
      return;
    }
    String contentType = ctx.contentType(); // null when the request has none
    if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      // Also what keeps other sites' plain form posts out (with SameSite=Strict on the cookie).
      message(ctx, 415, "Send the access key id and secret as application/json.");
      return;
    }
    byte[] body = ctx.bodyAsBytes();
    if (body.length > MAX_SIGN_IN_BODY) {
      message(ctx, 413, "The sign-in body is larger than " + MAX_SIGN_IN_BODY + " bytes.");
      return;
    }
    DashboardCodec.SignInRequest request;
    try {
      request = codec.decodeSignIn(body);
    } catch (IllegalArgumentException e) {
      message(ctx, 400, "The sign-in body is not usable: " + e.getMessage() + ".");
      return;
    }
    if (request.accessKeyId() == null || request.secretAccessKey() == null) {
      message(ctx, 400, "Both accessKeyId and secretAccessKey are required.");
      return;
    }
    Optional<DashboardSessions.SignedIn> signedIn =
        sessions.signIn(request.accessKeyId(), request.secretAccessKey());
    if (signedIn.isEmpty()) {
      message(ctx, 401, "The access key id or the secret access key is wrong (or the key needs a session token).");
      return;
    }
    setSessionCookie(ctx, signedIn.get().cookieValue(), DashboardSessions.LIFETIME.toSeconds());
    json(ctx, 200, out -> codec.writeObject(Map.of("account", signedIn.get().account()), out));
  }

  private void signOut(Context ctx) {
    noStore(ctx);
    if (sessions != null) {
      sessions.signOut(ctx.cookie(DashboardSessions.COOKIE));
    }
    setSessionCookie(ctx, "", 0);
    ctx.status(204);
  }

  /** Secure when the request came over TLS: a browser then never sends the cookie over plain HTTP. */
  private static void setSessionCookie(Context ctx, String value, long maxAgeSeconds) {
    ctx.header("Set-Cookie", DashboardSessions.COOKIE + "=" + value + "; Path=/ui; Max-Age=" + maxAgeSeconds
        + "; HttpOnly; SameSite=Strict" + (ctx.req().isSecure() ? "; Secure" : ""));
  }

  private void partitions(Context ctx, Viewer viewer) {
    var partitions = service.partitions(viewer.onlyAccount());
    json(ctx, 200, out -> codec.writePartitions(partitions, out));
  }

  private void trialComponents(Context ctx, Viewer viewer) {
    String account = readable(ctx, viewer);
    var views = service.trialComponents(account, required(ctx, "region"), Set.copyOf(ctx.queryParams("name")));
    json(ctx, 200, out -> codec.writeTrialComponents(views, out));
  }

  private void series(Context ctx, Viewer viewer) {
    SeriesRequest request = seriesRequest(ctx, viewer);
    SeriesView view = service.series(request);
    json(ctx, 200, out -> codec.writeSeries(request.trialComponent(), request.metric(), view, out));
  }

  private void seriesCsv(Context ctx, Viewer viewer) throws IOException {
    SeriesRequest request = seriesRequest(ctx, viewer);
    boolean raw = Boolean.parseBoolean(ctx.queryParam("raw"));
    SeriesView buckets = raw ? null : service.series(request);
    String name = (request.trialComponent() + "-" + request.metric()).replaceAll("[^A-Za-z0-9._-]", "_");
    ctx.contentType("text/csv; charset=utf-8");
    ctx.header("Content-Disposition", "attachment; filename=\"" + name + (raw ? "-raw" : "-buckets") + ".csv\"");
    try (OutputStream out = ctx.outputStream();
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024)) {
      if (raw) {
        writer.write(DashboardCodec.RAW_CSV_HEADER);
        service.exportRaw(request, codec.rawCsvRows(writer));
      } else {
        codec.writeBucketsCsv(buckets, writer);
      }
    }
  }

  private static SeriesRequest seriesRequest(Context ctx, Viewer viewer) {
    String account = readable(ctx, viewer);
    String axisName = ctx.queryParam("axis") == null ? "step" : ctx.queryParam("axis");
    Axis axis =
        switch (axisName) {
          case "step" -> Axis.STEP;
          case "time" -> Axis.TIME;
          default -> throw new IllegalArgumentException("axis must be step or time, not " + axisName);
        };
    return new SeriesRequest(
        account,
        required(ctx, "region"),
        required(ctx, "trialComponent"),
        required(ctx, "metric"),
        axis,
        optionalLong(ctx, "from"),
        optionalLong(ctx, "to"),
        (int) Math.min(Integer.MAX_VALUE, requiredLong(ctx, "buckets")));
  }

  /** The account of the query, when the viewer may read it. */
  private static String readable(Context ctx, Viewer viewer) {
    return viewer.readable(required(ctx, "account"));
  }
}
