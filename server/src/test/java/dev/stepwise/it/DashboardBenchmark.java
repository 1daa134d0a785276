package dev.stepwise.it;

import dev.stepwise.config.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.openqa.selenium.By;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.TrialComponentParameterValue;
import software.amazon.awssdk.services.sagemaker.model.TrialComponentPrimaryStatus;
import software.amazon.awssdk.services.sagemakermetrics.SageMakerMetricsClient;
import software.amazon.awssdk.services.sagemakermetrics.model.RawMetricData;

/**
 * Not a test: how long the dashboard takes from navigation to drawn charts in Chromium, for one series of 1,000,000
 * points, for 100 trial components overlaid, for the runs table of an experiment of 10,000 runs and for 100 runs of
 * 10,000 steps grouped into 4 curves, against a baseline page of one 20-point series measured in the same run. Run with {@code benchmarks/dashboard.sh}; writes its section of {@code docs/benchmarks.md}.
 */
public final class DashboardBenchmark {
  static final Instant T0 = Instant.parse("2026-01-02T00:00:00Z");
  static final int RUNS = 7;
  static final int RUN_COUNT = 10_000;

  public static void main(String[] args) throws Exception {
    Path output = Path.of(args.length > 0 ? args[0] : "docs/benchmarks.md");
    Path dir = Files.createTempDirectory("stepwise-dashboard-bench-");
    try (StepwiseTestServer server =
            new StepwiseTestServer(ServerConfig.defaults().withPort(0).withDataDir(dir), Clock.systemUTC())) {
      long started = System.nanoTime();
      feed(server, List.of("one-million"), 1_000_000, 86_400_000L / 1_000_000);
      List<String> hundred = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        hundred.add(String.format("sweep-%03d", i));
      }
      feed(server, hundred, 1_000, 1_000);
      feed(server, List.of("tiny"), 20, 1_000);
      feedRuns(server, "ten-thousand", RUN_COUNT);
      List<String> grouped = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        grouped.add(String.format("grouped-%03d", i));
      }
      feedExperiment(server, "grouped", grouped, i -> Map.of("group", text("g" + (i % 4)), "seed", number(i)));
      feed(server, grouped, 10_000, 1_000);
      System.out.printf("fed in %.1f s%n", (System.nanoTime() - started) / 1e9);

