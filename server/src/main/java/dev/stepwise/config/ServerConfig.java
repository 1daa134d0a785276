package dev.stepwise.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Every setting of the server, validated once here. Messages name the setting and the bad value.
 *
 * @param maxTimestampAge how far in the past a point's timestamp may lie, or null for no bound but the epoch
 * @param credentialsFile the credentials of secured mode, or null for local mode
 * @param regions the regions served; empty means any
 * @param clockSkew how far a request's X-Amz-Date may be from the server's clock
 * @param postgresUrl the JDBC URL of a shared PostgreSQL store, or null for the embedded SQLite store in dataDir
 * @param idleTimeout how long a connection may send nothing (headers, body, or a next request) before it is closed
 * @param minRequestBytesPerSecond the slowest a request body may arrive before the request is failed (408); 0 = no
 *     minimum
 * @param maxConnections open connections accepted at once; further ones wait in the kernel's backlog until one closes
 */
public record ServerConfig(
    String bindHost,
    int port,
    Path dataDir,
    long maxBodyBytes,
    int maxMetricsPerTrialComponent,
    long maxPointsPerMetric,
    Duration maxTimestampFuture,
    Duration maxTimestampAge,
    int maxBuckets,
    int writeQueueCapacity,
    int maxConcurrentRequests,
    Path credentialsFile,
    java.util.Set<String> regions,
    Duration clockSkew,
    String postgresUrl,
    Duration idleTimeout,
    long minRequestBytesPerSecond,
    int maxConnections,
    boolean accessLog,
    Path tlsCertificate,
    Path tlsKey,
    String logFormat,
    Duration retention) {

  public static final String DEFAULT_BIND_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 9400;

  public ServerConfig {
    Objects.requireNonNull(bindHost, "bindHost");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(maxTimestampFuture, "maxTimestampFuture");
    require(port >= 0 && port <= 65535, "port", port, "must be 0..65535");
    require(maxBodyBytes >= 1024, "maxBodyBytes", maxBodyBytes, "must be at least 1024");
    require(maxMetricsPerTrialComponent >= 1, "maxMetricsPerTrialComponent", maxMetricsPerTrialComponent, "must be >= 1");
    require(maxPointsPerMetric >= 1, "maxPointsPerMetric", maxPointsPerMetric, "must be >= 1");
    require(!maxTimestampFuture.isNegative(), "maxTimestampFuture", maxTimestampFuture, "must not be negative");
    require(maxTimestampAge == null || maxTimestampAge.isPositive(), "maxTimestampAge", maxTimestampAge, "must be positive");
    require(maxBuckets >= 1, "maxBuckets", maxBuckets, "must be >= 1");
    require(writeQueueCapacity >= 1, "writeQueueCapacity", writeQueueCapacity, "must be >= 1");
    require(maxConcurrentRequests >= 1, "maxConcurrentRequests", maxConcurrentRequests, "must be >= 1");
    regions = java.util.Set.copyOf(regions);
    for (String region : regions) {
      require(region.matches("[a-z0-9-]{1,64}"), "regions", region, "must be region names such as us-east-1");
    }
    Objects.requireNonNull(clockSkew, "clockSkew");
    require(clockSkew.isPositive(), "clockSkew", clockSkew, "must be positive");
    require(postgresUrl == null || postgresUrl.startsWith("jdbc:postgresql:"), "postgresUrl", "(hidden)",
        "must start with jdbc:postgresql:");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    require(idleTimeout.toMillis() >= 100, "idleTimeout", idleTimeout, "must be at least 100 ms");
    require((tlsCertificate == null) == (tlsKey == null), "tls-cert", tlsCertificate == null ? "" : tlsCertificate,
        "tls-cert and tls-key go together: set both for HTTPS, or neither");
    require(retention == null || retention.compareTo(Duration.ofHours(1)) >= 0, "retention", retention,
        "must be at least 1h");
    require(logFormat.equals("text") || logFormat.equals("json"), "log-format", logFormat, "must be text or json");
    require(minRequestBytesPerSecond >= 0, "minRequestBytesPerSecond", minRequestBytesPerSecond, "must be >= 0");
    require(maxConnections >= 1, "maxConnections", maxConnections, "must be >= 1");
  }

  /** The URL without its password, for logs and messages. */
  public String postgresUrlForDisplay() {
    return postgresUrl == null ? null : postgresUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }

  /** Secured mode verifies every signature against the credentials file; local mode verifies none. */
  public boolean securedMode() {
    return credentialsFile != null;
  }

  /** The defaults: loopback, port 9400, ./data, 1 MiB bodies, AWS's limits, timestamps up to 2 h ahead. */
  public static ServerConfig defaults() {
    return new Builder().build();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  public ServerConfig withPort(int newPort) {
    return toBuilder().port(newPort).build();
  }

  public ServerConfig withDataDir(Path newDataDir) {
    return toBuilder().dataDir(newDataDir).build();
  }

  public ServerConfig withMaxBuckets(int newMaxBuckets) {
    return toBuilder().maxBuckets(newMaxBuckets).build();
  }

  public ServerConfig withLimits(int newMaxMetrics, long newMaxPoints) {
    return toBuilder().maxMetricsPerTrialComponent(newMaxMetrics).maxPointsPerMetric(newMaxPoints).build();
  }

  public ServerConfig withMaxBodyBytes(long newMaxBodyBytes) {
    return toBuilder().maxBodyBytes(newMaxBodyBytes).build();
  }

  public ServerConfig withTimestampWindow(Duration future, Duration age) {
    return toBuilder().maxTimestampFuture(future).maxTimestampAge(age).build();
  }

  /** Mutable twin of the record, for loading settings one at a time; {@link #build} validates. */
  public static final class Builder {
    private String bindHost = DEFAULT_BIND_HOST;
    private int port = DEFAULT_PORT;
    private Path dataDir = Path.of("data");
    private long maxBodyBytes = 1024 * 1024;
    private int maxMetricsPerTrialComponent = 1_000;
    private long maxPointsPerMetric = 10_000_000L;
    private Duration maxTimestampFuture = Duration.ofHours(2);
    private Duration maxTimestampAge;
    private int maxBuckets = 20_000;
    private int writeQueueCapacity = 128;
    private int maxConcurrentRequests = 256;
    private Path credentialsFile;
    private java.util.Set<String> regions = java.util.Set.of();
    private Duration clockSkew = Duration.ofMinutes(5);
    private String postgresUrl;
    private Duration idleTimeout = Duration.ofSeconds(30);
    private long minRequestBytesPerSecond = 1_024;
    private int maxConnections = 4_096;
    private boolean accessLog = true;
    private Path tlsCertificate;
    private Path tlsKey;
    private String logFormat = "text";
    private Duration retention;

    public Builder() {}

    private Builder(ServerConfig c) {
      bindHost = c.bindHost;
      port = c.port;
      dataDir = c.dataDir;
      maxBodyBytes = c.maxBodyBytes;
      maxMetricsPerTrialComponent = c.maxMetricsPerTrialComponent;
      maxPointsPerMetric = c.maxPointsPerMetric;
      maxTimestampFuture = c.maxTimestampFuture;
      maxTimestampAge = c.maxTimestampAge;
      maxBuckets = c.maxBuckets;
      writeQueueCapacity = c.writeQueueCapacity;
      maxConcurrentRequests = c.maxConcurrentRequests;
      credentialsFile = c.credentialsFile;
      regions = c.regions;
      clockSkew = c.clockSkew;
      postgresUrl = c.postgresUrl;
      idleTimeout = c.idleTimeout;
      minRequestBytesPerSecond = c.minRequestBytesPerSecond;
      maxConnections = c.maxConnections;
      accessLog = c.accessLog;
      tlsCertificate = c.tlsCertificate;
      tlsKey = c.tlsKey;
      logFormat = c.logFormat;
      retention = c.retention;
    }

    public Builder bindHost(String v) { bindHost = v; return this; }
    public Builder port(int v) { port = v; return this; }
    public Builder dataDir(Path v) { dataDir = v; return this; }
    public Builder maxBodyBytes(long v) { maxBodyBytes = v; return this; }
    public Builder maxMetricsPerTrialComponent(int v) { maxMetricsPerTrialComponent = v; return this; }
    public Builder maxPointsPerMetric(long v) { maxPointsPerMetric = v; return this; }
    public Builder maxTimestampFuture(Duration v) { maxTimestampFuture = v; return this; }
    public Builder maxTimestampAge(Duration v) { maxTimestampAge = v; return this; }
    public Builder maxBuckets(int v) { maxBuckets = v; return this; }
    public Builder writeQueueCapacity(int v) { writeQueueCapacity = v; return this; }
    public Builder maxConcurrentRequests(int v) { maxConcurrentRequests = v; return this; }
    public Builder credentialsFile(Path v) { credentialsFile = v; return this; }
    public Builder regions(java.util.Set<String> v) { regions = v; return this; }
    public Builder clockSkew(Duration v) { clockSkew = v; return this; }
    public Builder postgresUrl(String v) { postgresUrl = v; return this; }
    public Builder idleTimeout(Duration v) { idleTimeout = v; return this; }
    public Builder minRequestBytesPerSecond(long v) { minRequestBytesPerSecond = v; return this; }
    public Builder maxConnections(int v) { maxConnections = v; return this; }
    public Builder accessLog(boolean v) { accessLog = v; return this; }
    public Builder tlsCertificate(Path v) { tlsCertificate = v; return this; }
    public Builder tlsKey(Path v) { tlsKey = v; return this; }
    public Builder logFormat(String v) { logFormat = v; return this; }
    public Builder retention(Duration v) { retention = v; return this; }

    public ServerConfig build() {
      return new ServerConfig(bindHost, port, dataDir, maxBodyBytes, maxMetricsPerTrialComponent, maxPointsPerMetric,
          maxTimestampFuture, maxTimestampAge, maxBuckets, writeQueueCapacity, maxConcurrentRequests,
          credentialsFile, regions, clockSkew, postgresUrl, idleTimeout, minRequestBytesPerSecond,
          maxConnections, accessLog, tlsCertificate, tlsKey, logFormat, retention);
    }
  }

  private static void require(boolean ok, String setting, Object value, String rule) {
    if (!ok) {
      throw new IllegalArgumentException("setting " + setting + "=" + value + " is invalid: " + rule);
    }
  }
}
