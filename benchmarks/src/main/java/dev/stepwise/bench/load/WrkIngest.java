package dev.stepwise.bench.load;

import dev.stepwise.bench.IngestFigure;
import dev.stepwise.bench.process.ProcessCpu;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ingest driven by {@code wrk} (C, event loop, no signing) instead of the Java load generator: one connection per wrk
 * thread, each writing 10 points a request to its own trial component (the scripts {@code benchmarks/wrk-put.lua} and
 * {@code benchmarks/wrk-influx.lua}). It leaves the server more of the two cores, so it shows what the server does when
 * the load costs little. A warm-up run first (its own trial components), then the measured run, with the server's and
 * the database's CPU read just before and just after it.
 */
public final class WrkIngest {
  private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in ([\\d.]+)(us|ms|s|m)");
  private static final Pattern PERCENTILE = Pattern.compile("^\\s*(50|99)(?:\\.000)?%\\s+([\\d.]+)(us|ms|s|m)\\s*$",
      Pattern.MULTILINE);
  private static final Pattern NON_2XX = Pattern.compile("non-2xx: (\\d+)");

  private WrkIngest() {}

  /**
   * @param url the server's base URL, e.g. {@code http://127.0.0.1:9400/}
   * @param prefix names the run's trial components (the warm-up adds "-w")
   */
  public static IngestFigure measure(String url, Path script, String prefix, int connections, Duration warmUp,
      Duration measured, ProcessCpu server, ProcessCpu database) throws IOException, InterruptedException {
    run(url, script, prefix + "-w", connections, warmUp);
    double serverBefore = server.seconds();
    double databaseBefore = database == null ? Double.NaN : database.seconds();
    ProcessCpu machine = ProcessCpu.machine();
    double machineBefore = machine.seconds();
    String output = run(url, script, prefix, connections, measured);
    double serverCpu = server.seconds() - serverBefore;
    double databaseCpu = database == null ? Double.NaN : database.seconds() - databaseBefore;
    double machineCpu = machine.seconds() - machineBefore;
    Matcher requests = find(REQUESTS, output);
    long total = Long.parseLong(requests.group(1));
    double seconds = seconds(requests.group(2), requests.group(3));
    long failed = Long.parseLong(find(NON_2XX, output).group(1));
    long points = (total - failed) * 10;
    double p50 = Double.NaN;
    double p99 = Double.NaN;
    Matcher percentile = PERCENTILE.matcher(output);
    while (percentile.find()) {
      double ms = seconds(percentile.group(2), percentile.group(3)) * 1000;
      if (percentile.group(1).equals("50")) {
        p50 = ms;
      } else {
        p99 = ms;
      }
    }
    return new IngestFigure(points / seconds, total, p50, p99, failed, 0, serverCpu * 1e6 / points,
        databaseCpu * 1e6 / points, Double.NaN, machineCpu * 1e6 / points, "not read back (wrk counts 2xx answers)");
  }

  private static String run(String url, Path script, String prefix, int connections, Duration duration)
      throws IOException, InterruptedException {
    List<String> command = List.of("wrk", "-t" + connections, "-c" + connections, "-d" + duration.toSeconds() + "s",
        "--latency", "-s", script.toString(), url, "--", prefix);
    Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (wrk.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + " failed:\n" + output);
    }
    return output;
  }

  private static Matcher find(Pattern pattern, String output) throws IOException {
    Matcher m = pattern.matcher(output);
    if (!m.find()) {
      throw new IOException("wrk's output lacks " + pattern + ":\n" + output);
    }
    return m;
  }

  private static double seconds(String number, String unit) {
    double n = Double.parseDouble(number);
    return switch (unit) {
      case "us" -> n / 1e6;
      case "ms" -> n / 1e3;
      case "m" -> n * 60;
      default -> n;
    };
  }
}
