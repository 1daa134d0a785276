package dev.stepwise.bench.experiments;

import dev.stepwise.bench.MarkdownSection;
import dev.stepwise.bench.load.Latencies;
import dev.stepwise.bench.process.Credentials;
import dev.stepwise.bench.process.PostgresDatabase;
import dev.stepwise.bench.process.StepwiseProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The control plane's benchmark (issue 16): {@code Search} over 10,000 trial components of one experiment, each with
 * 10 parameters and 5 metrics, filtered by the experiment and sorted by a metric summary, first page of 100; and
 * {@code DescribeTrialComponent} of a run with 100 metrics. Against the real server (secured mode, signed requests)
 * on SQLite and on PostgreSQL, each measured next to the cheapest call of the same path ({@code DescribeExperiment}) in
 * the same run. Writes its section of {@code docs/benchmarks.md}.
 *
 * <p>{@code benchmarks/run} runs it; alone: {@code java -cp benchmarks/target/classes:server/target/stepwise.jar
 * dev.stepwise.bench.experiments.ExperimentsBenchmark [--quick] [--only sqlite|postgres]}.
 */
public final class ExperimentsBenchmark {
  static final int RUNS = 10_000;
  static final int WIDE_METRICS = 100;
  static final String EXPERIMENT = "bench-experiment";
  static final String TRIAL = "bench-trial";
  static final String WIDE_RUN = "bench-wide-run";

  private static final String SEARCH = "{\"Resource\": \"ExperimentTrialComponent\", \"SearchExpression\": {\"Filters\":"
      + " [{\"Name\": \"Parents.ExperimentName\", \"Operator\": \"Equals\", \"Value\": \"" + EXPERIMENT + "\"}]},"
      + " \"SortBy\": \"Metrics.val_loss.Min\", \"SortOrder\": \"Ascending\", \"MaxResults\": 100}";

  private record Figures(String store, int runs, double loadSeconds, Latencies search, Latencies describe,
      Latencies baseline, int searchBytes) {}

