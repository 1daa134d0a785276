package dev.stepwise.bench.jmh;

import dev.stepwise.bench.MarkdownSection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the {@code jmh} section of {@code docs/benchmarks.md} from a JMH JSON result file: when, where and how it
 * was measured, one row per benchmark, and what the SigV4 figure means for throughput.
 *
 * <p>Usage: {@code JmhReport <jmh-result.json> <docs/benchmarks.md> <command>}
 */
public final class JmhReport {
  private static final String PACKAGE = JmhReport.class.getPackageName() + ".";

  /** One benchmark's result; {@code error} is NaN when JMH could not compute it (a single iteration). */
  record Row(String benchmark, String mode, double score, double error, String unit) {
    /** The score in microseconds per operation, when the unit is a time per operation. */
    Optional<Double> micros() {
      double perUnit = switch (unit) {
        case "ns/op" -> 1e-3;
        case "us/op" -> 1;
        case "ms/op" -> 1e3;
        case "s/op" -> 1e6;
        default -> Double.NaN;
      };
      return Double.isNaN(perUnit) ? Optional.empty() : Optional.of(score * perUnit);
    }
  }

  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length != 3) {
      System.err.println("usage: JmhReport <jmh-result.json> <docs/benchmarks.md> <command>");
      System.exit(2);
    }
    JsonNode results = JsonMapper.shared().readTree(Path.of(args[0]).toFile());
    if (!results.isArray() || results.isEmpty()) {
      throw new IllegalArgumentException(args[0] + " holds no JMH results");
    }
    Path markdown = Path.of(args[1]);
    MarkdownSection.write(markdown, "jmh", render(results, args[2], commit()));
    System.out.println("wrote the jmh section of " + markdown);
  }

  static String render(JsonNode results, String command, String commit) {
    List<Row> rows = new ArrayList<>();
    for (JsonNode result : results.values()) {
      JsonNode metric = result.path("primaryMetric");
      rows.add(
          new Row(
              result.path("benchmark").asString().replace(PACKAGE, ""),
              result.path("mode").asString(),
              metric.path("score").asDouble(Double.NaN),
              // JMH writes an error it cannot compute as the string "NaN".
              metric.path("scoreError").isNumber() ? metric.path("scoreError").doubleValue() : Double.NaN,
              metric.path("scoreUnit").asString()));
    }
    JsonNode first = results.path(0);
    StringBuilder md = new StringBuilder("## Hot functions (JMH)\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "Measured %s at commit %s on %d cores, %s %s, JMH %s: forks %d, warm-up %d × %s, measurement "
                + "%d × %s, one thread; the error is JMH's 99.9%% confidence interval. Command: `%s`.%n%n",
            LocalDate.now(ZoneOffset.UTC),
            commit,
            Runtime.getRuntime().availableProcessors(),
            first.path("vmName").asString(),
            first.path("jdkVersion").asString(),
            first.path("jmhVersion").asString(),
            first.path("forks").asInt(),
            first.path("warmupIterations").asInt(),
            first.path("warmupTime").asString(),
            first.path("measurementIterations").asInt(),
            first.path("measurementTime").asString(),
            command));
    md.append("| benchmark | mode | score ± error | unit |\n| --- | --- | ---: | --- |\n");
    for (Row row : rows) {
      md.append(
          String.format(
              Locale.ROOT,
              "| `%s` | %s | %s | %s |%n",
              row.benchmark(),
              row.mode(),
              Double.isNaN(row.error())
                  ? number(row.score())
                  : number(row.score()) + " ± " + number(row.error(), decimals(row.score())),
              row.unit().replace("us/", "µs/")));
    }
    Optional<Double> verify = find(rows, "SigV4Benchmark.verify");
    verify.ifPresent(
        us ->
            md.append(
                String.format(
                    Locale.ROOT,
                    "%nSigV4 verification: %s µs per request → at most %,d requests/s per core.%n",
                    number(us),
                    Math.round(1e6 / us))));
    Optional<Double> decode = find(rows, "ProtocolBenchmark.decodePut10");
    Optional<Double> rules = find(rows, "ProtocolBenchmark.putItemRules10");
    if (verify.isPresent() && decode.isPresent() && rules.isPresent()) {
      double total = verify.get() + decode.get() + rules.get();
      md.append(
          String.format(
              Locale.ROOT,
              "A signed 10-point `BatchPutMetrics` above the store (verify + decode + item rules): %s µs, of which "
                  + "SigV4 %.1f%%, decoding %.1f%%, item rules %.1f%%.%n",
              number(total),
              100 * verify.get() / total,
              100 * decode.get() / total,
              100 * rules.get() / total));
    }
    return md.toString();
  }

  private static Optional<Double> find(List<Row> rows, String benchmark) {
    return rows.stream().filter(r -> r.benchmark().equals(benchmark)).findFirst().flatMap(Row::micros);
  }

  /** Three significant figures are all a noisy 2-core machine can vouch for. */
  static String number(double value) {
    return number(value, decimals(value));
  }

  private static String number(double value, int decimals) {
    return Double.isNaN(value) ? "?" : String.format(Locale.ROOT, "%,." + decimals + "f", value);
  }

  private static int decimals(double value) {
    double magnitude = Math.abs(value);
    if (Double.isNaN(magnitude) || magnitude == 0 || Double.isInfinite(magnitude)) {
      return 0;
    }
    return (int) Math.max(0, Math.min(6, 2 - Math.floor(Math.log10(magnitude))));
  }

  /** HEAD's short hash as Markdown, marked when the code measured differs from it (this report's file aside). */
  private static String commit() throws IOException, InterruptedException {
    String head = git("rev-parse", "--short", "HEAD");
    if (head == null) {
      return "unknown";
    }
    boolean clean = git("diff", "--quiet", "HEAD", "--", ".", ":(exclude)docs/benchmarks.md") != null;
    return clean ? "`" + head + "`" : "`" + head + "` plus uncommitted changes";
  }

  /** The command's output, or null when it fails. */
  private static String git(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    return git.waitFor() == 0 ? out : null;
  }

  private JmhReport() {}
}
