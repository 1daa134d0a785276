package dev.stepwise.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.AbstractNetworkConnector;
import org.eclipse.jetty.server.Connector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Graceful stop: stop accepting connections, answer every request already taken, each with
 * {@code Connection: close} so that clients take their next one elsewhere, and stop the server only once no request
 * has been in progress for a moment (or the timeout has passed). A request is never cut off mid-way; one sent on an
 * idle keep-alive connection just as it closes fails to connect, which the SDKs retry.
 */
final class Drain {
  private static final Logger log = LoggerFactory.getLogger(Drain.class);
  /** How long no request must be in progress before the server stops: a client that just got an answer sends next. */
  private static final Duration QUIET = Duration.ofMillis(200);

  private final AtomicInteger inProgress = new AtomicInteger();
  private volatile boolean draining;

  void started(Context ctx) {
    inProgress.incrementAndGet();
    if (draining) {
      ctx.header("Connection", "close");
    }
  }

  void finished(Context ctx) {
    if (draining) {
      ctx.header("Connection", "close");
    }
    inProgress.decrementAndGet();
  }

  boolean draining() {
    return draining;
  }

  int inProgress() {
    return inProgress.get();
  }

  /** Returns once the server has gone quiet or {@code timeout} has passed; the caller then stops it. */
  void drain(Javalin app, Duration timeout) {
    draining = true;
    for (Connector connector : app.jettyServer().server().getConnectors()) {
      if (connector instanceof AbstractNetworkConnector network) {
        network.close(); // the listening socket: new connections are refused, not left waiting in a backlog
      }
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    long quietSince = 0;
    while (System.nanoTime() < deadline) {
      if (inProgress.get() > 0) {
        quietSince = 0;
      } else if (quietSince == 0) {
        quietSince = System.nanoTime();
      } else if (System.nanoTime() - quietSince >= QUIET.toNanos()) {
        return;
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    log.warn("{} requests still in progress after {}; stopping anyway", inProgress.get(), timeout);
  }
}
