package dev.stepwise;

import dev.stepwise.auth.Authenticator;
import dev.stepwise.auth.CredentialStore;
import dev.stepwise.auth.DashboardSessions;
import dev.stepwise.auth.LocalModeAuthenticator;
import dev.stepwise.auth.SecuredAuthenticator;
import dev.stepwise.config.ConfigLoader;
import dev.stepwise.config.ServerConfig;
import dev.stepwise.http.Dashboard;
import dev.stepwise.http.StepwiseServer;
import dev.stepwise.observe.LogFormat;
import dev.stepwise.observe.Telemetry;
import dev.stepwise.service.MetricsService;
import dev.stepwise.service.experiments.ExperimentsService;
import dev.stepwise.service.dashboard.DashboardService;
import dev.stepwise.service.dashboard.RunsService;
import dev.stepwise.store.MetricStore;
import dev.stepwise.store.StoreLimits;
import dev.stepwise.store.postgres.PostgresMetricStore;
import dev.stepwise.store.sqlite.SqliteMetricStore;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts Stepwise: configuration, store, service, HTTP server; stops them in reverse order on shutdown. */
public final class Main {
  private static final Logger log = LoggerFactory.getLogger(Main.class);
  private static final Duration CREDENTIALS_POLL = Duration.ofSeconds(2);

  private Main() {}

