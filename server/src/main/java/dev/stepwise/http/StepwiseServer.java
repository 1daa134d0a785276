package dev.stepwise.http;

import dev.stepwise.api.ApiException;
import dev.stepwise.api.ErrorCode;
import dev.stepwise.auth.Authenticator;
import dev.stepwise.config.ServerConfig;
import dev.stepwise.observe.Telemetry;
import dev.stepwise.service.MetricsService;
import dev.stepwise.service.experiments.ExperimentsService;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.VirtualThreadPool;

/**
 * The HTTP front door: Javalin on Jetty, the operations of both services ({@link ServiceRoutes}), the dashboard,
 * health and metrics; AWS-shaped errors for everything else.
 * Requests run on virtual threads, at most {@code maxConcurrentRequests} at once (a bounded pool, so that overload
 * queues in Jetty rather than growing without bound).
 */
public final class StepwiseServer implements AutoCloseable {
  /** How long a stop waits for the requests in progress. */
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

  private final Javalin app;
  private final Drain drain;

  private StepwiseServer(Javalin app, Drain drain) {
    this.app = app;
    this.drain = drain;
  }

  /**
   * @param clock the server's time, also sent in every response's {@code Date} header: the AWS SDKs correct their
   *     clock skew from it, so it must be the clock that signatures are checked against
   */
  public static StepwiseServer start(
      ServerConfig config,
      Authenticator authenticator,
      MetricsService service,
      ExperimentsService experiments,
      Dashboard dashboard,
      Clock clock,
      BooleanSupplier storeReady,
      Telemetry telemetry) {
    RequestLog requestLog = new RequestLog(telemetry, config.accessLog());
    HttpDate date = new HttpDate(clock);
    Drain drain = new Drain();
    DashboardRoutes dashboardRoutes = new DashboardRoutes(dashboard);
    ServiceRoutes operations = new ServiceRoutes(authenticator, service, experiments, config.maxBodyBytes());
    Javalin app =
        Javalin.create(
            javalin -> {
              configureStack(javalin, config);
              // Javalin puts its servlet context inside the server's handler when that is a wrapper.
              javalin.jetty.modifyServer(server -> server.setHandler(new WriteAdmission(
                  service::hasRoomForWrites, MetricsService.throttled(), date, requestLog, drain)));
              javalin.routes.before(
                  ctx -> {
                    drain.started(ctx);
                    RequestLog.started(ctx);
                    RequestIds.assign(ctx);
                    ctx.header("Date", date.now());
                  });
              operations.register(javalin.routes);
              javalin.routes.get("/health/live", ctx -> Health.write(ctx, true));
              javalin.routes.get("/health/ready", ctx -> Health.write(ctx, storeReady.getAsBoolean()));
              javalin.routes.get("/metrics", ctx -> ctx.contentType(Telemetry.CONTENT_TYPE).result(telemetry.scrape()));
              javalin.routes.after(
                  ctx -> {
                    requestLog.answered(ctx);
                    drain.finished(ctx);
                  });
              dashboardRoutes.register(javalin.routes);
              javalin.routes.exception(ApiException.class, ErrorResponses::render);
              javalin.routes.exception(Exception.class, ErrorResponses::renderUnexpected);
              javalin.routes.error(
                  404,
                  ctx -> {
                    // A 404 that an operation or the dashboard answered keeps its own body.
                    if (!ctx.res().containsHeader("X-Amzn-Errortype") && !ErrorResponses.isDashboard(ctx)) {
                      ErrorResponses.write(
                          ctx,
                          ErrorCode.UnknownOperationException,
                          "No operation at " + ctx.method() + " " + sanitized(ctx.path())
                              + "; this service offers " + operations.offered() + ".");
                    }
                  });
            });
    app.start();
    applyIdleTimeout(app, config);
    return new StepwiseServer(app, drain);
  }

  /**
   * The same Javalin/Jetty stack as {@link #start} (host, port, bounded thread pool, HTTP configuration) serving one
   * caller-supplied route and nothing else: what the network stack and the framework alone allow, the ceiling the
   * benchmarks measure the real server against.
   */
  public static StepwiseServer startBare(ServerConfig config, HandlerType method, String path, Handler handler) {
    Javalin app =
        Javalin.create(
            javalin -> {
              configureStack(javalin, config);
              javalin.routes.addHttpHandler(method, path, handler);
            });
    app.start();
    applyIdleTimeout(app, config);
    return new StepwiseServer(app, new Drain());
  }

