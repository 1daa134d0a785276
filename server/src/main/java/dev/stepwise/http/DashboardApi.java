package dev.stepwise.http;

import dev.stepwise.api.ApiException;
import dev.stepwise.api.ErrorCode;
import dev.stepwise.auth.DashboardSessions;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * What every call of the dashboard's read API shares: who is looking (the session, in secured mode), the account
 * check, and the one way failures become {@code {"message"}} with a status (through {@link ErrorResponses}).
 */
final class DashboardApi {
  private final DashboardSessions sessions; // null in local mode

  DashboardApi(DashboardSessions sessions) {
    this.sessions = sessions;
  }

  boolean localMode() {
    return sessions == null;
  }

  /** Who is looking: in local mode anyone, who may see every account; in secured mode one account, or nobody. */
  record Viewer(String onlyAccount) {
    boolean mayRead(String account) {
      return onlyAccount == null || onlyAccount.equals(account);
    }

    /**
     * The account, when this viewer may read it. A session asking for another account's data is refused, whether or
     * not that account has any.
     */
    String readable(String account) {
      if (!mayRead(account)) {
        throw new ForbiddenAccount("This session may read account " + onlyAccount + " only.");
      }
      return account;
    }
  }

  @FunctionalInterface
  interface ApiCall {
    void handle(Context ctx, Viewer viewer) throws Exception;
  }

  /**
   * Authenticates the session, runs the call, and turns failures into {@code {"message"}} with a status: 400 for a
   * bad parameter (and the services' validation errors), 401 without a session, 403 for another account, 404 for
   * something named that does not exist, 503 when the store cannot answer.
   */
  void api(Context ctx, ApiCall call) throws Exception {
    noStore(ctx);
    ErrorResponses.dashboard(ctx);
    Optional<Viewer> viewer = viewer(ctx);
    if (viewer.isEmpty()) {
      message(ctx, 401, "Sign in with an access key id and secret access key first.");
      return;
    }
    try {
      call.handle(ctx, viewer.get());
    } catch (IllegalArgumentException e) {
      message(ctx, 400, e.getMessage());
    } catch (ForbiddenAccount e) {
      message(ctx, 403, e.getMessage());
    } catch (ApiException e) {
      // The control plane answers a missing name as SageMaker does (400 ResourceNotFound); this API says 404.
      message(ctx, e.code() == ErrorCode.ResourceNotFound ? 404 : e.code().httpStatus(), e.getMessage());
    }
  }

  Optional<Viewer> viewer(Context ctx) {
    if (sessions == null) {
      return Optional.of(new Viewer(null));
    }
    return sessions.account(ctx.cookie(DashboardSessions.COOKIE)).map(Viewer::new);
  }

  static final class ForbiddenAccount extends RuntimeException {
    ForbiddenAccount(String message) {
      super(message, null, false, false);
    }
  }

  static String required(Context ctx, String name) {
    String value = ctx.queryParam(name);
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("the query parameter " + name + " is required");
    }
    return value;
  }

  static long requiredLong(Context ctx, String name) {
    Long value = optionalLong(ctx, name);
    if (value == null) {
      throw new IllegalArgumentException("the query parameter " + name + " is required");
    }
    return value;
  }

  static Long optionalLong(Context ctx, String name) {
    String value = ctx.queryParam(name);
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("the query parameter " + name + " must be an integer, not " + value);
    }
  }

  @FunctionalInterface
  interface Body {
    void write(OutputStream out) throws IOException;
  }

  static void json(Context ctx, int status, Body body) {
    ctx.status(status).contentType("application/json");
    try (OutputStream out = ctx.outputStream()) {
      body.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void message(Context ctx, int status, String message) {
    ErrorResponses.dashboardMessage(ctx, status, message);
  }

  static void noStore(Context ctx) {
    ctx.header("Cache-Control", "no-store");
    ctx.header("X-Content-Type-Options", "nosniff");
  }
}
