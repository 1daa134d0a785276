package dev.stepwise.http;

import static dev.stepwise.http.DashboardApi.json;
import static dev.stepwise.http.DashboardApi.message;
import static dev.stepwise.http.DashboardApi.required;

import dev.stepwise.http.DashboardApi.Viewer;
import dev.stepwise.model.experiments.SearchRecord;
import dev.stepwise.model.experiments.SearchWindow;
import dev.stepwise.protocol.RunsBodies;
import dev.stepwise.protocol.RunsCodec;
import dev.stepwise.protocol.experiments.ExperimentsCodec;
import dev.stepwise.service.dashboard.GroupsRequest;
import dev.stepwise.service.dashboard.RunsService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * The dashboard's experiments pages' calls under {@code /ui/api/} ({@code docs/ui-api.md}, "Experiments and runs"):
 * the same sessions, account check and error rendering as the other dashboard calls ({@link DashboardApi}). The
 * POST calls carry a JSON body (a {@code SearchExpression} does not fit a query string).
 */
final class ExperimentRoutes {
  /** Far above any body the page sends (an expression of many filters is a few KB). */
  static final int MAX_BODY_BYTES = 1 << 20;

  private final RunsService runs;
  private final DashboardApi api;
  private final RunsBodies bodies = new RunsBodies(new ExperimentsCodec());
  private final RunsCodec codec = new RunsCodec();

  ExperimentRoutes(RunsService runs, DashboardApi api) {
    this.runs = runs;
    this.api = api;
  }

  void register(RoutesConfig routes) {
    routes.get("/ui/api/experiments", ctx -> api.api(ctx, this::experiments));
    routes.post("/ui/api/runs", ctx -> api.api(ctx, this::runs));
    routes.get("/ui/api/run", ctx -> api.api(ctx, this::run));
    routes.get("/ui/api/runs/names", ctx -> api.api(ctx, this::names));
    routes.post("/ui/api/runs/columns", ctx -> api.api(ctx, this::columns));
    routes.post("/ui/api/groups", ctx -> api.api(ctx, this::groups));
  }

  private void experiments(Context ctx, Viewer viewer) {
    var overview = runs.experiments(viewer.readable(required(ctx, "account")), required(ctx, "region"));
    json(ctx, 200, out -> codec.writeExperiments(overview, out));
  }

  private void runs(Context ctx, Viewer viewer) {
    RunsBodies.RunsRequest request = bodies.runs(body(ctx));
    SearchWindow window = runs.runs(viewer.readable(request.account()), request.region(), request.query(),
        request.offset(), request.limit(), request.snapshot());
    json(ctx, 200, out -> codec.writeRuns(window, out));
  }

  private void run(Context ctx, Viewer viewer) {
    String name = required(ctx, "name");
    Optional<SearchRecord.OfTrialComponent> run =
        runs.run(viewer.readable(required(ctx, "account")), required(ctx, "region"), name);
    if (run.isEmpty()) {
      message(ctx, 404, "No run (trial component) is named '" + name.replaceAll("\\p{Cntrl}", "?") + "'.");
      return;
    }
    json(ctx, 200, out -> codec.writeRun(run.get(), out));
  }

  private void names(Context ctx, Viewer viewer) {
    String account = viewer.readable(required(ctx, "account"));
    String experiment = ctx.queryParam("experiment");
    boolean unassigned = "true".equals(ctx.queryParam("unassigned"));
    if ((experiment == null || experiment.isEmpty()) == !unassigned) {
      throw new IllegalArgumentException("name an experiment, or ask for the runs in no trial with unassigned=true"
          + " (one of the two)");
    }
    var names = runs.names(account, required(ctx, "region"), unassigned ? null : experiment);
    json(ctx, 200, out -> codec.writeNames(names, out));
  }

  private void columns(Context ctx, Viewer viewer) {
    RunsBodies.ColumnsRequest request = bodies.columns(body(ctx));
    var columns = runs.columns(viewer.readable(request.account()), request.region(), request.query(),
        request.columns());
    json(ctx, 200, out -> codec.writeColumns(columns, out));
  }

  private void groups(Context ctx, Viewer viewer) {
    GroupsRequest request = bodies.groups(body(ctx));
    viewer.readable(request.account());
    var groups = runs.groups(request);
    json(ctx, 200, out -> codec.writeGroups(groups, out));
  }

  private static byte[] body(Context ctx) {
    return RequestBodies.read(ctx, MAX_BODY_BYTES);
  }
}
