package dev.stepwise.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds a {@link ServerConfig} from command-line flags ({@code --port 9400} or {@code --port=9400}) and
 * environment variables ({@code STEPWISE_PORT}); a flag wins over the environment, which wins over the default.
 * Every problem is one {@link IllegalArgumentException} whose message names the setting.
 */
public final class ConfigLoader {
  private record Setting(
      String flag,
      String description,
      BiConsumer<ServerConfig.Builder, String> apply,
      Function<ServerConfig, Object> current) {
    String env() {
      return "STEPWISE_" + flag.replace('-', '_').toUpperCase(Locale.ROOT);
    }
  }

  private static final Pattern DURATION = Pattern.compile("([0-9]+)(ms|s|m|h|d)");

  static final String CONFIG_FLAG = "config";
  static final String CONFIG_ENV = "STEPWISE_CONFIG";

  private static final List<Setting> SETTINGS =
      List.of(
          new Setting("host", "address to listen on (local mode allows loopback only)",
              (b, v) -> b.bindHost(v), ServerConfig::bindHost),
          new Setting("port", "TCP port; 0 picks a free one",
              (b, v) -> b.port(integer("port", v)), ServerConfig::port),
          new Setting("data-dir", "directory of the SQLite database",
              (b, v) -> b.dataDir(Path.of(v)), ServerConfig::dataDir),
          new Setting("postgres-url", "JDBC URL of a shared PostgreSQL store (several nodes); unset = SQLite in data-dir",
              (b, v) -> b.postgresUrl(v.isBlank() ? null : v),
              c -> c.postgresUrl() == null ? "none (SQLite)" : c.postgresUrlForDisplay()),
          new Setting("max-body-bytes", "largest request body accepted",
              (b, v) -> b.maxBodyBytes(longValue("max-body-bytes", v)), ServerConfig::maxBodyBytes),
          new Setting("max-metrics-per-trial-component", "distinct metric names per trial component",
              (b, v) -> b.maxMetricsPerTrialComponent(integer("max-metrics-per-trial-component", v)),
              ServerConfig::maxMetricsPerTrialComponent),
          new Setting("max-points-per-metric", "points per metric of a trial component",
              (b, v) -> b.maxPointsPerMetric(longValue("max-points-per-metric", v)), ServerConfig::maxPointsPerMetric),
          new Setting("max-timestamp-future", "how far ahead of the server's clock a timestamp may be (e.g. 2h)",
              (b, v) -> b.maxTimestampFuture(duration("max-timestamp-future", v)), ServerConfig::maxTimestampFuture),
          new Setting("max-timestamp-age", "how old a timestamp may be (e.g. 14d; 'none' = back to the epoch)",
              (b, v) -> b.maxTimestampAge(v.equals("none") ? null : duration("max-timestamp-age", v)),
              c -> c.maxTimestampAge() == null ? "none" : c.maxTimestampAge()),
          new Setting("max-buckets", "buckets per query result before it is truncated",
              (b, v) -> b.maxBuckets(integer("max-buckets", v)), ServerConfig::maxBuckets),
          new Setting("write-queue-capacity", "requests waiting for the writer before 429 ThrottlingException",
              (b, v) -> b.writeQueueCapacity(integer("write-queue-capacity", v)), ServerConfig::writeQueueCapacity),
          new Setting("credentials-file", "credentials of secured mode (see README); unset = local mode",
              (b, v) -> b.credentialsFile(v.isBlank() ? null : Path.of(v)),
              c -> c.credentialsFile() == null ? "none (local mode)" : c.credentialsFile()),
          new Setting("regions", "comma-separated regions served; empty = any",
              (b, v) -> b.regions(regions(v)), c -> c.regions().isEmpty() ? "any" : String.join(",", c.regions())),
          new Setting("clock-skew", "how far X-Amz-Date may be from the server's clock",
              (b, v) -> b.clockSkew(duration("clock-skew", v)), ServerConfig::clockSkew),
          new Setting("max-concurrent-requests", "requests handled at once",
              (b, v) -> b.maxConcurrentRequests(integer("max-concurrent-requests", v)),
              ServerConfig::maxConcurrentRequests),
          new Setting("idle-timeout", "close a connection that sends nothing for this long (slow or stalled clients)",
              (b, v) -> b.idleTimeout(duration("idle-timeout", v)), ServerConfig::idleTimeout),
          new Setting("min-request-bytes-per-second", "fail a request whose body arrives slower (408); 0 = any speed",
              (b, v) -> b.minRequestBytesPerSecond(integer("min-request-bytes-per-second", v)),
              ServerConfig::minRequestBytesPerSecond),
          new Setting("max-connections", "open connections accepted at once; more wait until one closes",
              (b, v) -> b.maxConnections(integer("max-connections", v)), ServerConfig::maxConnections),
          new Setting("access-log", "one log line per request (id, operation, account, status, latency, points): true or false",
              (b, v) -> b.accessLog(bool("access-log", v)), ServerConfig::accessLog),
          new Setting("retention", "drop raw points older than this (e.g. 90d), keeping their minute aggregates;"
              + " points older are refused at ingest; 'none' = keep everything",
              (b, v) -> b.retention(v.equals("none") ? null : duration("retention", v)),
              c -> c.retention() == null ? "none" : c.retention()),
          new Setting("log-format", "text, or json for one JSON object per line (log collectors)",
              (b, v) -> b.logFormat(v), ServerConfig::logFormat),
          new Setting("tls-cert", "PEM certificate chain: serve HTTPS (with tls-key); unset = plain HTTP",
              (b, v) -> b.tlsCertificate(v.isBlank() ? null : Path.of(v)),
              c -> c.tlsCertificate() == null ? "none (HTTP)" : c.tlsCertificate()),
          new Setting("tls-key", "PEM private key (PKCS#8) of tls-cert",
              (b, v) -> b.tlsKey(v.isBlank() ? null : Path.of(v)),
              c -> c.tlsKey() == null ? "none" : c.tlsKey()));

