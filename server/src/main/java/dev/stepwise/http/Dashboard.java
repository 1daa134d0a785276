package dev.stepwise.http;

import dev.stepwise.auth.DashboardSessions;
import dev.stepwise.service.dashboard.DashboardService;
import dev.stepwise.service.dashboard.RunsService;
import java.util.Objects;

/**
 * What the web dashboard needs.
 *
 * @param runs what the experiments pages read
 * @param sessions checks sign-ins in secured mode; null in local mode, where the dashboard is open on loopback
 */
public record Dashboard(DashboardService service, RunsService runs, DashboardSessions sessions) {
  public Dashboard {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(runs, "runs");
  }
}
