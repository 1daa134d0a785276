package dev.stepwise.http;

import io.javalin.http.Context;

/**
 * Probes in the form Kubernetes expects: 200 when up, 503 when not, no authentication. Liveness says the process
 * answers; readiness says the store answers too, so a load balancer stops sending writes that would fail.
 */
final class Health {
  private Health() {}

  static void write(Context ctx, boolean up) {
    ctx.status(up ? 200 : 503);
    ctx.contentType("application/json");
    ctx.result(up ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}");
  }
}