  private ConfigLoader() {}

  /** @throws IllegalArgumentException naming the flag or variable and what is wrong with it */
  public static ServerConfig load(List<String> args, Map<String, String> env) {
    Map<String, String> values = new LinkedHashMap<>();
    Path configFile = configFile(args, env);
    if (configFile != null) {
      values.putAll(readConfigFile(configFile));
    }
    for (Setting s : SETTINGS) {
      String fromEnv = env.get(s.env());
      if (fromEnv != null && !fromEnv.isBlank()) {
        values.put(s.flag(), fromEnv.strip());
      }
    }
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + arg + "' (see --help)");
      }
      String name = arg.substring(2);
      String value;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else if (i + 1 < args.size()) {
        value = args.get(++i);
      } else {
        throw new IllegalArgumentException("flag --" + name + " needs a value (see --help)");
      }
      String flag = name;
      if (flag.equals(CONFIG_FLAG)) {
        continue; // read first, above
      }
      if (SETTINGS.stream().noneMatch(s -> s.flag().equals(flag))) {
        throw new IllegalArgumentException("unknown flag --" + name + " (see --help)");
      }
      values.put(name, value);
    }
    ServerConfig.Builder builder = new ServerConfig.Builder();
    for (Setting s : SETTINGS) {
      String value = values.get(s.flag());
      if (value != null) {
        s.apply().accept(builder, value);
      }
    }
    return builder.build();
  }

  /** {@code --config FILE}, else {@code STEPWISE_CONFIG}, else none. */
  private static Path configFile(List<String> args, Map<String, String> env) {
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).equals("--" + CONFIG_FLAG) && i + 1 < args.size()) {
        return Path.of(args.get(i + 1));
      }
      if (args.get(i).startsWith("--" + CONFIG_FLAG + "=")) {
        return Path.of(args.get(i).substring(CONFIG_FLAG.length() + 3));
      }
    }
    String fromEnv = env.get(CONFIG_ENV);
    return fromEnv == null || fromEnv.isBlank() ? null : Path.of(fromEnv.strip());
  }

  /** A comment: from a {@code #} at the start of a line or after a space or tab, to the end of the line. */
  private static final Pattern COMMENT = Pattern.compile("(^|\\s)#.*$");

  /**
   * A config file: {@code name = value} lines, the names being the flags' without "--", {@code #} comments (whole
   * lines, or after a value and a space) and blank lines allowed. An unknown name or a malformed line is an error
   * naming the file and the line.
   */
  static Map<String, String> readConfigFile(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("config file " + file + " cannot be read: " + e.getMessage());
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (int n = 1; n <= lines.size(); n++) {
      String line = COMMENT.matcher(lines.get(n - 1)).replaceFirst("").strip();
      if (line.isEmpty()) {
        continue;
      }
      int eq = line.indexOf('=');
      String name = eq < 0 ? line : line.substring(0, eq).strip();
      if (eq < 0 || SETTINGS.stream().noneMatch(s -> s.flag().equals(name))) {
        throw new IllegalArgumentException("config file " + file + " line " + n + ": "
            + (eq < 0 ? "expected name = value" : "unknown setting '" + name + "'") + " (see --help)");
      }
      values.put(name, line.substring(eq + 1).strip());
    }
    return values;
  }

  /** The text of {@code --help}: every setting, its flag, its environment variable and its default. */
  public static String help() {
    ServerConfig defaults = ServerConfig.defaults();
    StringBuilder text =
        new StringBuilder("Usage: stepwise [--flag value]...\n\n"
            + "  --config FILE (or STEPWISE_CONFIG): a file of 'name = value' lines, names as the flags'.\n"
            + "  A flag wins over its environment variable, which wins over the config file, which wins over the"
            + " default.\n\nSettings (flag, environment variable, default):\n");
    for (Setting s : SETTINGS) {
      text.append(String.format("  --%-32s %-42s default %s%n      %s%n",
          s.flag(), s.env(), s.current().apply(defaults), s.description()));
    }
    return text.append("  --help, --version\n").toString();
  }

  private static java.util.Set<String> regions(String value) {
    java.util.Set<String> regions = new java.util.TreeSet<>();
    for (String region : value.split(",")) {
      if (!region.isBlank()) {
        regions.add(region.strip());
      }
    }
    return regions;
  }

  private static boolean bool(String name, String value) {
    return switch (value.strip()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("setting " + name + "=" + value + " is invalid: must be true or false");
    };
  }

  private static int integer(String setting, String value) {
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("setting " + setting + "=" + value + " is invalid: not an integer");
    }
  }

  private static long longValue(String setting, String value) {
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("setting " + setting + "=" + value + " is invalid: not an integer");
    }
  }

  /** Durations as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 14d}, or ISO-8601 ({@code PT2H}). */
  static Duration duration(String setting, String value) {
    Matcher m = DURATION.matcher(value.strip());
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    try {
      return Duration.parse(value.strip());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "setting " + setting + "=" + value + " is invalid: not a duration such as 30s, 2h, 14d or PT2H");
    }
  }
}