  public static void main(String[] args) throws Exception {
    boolean quick = false;
    Path output = Path.of("docs/benchmarks.md");
    Path serverJar = Path.of("server/target/stepwise.jar");
    String commit = "unknown";
    String command = "benchmarks/run";
    List<String> stores = List.of("sqlite", "postgres");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--only" -> stores = List.of(args[++i].split(","));
        case "--output" -> output = Path.of(args[++i]);
        case "--server-jar" -> serverJar = Path.of(args[++i]);
        case "--commit" -> commit = args[++i];
        case "--command" -> command = args[++i];
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + " (usage: ExperimentsBenchmark [--quick] [--only sqlite,postgres])");
      }
    }
    int runs = quick ? 1_000 : RUNS;
    int measured = quick ? 10 : 50;
    Instant started = Instant.now();
    Path work = Files.createTempDirectory("stepwise-experiments-bench-");
    Credentials credentials = Credentials.generate();
    List<Figures> figures = new ArrayList<>();
    try {
      for (String store : stores) {
        if (store.equals("sqlite")) {
          figures.add(measure("Stepwise (SQLite)", serverJar, work.resolve("sqlite"), null, credentials, runs,
              measured));
        } else if (store.equals("postgres")) {
          String name = "stepwise_bench_experiments_"
              + DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC).format(started);
          try (PostgresDatabase database = PostgresDatabase.create(name)) {
            figures.add(measure("Stepwise (PostgreSQL)", serverJar, work.resolve("postgres"), database.url(),
                credentials, runs, measured));
          }
        } else {
          throw new IllegalArgumentException("--only: sqlite or postgres, not " + store);
        }
      }
    } finally {
      try (Stream<Path> paths = Files.walk(work)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(path);
        }
      }
    }
    String markdown = report(figures, quick, started, commit, command);
    MarkdownSection.write(output, "experiments", markdown);
    System.out.println(markdown);
  }

  private static Figures measure(String name, Path serverJar, Path dir, String postgresUrl, Credentials credentials,
      int runs, int measured) throws Exception {
    Files.createDirectories(dir);
    try (StepwiseProcess server =
        StepwiseProcess.start(name, serverJar, dir, postgresUrl, credentials, "512m")) {
      System.out.printf("== %s: loading an experiment of %,d runs (10 parameters, 5 metrics each)%n", name, runs);
      long loadStarted = System.nanoTime();
      load(server, runs);
      double loadSeconds = (System.nanoTime() - loadStarted) / 1e9;
      System.out.printf("   loaded in %.1f s%n", loadSeconds);
      server.settle();
      try (ControlPlaneClient client = server.newControlPlaneClient()) {
        String first = client.call("Search", SEARCH).body();
        check(first.contains("\"TotalHits\":{\"Value\":" + runs + ","), "the search found every run: " + cut(first));
        check(first.contains("\"NextToken\""), "the first page has a next one");
        Latencies search = timed(client, "Search", SEARCH, measured / 5, measured);
        String describe = "{\"TrialComponentName\": \"" + WIDE_RUN + "\"}";
        String wide = client.call("DescribeTrialComponent", describe).body();
        check(wide.split("\"MetricName\"").length - 1 == WIDE_METRICS, "the wide run has " + WIDE_METRICS
            + " metric summaries");
        Latencies describeTimes = timed(client, "DescribeTrialComponent", describe, measured, measured * 4);
        Latencies baseline = timed(client, "DescribeExperiment", "{\"ExperimentName\": \"" + EXPERIMENT + "\"}",
            measured, measured * 4);
        System.out.printf("   Search p50 %.1f ms, DescribeTrialComponent (100 metrics) p50 %.1f ms,"
            + " DescribeExperiment p50 %.1f ms%n", search.percentileMs(50), describeTimes.percentileMs(50),
            baseline.percentileMs(50));
        return new Figures(name, runs, loadSeconds, search, describeTimes, baseline, first.length());
      }
    }
  }

  /** The experiment, its trial, the runs (created, associated, metrics put) from four clients, and the wide run. */
  private static void load(StepwiseProcess server, int runs) throws Exception {
    try (ControlPlaneClient client = server.newControlPlaneClient()) {
      client.call("CreateExperiment", "{\"ExperimentName\": \"" + EXPERIMENT + "\"}");
      client.call("CreateTrial", "{\"TrialName\": \"" + TRIAL + "\", \"ExperimentName\": \"" + EXPERIMENT + "\"}");
      client.call("CreateTrialComponent", "{\"TrialComponentName\": \"" + WIDE_RUN + "\"}");
      long now = System.currentTimeMillis() / 1000;
      for (int m = 0; m < WIDE_METRICS; m++) {
        StringBuilder items = new StringBuilder();
        for (int step = 0; step < 10; step++) {
          items.append(step == 0 ? "" : ",").append(String.format(Locale.ROOT,
              "{\"MetricName\": \"metric-%03d\", \"Timestamp\": %d, \"Step\": %d, \"Value\": %.4f}", m, now, step,
              1.0 / (step + m + 1)));
        }
        client.putMetrics("{\"TrialComponentName\": \"" + WIDE_RUN + "\", \"MetricData\": [" + items + "]}");
      }
    }
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Void>> loaders = new ArrayList<>();
      for (int c = 0; c < 4; c++) {
        loaders.add(pool.submit(() -> {
          try (ControlPlaneClient client = server.newControlPlaneClient()) {
            for (int i = next.getAndIncrement(); i < runs; i = next.getAndIncrement()) {
              loadRun(client, i);
            }
          }
          return null;
        }));
      }
      for (Future<Void> loader : loaders) {
        loader.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void loadRun(ControlPlaneClient client, int i) throws IOException {
    String run = String.format(Locale.ROOT, "bench-run-%05d", i);
    String parameters = String.format(Locale.ROOT, "{\"lr\": {\"NumberValue\": %s}, \"batch_size\": {\"NumberValue\":"
        + " %d}, \"optimizer\": {\"StringValue\": \"%s\"}, \"dropout\": {\"NumberValue\": %s}, \"momentum\":"
        + " {\"NumberValue\": 0.9}, \"weight_decay\": {\"NumberValue\": 0.0001}, \"layers\": {\"NumberValue\": %d},"
        + " \"width\": {\"NumberValue\": %d}, \"seed\": {\"NumberValue\": %d}, \"scheduler\": {\"StringValue\":"
        + " \"cosine\"}}", List.of("0.1", "0.01", "0.001").get(i % 3), 32 << (i % 4), i % 2 == 0 ? "adam" : "sgd",
        List.of("0.0", "0.1", "0.5").get(i % 3), 2 + i % 6, 64 << (i % 3), i);
    client.call("CreateTrialComponent", "{\"TrialComponentName\": \"" + run + "\", \"Parameters\": " + parameters
        + ", \"Tags\": [{\"Key\": \"sagemaker:trial-component-source\", \"Value\": \"run\"}]}");
    client.call("AssociateTrialComponent", "{\"TrialComponentName\": \"" + run + "\", \"TrialName\": \"" + TRIAL + "\"}");
    long now = System.currentTimeMillis() / 1000;
    StringBuilder items = new StringBuilder();
    String[] metrics = {"loss", "accuracy", "val_loss", "val_accuracy", "learning_rate"};
    for (int step = 0; step < 2; step++) {
      for (int m = 0; m < metrics.length; m++) {
        double value = ((i * 7919L + m * 104729L + step * 31L) % 10_007) / 10_007.0;
        items.append(items.isEmpty() ? "" : ",").append(String.format(Locale.ROOT,
            "{\"MetricName\": \"%s\", \"Timestamp\": %d, \"Step\": %d, \"Value\": %.6f}", metrics[m], now, step,
            value));
      }
    }
    client.putMetrics("{\"TrialComponentName\": \"" + run + "\", \"MetricData\": [" + items + "]}");
  }

  private static Latencies timed(ControlPlaneClient client, String operation, String json, int warmUp, int measured)
      throws IOException {
    for (int i = 0; i < warmUp; i++) {
      client.call(operation, json);
    }
    Latencies.Recorder recorder = new Latencies.Recorder();
    for (int i = 0; i < measured; i++) {
      recorder.record(client.call(operation, json).nanos());
    }
    return recorder.latencies();
  }

  private static String report(List<Figures> figures, boolean quick, Instant started, String commit,
      String command) {
    StringBuilder md = new StringBuilder();
    md.append("## The control plane: Search and DescribeTrialComponent\n\n");
    md.append(String.format(Locale.ROOT, "`%s` at `%s`, %s%s. One experiment of %,d runs, each with 10 parameters"
        + " and 5 metrics (2 points each), loaded through the API by four clients; then `Search` for"
        + " `Parents.ExperimentName Equals` the experiment, sorted by `Metrics.val_loss.Min`, first page of 100"
        + " (every match is ordered and kept for the later pages); `DescribeTrialComponent` of a run with %d metrics;"
        + " and, as the floor of the same request path (signature, routing, one store read), `DescribeExperiment`."
        + " One client, one call at a time, timed from the request's first byte to the answer's last. Targets:"
        + " Search p50 under 100 ms, DescribeTrialComponent p50 under 10 ms.%n%n",
        command, commit, DateTimeFormatter.ISO_INSTANT.format(started.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)),
        quick ? " (quick: a smoke run, not for comparison)" : "", figures.isEmpty() ? 0 : figures.getFirst().runs(),
        WIDE_METRICS));
    md.append("| store | load | Search p50 | Search p99 | answer | Describe (100 metrics) p50 | p99 |"
        + " DescribeExperiment p50 | Search / floor | Describe / floor | targets |\n");
    md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
    for (Figures f : figures) {
      double search = f.search().percentileMs(50);
      double describe = f.describe().percentileMs(50);
      double floor = f.baseline().percentileMs(50);
      md.append(String.format(Locale.ROOT,
          "| %s | %.0f s | %.1f ms | %.1f ms | %,d KB | %.2f ms | %.2f ms | %.2f ms | %.0fx | %.1fx | %s |%n",
          f.store(), f.loadSeconds(), search, f.search().percentileMs(99), f.searchBytes() / 1024, describe,
          f.describe().percentileMs(99), floor, search / floor, describe / floor,
          (search < 100 ? "Search met" : "Search **not met**") + ", "
              + (describe < 10 ? "Describe met" : "Describe **not met**")));
    }
    md.append(String.format(Locale.ROOT, "%nSearch: %d calls measured after %d; Describe and the floor: %d after %d.%n",
        figures.isEmpty() ? 0 : figures.getFirst().search().count(),
        figures.isEmpty() ? 0 : figures.getFirst().search().count() / 5,
        figures.isEmpty() ? 0 : figures.getFirst().describe().count(),
        figures.isEmpty() ? 0 : figures.getFirst().describe().count() / 4));
    return md.toString();
  }

  private static void check(boolean condition, String what) {
    if (!condition) {
      throw new IllegalStateException("benchmark data is not what it should be: " + what);
    }
  }

  private static String cut(String body) {
    return body.length() > 300 ? body.substring(0, 300) + "..." : body;
  }
}