  public static void main(String[] args) {
    List<String> arguments = Arrays.asList(args);
    if (arguments.contains("--help") || arguments.contains("-h")) {
      System.out.print(ConfigLoader.help());
      return;
    }
    if (arguments.contains("--version")) {
      System.out.println("stepwise " + version());
      return;
    }
    ServerConfig config;
    try {
      config = ConfigLoader.load(arguments, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("stepwise: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (config.logFormat().equals("json")) {
      LogFormat.useJson();
    }
    Running running;
    try {
      running = start(config, Clock.systemUTC());
    } catch (IllegalArgumentException e) {
      System.err.println("stepwise: " + e.getMessage());
      System.exit(2);
      return;
    } catch (RuntimeException e) {
      // The port is taken, the data directory cannot be written, the database cannot be reached...
      log.debug("start-up failed", e);
      System.err.println("stepwise: could not start: " + e.getMessage());
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(running::close, "stepwise-shutdown"));
    log.info(
        "Stepwise {} listening on {} in {}; data: {}",
        version(),
        endpoint(config, running.server().port()),
        config.securedMode()
            ? "secured mode (every signature verified against " + config.credentialsFile() + ")"
            : "local mode (signatures parsed, not verified; loopback only)",
        storeDescription(config));
  }

  /** A started server and what it stands on, closed together in reverse order. */
  public record Running(
      StepwiseServer server, MetricStore store, AutoCloseable credentials, Telemetry telemetry, Retention retention)
      implements AutoCloseable {
    @Override
    public void close() {
      log.info("Stepwise stopping: no new connections; finishing the requests in progress");
      retention.close();
      server.close();
      store.close();
      telemetry.close();
      try {
        credentials.close();
      } catch (Exception e) {
        log.warn("closing the credentials failed", e);
      }
      log.info("Stepwise stopped: every acknowledged point is committed and the store is closed");
    }
  }

  /**
   * Opens the credentials and the store and starts the server; used by {@link #main} and by tests that need the
   * real thing.
   *
   * @throws IllegalArgumentException for a bad credentials file, or local mode on a non-loopback address
   */
  public static Running start(ServerConfig config, Clock clock) {
    return start(config, clock, () -> openStore(config));
  }

  /** As {@link #start(ServerConfig, Clock)}, over the store {@code openStore} opens (the benchmarks' seam). */
  public static Running start(ServerConfig config, Clock clock, Supplier<MetricStore> openStore) {
    if (!config.securedMode()) {
      requireLoopbackInLocalMode(config);
    }
    CredentialStore credentials =
        config.securedMode() ? CredentialStore.open(config.credentialsFile(), CREDENTIALS_POLL) : null;
    Authenticator authenticator =
        credentials == null
            ? new LocalModeAuthenticator()
            : new SecuredAuthenticator(credentials, config.regions(), config.clockSkew(), clock);
    MetricStore store;
    try {
      store = openStore.get();
    } catch (RuntimeException e) {
      if (credentials != null) {
        credentials.close();
      }
      throw e;
    }
    try {
      Telemetry telemetry = new Telemetry();
      bindStore(telemetry, store);
      MetricsService service = new MetricsService(store, config, clock, telemetry::ingested);
      ExperimentsService experiments = new ExperimentsService(store, clock);
      Dashboard dashboard =
          new Dashboard(new DashboardService(store), new RunsService(store, experiments),
              credentials == null ? null : new DashboardSessions(credentials, clock));
      StepwiseServer server =
          StepwiseServer.start(config, authenticator, service, experiments, dashboard, clock, store::isReady,
              telemetry);
      telemetry.gauge("stepwise.requests.in.progress", "Requests taken and not yet answered",
          server::requestsInProgress);
      Retention retention = Retention.start(config.retention(), store, clock);
      return new Running(server, store, credentials == null ? () -> {} : credentials, telemetry, retention);
    } catch (RuntimeException e) {
      store.close();
      if (credentials != null) {
        credentials.close();
      }
      throw e;
    }
  }

  /** The store writer's counters, read at each scrape. */
  static void bindStore(Telemetry telemetry, MetricStore store) {
    telemetry.gauge("stepwise.write.queue.depth", "Requests waiting for the store's writer",
        () -> store.writerStats().queued());
    telemetry.monotonic("stepwise.group.commits", null, "Transactions committed by the store's writer",
        () -> store.writerStats().transactions());
    telemetry.monotonic("stepwise.group.commit.requests", null,
        "Requests carried by those transactions (divided by stepwise_group_commits_total: the group size)",
        () -> store.writerStats().batches());
    telemetry.monotonic("stepwise.group.commit", "seconds", "Time spent writing and committing those transactions",
        () -> store.writerStats().commitNanos() / 1e9);
    telemetry.gauge("stepwise.store.pool.active", "Store connections in use (SQLite: readers; PostgreSQL: all)",
        () -> store.poolStats().active());
    telemetry.gauge("stepwise.store.pool.idle", "Store connections idle", () -> store.poolStats().idle());
    telemetry.gauge("stepwise.store.pool.max", "Store connections at most", () -> store.poolStats().max());
    telemetry.monotonic("stepwise.store.errors", null,
        "Transactions of the store's writer that failed (each of their requests was answered 503)",
        () -> store.writerStats().failedTransactions());
  }

  /** PostgreSQL when a URL is configured (several nodes share it), else the embedded SQLite file in dataDir. */
  static MetricStore openStore(ServerConfig config) {
    StoreLimits limits = new StoreLimits(config.maxMetricsPerTrialComponent(), config.maxPointsPerMetric());
    if (config.postgresUrl() != null) {
      return new PostgresMetricStore(
          config.postgresUrl(), config.postgresUrlForDisplay(), limits, config.writeQueueCapacity());
    }
    return new SqliteMetricStore(config.dataDir(), limits, config.writeQueueCapacity());
  }

  /**
   * Where the server listens, as a client would write it: an empty host binds what it resolves to (loopback), and
   * an IPv6 address goes in brackets (RFC 3986).
   */
  static String endpoint(ServerConfig config, int port) {
    String host = config.bindHost();
    if (host.isEmpty()) {
      host = InetAddress.getLoopbackAddress().getHostAddress();
    } else if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    return (config.tlsCertificate() == null ? "http" : "https") + "://" + host + ":" + port;
  }

  /** Where the points are, for the start-up line. */
  static String storeDescription(ServerConfig config) {
    return config.postgresUrl() != null
        ? "PostgreSQL at " + config.postgresUrlForDisplay()
        : "SQLite in " + config.dataDir().toAbsolutePath();
  }

  /**
   * Local mode verifies no signature, so it must not be reachable from other machines: refuse any address that is
   * not loopback.
   */
  static void requireLoopbackInLocalMode(ServerConfig config) {
    try {
      for (InetAddress address : InetAddress.getAllByName(config.bindHost())) {
        if (!address.isLoopbackAddress()) {
          throw new IllegalArgumentException(
              "setting host=" + config.bindHost() + " is refused: without credentials Stepwise runs in local mode,"
                  + " which verifies no signature, so it listens on loopback only (e.g. 127.0.0.1)");
        }
      }
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("setting host=" + config.bindHost() + " is invalid: unknown host");
    }
  }

  static String version() {
    String v = Main.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