      String partition = "account=" + StepwiseTestServer.ACCOUNT + "&region=" + StepwiseTestServer.REGION;
      String base = server.endpoint().resolve("/ui/charts.html?" + partition).toString();
      StringBuilder compare = new StringBuilder(base);
      hundred.forEach(tc -> compare.append("&tc=").append(tc));
      try (Browser browser = new Browser(1280, 800)) {
        // "live" off: a refresh in the middle of a measurement would only add noise.
        double[] tiny = measure(browser, base + "&tc=tiny");
        double[] million = measure(browser, base + "&tc=one-million");
        double[] overlay = measure(browser, compare.toString());
        String experiment = server.endpoint().resolve("/ui/experiment.html?" + partition).toString();
        double[] table = measure(browser, experiment + "&experiment=ten-thousand");
        double[] groups = measure(browser, experiment + "&experiment=grouped&group=group", "data-groups-ready");
        String report = report(tiny, million, overlay, table, groups);
        System.out.print(report);
        MarkdownSection.write(output, "dashboard", report);
      }
    } finally {
      deleteQuietly(dir);
    }
  }

  /** Writes {@code points} points per trial component (metric "loss"), 10 per request, from 8 threads. */
  static void feed(StepwiseTestServer server, List<String> trialComponents, int points, long stepMs)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> done = new ArrayList<>();
    int threads = 8;
    for (String tc : trialComponents) {
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  try (SageMakerMetricsClient client = server.client()) {
                    for (int first = thread * 10; first < points; first += threads * 10) {
                      List<RawMetricData> batch = new ArrayList<>(10);
                      for (int i = first; i < Math.min(first + 10, points); i++) {
                        batch.add(
                            RawMetricData.builder()
                                .metricName("loss")
                                .timestamp(T0.plusMillis(i * stepMs))
                                .step(i)
                                .value(2.0 / (1 + i / 5_000.0) + 0.05 * Math.sin(i / 7.0) + (i % 99_991 == 0 ? 3 : 0))
                                .build());
                      }
                      client.batchPutMetrics(b -> b.trialComponentName(tc).metricData(batch));
                    }
                  }
                  return null;
                }));
      }
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
  }

  /**
   * An experiment of {@code count} runs as the SDK's Run makes them (trial component, association, parameters), each
   * with 10 parameters and 5 metrics of 2 points (one request per run), from 8 threads.
   */
  static void feedRuns(StepwiseTestServer server, String experiment, int count) throws Exception {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      names.add(String.format("%s-%05d", experiment, i));
    }
    feedExperiment(server, experiment, names, i -> {
      Map<String, TrialComponentParameterValue> parameters = new java.util.LinkedHashMap<>();
      parameters.put("optimizer", text(i % 3 == 0 ? "adam" : i % 3 == 1 ? "sgd" : "adamw"));
      parameters.put("lr", number(Math.pow(10, -1 - i % 4)));
      parameters.put("batch_size", number(32 << (i % 3)));
      parameters.put("seed", number(i));
      for (int p = 0; p < 6; p++) {
        parameters.put("param_" + p, number((i * 31 + p * 7) % 101));
      }
      return parameters;
    });
    runInParallel(server, names, (client, metrics, i, name) -> {
      List<RawMetricData> batch = new ArrayList<>(10);
      for (int m = 0; m < 5; m++) {
        for (int step = 0; step < 2; step++) {
          batch.add(RawMetricData.builder().metricName("metric_" + m).timestamp(T0.plusSeconds(step)).step(step)
              .value((i % 97) / 97.0 + m + step * 0.5).build());
        }
      }
      metrics.batchPutMetrics(b -> b.trialComponentName(name).metricData(batch));
    });
  }

  /** An experiment with one trial whose trial components carry the given parameters. */
  static void feedExperiment(StepwiseTestServer server, String experiment, List<String> names,
      java.util.function.IntFunction<Map<String, TrialComponentParameterValue>> parameters) throws Exception {
    try (SageMakerClient sageMaker = server.sageMaker()) {
      sageMaker.createExperiment(b -> b.experimentName(experiment));
      sageMaker.createTrial(b -> b.trialName(experiment + "-trial").experimentName(experiment));
    }
    runInParallel(server, names, (client, metrics, i, name) -> {
      client.createTrialComponent(b -> b.trialComponentName(name).startTime(T0)
          .status(s -> s.primaryStatus(TrialComponentPrimaryStatus.COMPLETED)).endTime(T0.plusSeconds(60))
          .parameters(parameters.apply(i)));
      client.associateTrialComponent(b -> b.trialComponentName(name).trialName(experiment + "-trial"));
    });
  }

  interface RunTask {
    void run(SageMakerClient client, SageMakerMetricsClient metrics, int index, String name);
  }

  /** Runs a task for every name from 8 threads, each with its own clients. */
  static void runInParallel(StepwiseTestServer server, List<String> names, RunTask task) throws Exception {
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      done.add(pool.submit(() -> {
        try (SageMakerClient client = server.sageMaker(); SageMakerMetricsClient metrics = server.client()) {
          for (int i = thread; i < names.size(); i += threads) {
            task.run(client, metrics, i, names.get(i));
          }
        }
        return null;
      }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
  }

  static TrialComponentParameterValue text(String value) {
    return TrialComponentParameterValue.builder().stringValue(value).build();
  }

  static TrialComponentParameterValue number(double value) {
    return TrialComponentParameterValue.builder().numberValue(value).build();
  }

  /** Milliseconds from navigation to every chart drawn, one warm-up then {@link #RUNS} runs, sorted. */
  static double[] measure(Browser browser, String url) {
    return measure(browser, url, "data-ready");
  }

  /** Milliseconds from navigation to the body's {@code attribute} being "true", one warm-up then {@link #RUNS} runs. */
  static double[] measure(Browser browser, String url, String attribute) {
    double[] times = new double[RUNS];
    for (int run = -1; run < RUNS; run++) {
      browser.driver.get("about:blank");
      long start = System.nanoTime();
      browser.driver.get(url + "&live=0");
      browser.waitFor(
          Duration.ofSeconds(60),
          d -> "true".equals(d.findElement(By.tagName("body")).getAttribute(attribute)));
      double ms = (System.nanoTime() - start) / 1e6;
      if (run >= 0) {
        times[run] = ms;
      }
    }
    Arrays.sort(times);
    return times;
  }

  static String report(double[] tiny, double[] million, double[] overlay, double[] table, double[] groups) {
    String commit = git("rev-parse", "--short", "HEAD");
    return "## Dashboard: navigation to drawn charts\n\n"
        + "Measured " + LocalDate.now() + " at commit `" + commit + "` on " + Runtime.getRuntime().availableProcessors()
        + " cores, Debian's Chromium (headless, 1280x800) through Selenium, the server on the embedded SQLite store,"
        + " in the same JVM as the browser driver. Time from `driver.get` to the page's `data-ready` (every chart"
        + " drawn), one warm-up then " + RUNS + " runs. Command: `benchmarks/dashboard.sh`.\n\n"
        + "| page | median ms | worst ms | ratio to baseline (median) | target |\n"
        + "| --- | ---: | ---: | ---: | --- |\n"
        + row("baseline: one series of 20 points", tiny, tiny, "")
        + row("one series of 1,000,000 points", million, tiny, "< 1,000 ms")
        + row("100 trial components of 1,000 points overlaid", overlay, tiny, "< 1,000 ms")
        + row("runs table of an experiment of 10,000 runs (10 parameters, 5 metrics each): first rows drawn", table,
            tiny, "< 1,000 ms")
        + row("100 runs of 10,000 steps grouped into 4 curves with their bands (every group chart drawn)", groups, tiny,
            "< 1,000 ms");
  }

  static String row(String name, double[] times, double[] baseline, String target) {
    double median = times[times.length / 2];
    return String.format(
        "| %s | %.0f | %.0f | %.2f | %s |%n",
        name, median, times[times.length - 1], median / baseline[baseline.length / 2], target);
  }

  static String git(String... args) {
    try {
      List<String> command = new ArrayList<>(List.of("git"));
      command.addAll(List.of(args));
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).strip();
      return p.waitFor() == 0 ? out : "unknown";
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  static void deleteQuietly(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private DashboardBenchmark() {}
}