  private static void configureStack(JavalinConfig javalin, ServerConfig config) {
    javalin.startup.showJavalinBanner = false;
    javalin.startup.showOldJavalinVersionWarning = false;
    javalin.jetty.host = config.bindHost();
    javalin.jetty.port = config.port();
    javalin.jetty.threadPool = threadPool(config.maxConcurrentRequests());
    javalin.jetty.modifyHttpConfiguration(
        http -> {
          http.setSendDateHeader(false); // the real server sends it from its clock
          http.setSendServerVersion(false);
          http.setSendXPoweredBy(false);
          // Signed requests repeat no header value (date, signature, length, checksum) across requests, so Jetty's
          // per-connection header cache only costs: every request added its fields to it.
          http.setHeaderCacheSize(0);
          // A body trickling in holds one of the bounded request slots: fail it rather than wait on it.
          http.setMinRequestDataRate(config.minRequestBytesPerSecond());
          http.setIdleTimeout(config.idleTimeout().toMillis());
        });
    if (config.tlsCertificate() != null) {
      KeyStore keys = PemKeyStore.load(config.tlsCertificate(), config.tlsKey());
      javalin.jetty.addConnector((server, http) -> httpsConnector(server, http, keys, config));
    }
    // Past the limit Jetty stops accepting; the kernel's backlog holds new connections until one closes.
    javalin.jetty.modifyServer(
        server -> server.addBean(new NetworkConnectionLimit(config.maxConnections(), server)));
  }

  /** HTTPS only (no plain-HTTP connector beside it): TLS 1.2 and 1.3, Jetty's default ciphers, HTTP/1.1. */
  private static ServerConnector httpsConnector(Server server, HttpConfiguration http, KeyStore keys,
      ServerConfig config) {
    SslContextFactory.Server tls = new SslContextFactory.Server();
    tls.setKeyStore(keys);
    tls.setKeyStorePassword(new String(PemKeyStore.PASSWORD));
    tls.setIncludeProtocols("TLSv1.3", "TLSv1.2");
    HttpConfiguration https = new HttpConfiguration(http);
    // SNI host checks would refuse clients that connect by IP address, as SDK endpoints often do.
    https.addCustomizer(new SecureRequestCustomizer(false));
    ServerConnector connector = new ServerConnector(server,
        new SslConnectionFactory(tls, HttpVersion.HTTP_1_1.asString()), new HttpConnectionFactory(https));
    connector.setHost(config.bindHost());
    connector.setPort(config.port());
    return connector;
  }

  /** The connector's idle timeout also closes connections that stall while sending headers (they hold no thread). */
  private static void applyIdleTimeout(Javalin app, ServerConfig config) {
    for (Connector connector : app.jettyServer().server().getConnectors()) {
      if (connector instanceof AbstractConnector network) {
        network.setIdleTimeout(config.idleTimeout().toMillis());
      }
    }
  }

  private static QueuedThreadPool threadPool(int maxConcurrentRequests) {
    VirtualThreadPool virtualThreads = new VirtualThreadPool();
    virtualThreads.setMaxConcurrentTasks(maxConcurrentRequests);
    virtualThreads.setName("stepwise-vt");
    QueuedThreadPool pool = new QueuedThreadPool(16, 4);
    pool.setName("stepwise-http");
    pool.setVirtualThreadsExecutor(virtualThreads);
    return pool;
  }

  private static String sanitized(String path) {
    String cut = path.length() > 128 ? path.substring(0, 128) + "..." : path;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }

  /** Requests being handled now (taken and not yet answered). */
  public int requestsInProgress() {
    return drain.inProgress();
  }

  /** The port the server listens on (useful when it was started on port 0). */
  public int port() {
    return app.port();
  }

  /** Stops gracefully: see {@link Drain}. */
  @Override
  public void close() {
    drain.drain(app, DRAIN_TIMEOUT);
    app.stop();
  }
}
