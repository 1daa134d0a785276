package dev.stepwise.it;

import static dev.stepwise.it.StepwiseTestServer.ACCOUNT;
import static dev.stepwise.it.StepwiseTestServer.REGION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.stepwise.config.ServerConfig;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.TrialComponentParameterValue;
import software.amazon.awssdk.services.sagemaker.model.TrialComponentPrimaryStatus;
import software.amazon.awssdk.services.sagemakermetrics.SageMakerMetricsClient;
import software.amazon.awssdk.services.sagemakermetrics.model.RawMetricData;

/**
 * The experiments pages in a real browser (Debian's Chromium through Selenium) on a real server fed as the SageMaker
 * Python SDK's {@code Run} feeds it: experiments, trials and trial components made with the AWS SDK for Java v2's
 * SageMaker client, metrics with its SageMaker Metrics client. Expected figures (summaries, group means) are computed
 * here from the values written, never read back from the server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Experiments pages in Chromium")
class ExperimentsBrowserIT {
  static final Instant T0 = Instant.parse("2026-01-02T00:00:00Z");
  static final Duration WAIT = Duration.ofSeconds(20);
  static final Path SCREENSHOTS = Path.of(System.getProperty("stepwise.screenshots", "target/screenshots"));
  static final String EXPERIMENT = "mnist";

  /** One run of the sweep: its parameters and the loss it logs at steps 0..steps-1. */
  record Run(String name, String optimizer, double lr, int seed, int steps) {
    double loss(int step) {
      double base = ("adam".equals(optimizer) ? 1.0 : 2.0) * (lr == 0.1 ? 1.0 : 1.5) + 0.1 * seed;
      return base / (1 + step / 10.0);
    }

    double minLoss() {
      return loss(steps - 1);
    }
  }

  @TempDir static Path dir;
  StepwiseTestServer server;
  SageMakerClient sageMaker;
  SageMakerMetricsClient metrics;
  Browser browser;
  final List<Run> runs = new ArrayList<>();

  @BeforeAll
  void start() {
    server = new StepwiseTestServer(ServerConfig.defaults().withPort(0).withDataDir(dir), Clock.systemUTC());
    sageMaker = server.sageMaker();
    metrics = server.client();
    sageMaker.createExperiment(b -> b.experimentName(EXPERIMENT).displayName("MNIST-digits").description("digits, small CNN"));
    sageMaker.createTrial(b -> b.trialName("mnist-sweep").experimentName(EXPERIMENT));
    for (String optimizer : List.of("adam", "sgd")) {
      for (double lr : List.of(0.1, 0.01)) {
        for (int seed : List.of(1, 2)) {
          Run run = new Run(optimizer + "-lr" + (lr == 0.1 ? "1" : "2") + "-s" + seed, optimizer, lr, seed, 40 + 10 * seed);
          runs.add(run);
          logRun(sageMaker, metrics, "mnist-sweep", run);
        }
      }
    }
    sageMaker.createExperiment(b -> b.experimentName("cifar").description("colour images"));
    sageMaker.createTrial(b -> b.trialName("cifar-trial").experimentName("cifar"));
    logRun(sageMaker, metrics, "cifar-trial", new Run("cifar-a", "adam", 0.1, 1, 10));
    put(metrics, "stray-run", "train:loss", 5, step -> 1.0 / (1 + step)); // metrics only: in no experiment
  }

  @AfterAll
  void stop() {
    sageMaker.close();
    metrics.close();
    server.close();
  }

  @BeforeEach
  void openBrowser() {
    browser = new Browser(1280, 900);
  }

  @AfterEach
  void closeBrowser() {
    browser.close();
  }

  /** As Run does: the trial component, its association, its parameters, its metrics, then its final status. */
  static void logRun(SageMakerClient sageMaker, SageMakerMetricsClient metrics, String trial, Run run) {
    sageMaker.createTrialComponent(b -> b.trialComponentName(run.name()).displayName(run.name()).startTime(T0)
        .status(s -> s.primaryStatus(TrialComponentPrimaryStatus.IN_PROGRESS)));
    sageMaker.associateTrialComponent(b -> b.trialComponentName(run.name()).trialName(trial));
    sageMaker.updateTrialComponent(b -> b.trialComponentName(run.name()).parameters(Map.of(
        "optimizer", TrialComponentParameterValue.builder().stringValue(run.optimizer()).build(),
        "lr", TrialComponentParameterValue.builder().numberValue(run.lr()).build(),
        "seed", TrialComponentParameterValue.builder().numberValue((double) run.seed()).build())));
    put(metrics, run.name(), "train:loss", run.steps(), run::loss);
    put(metrics, run.name(), "validation:accuracy", 5, step -> 1 - run.loss(step * 10));
    sageMaker.updateTrialComponent(b -> b.trialComponentName(run.name()).endTime(T0.plusSeconds(run.steps()))
        .status(s -> s.primaryStatus(TrialComponentPrimaryStatus.COMPLETED)));
  }

  static void put(SageMakerMetricsClient metrics, String tc, String metric, int steps,
      java.util.function.IntToDoubleFunction value) {
    List<RawMetricData> batch = new ArrayList<>();
    for (int step = 0; step < steps; step++) {
      batch.add(RawMetricData.builder().metricName(metric).timestamp(T0.plusSeconds(step)).step(step)
          .value(value.applyAsDouble(step)).build());
      if (batch.size() == 10 || step == steps - 1) {
        List<RawMetricData> sent = List.copyOf(batch);
        metrics.batchPutMetrics(b -> b.trialComponentName(tc).metricData(sent));
        batch.clear();
      }
    }
  }

  /** What the pages print of a value in [0.001, 1000): four significant digits. */
  static String fourDigits(double value) {
    return new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros().toPlainString();
  }

  String url(String page) {
    return server.endpoint().resolve("/ui/" + page).toString();
  }

  String runsPage(String extra) {
    return url("experiment.html?account=" + ACCOUNT + "&region=" + REGION + "&experiment=" + EXPERIMENT + extra);
  }

  void waitReady() {
    browser.waitFor(WAIT, d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
  }

  /** The names of the drawn rows of the runs table, top to bottom. */
  @SuppressWarnings("unchecked")
  List<String> tableRows() { // read in one script: the rows are redrawn as windows arrive
    return (List<String>) browser.script(
        "return Array.from(document.querySelectorAll('#runs tr.run[data-name]'), r => r.dataset.name);");
  }

  String total() {
    return browser.driver.findElement(By.id("runs")).getAttribute("data-total");
  }

  /** A cell's text and title, read in one script (a live refresh may redraw the rows at any time). */
  record Cell(String text, String title) {}

  @SuppressWarnings("unchecked")
  Cell cell(String run, String column) {
    List<String> read = (List<String>) browser.script(
        "const td = document.querySelector(\"#runs tr.run[data-name='\" + arguments[0] + \"'] td[data-column='\""
            + " + arguments[1] + \"']\"); return td ? [td.innerText, td.title] : null;",
        run, column);
    assertThat(read).as("the cell " + column + " of " + run).isNotNull();
    return new Cell(read.get(0), read.get(1));
  }

  @SuppressWarnings("unchecked")
  List<String> headers() {
    return (List<String>) browser.script(
        "return Array.from(document.querySelectorAll('#runs thead th[data-column]'), th => th.dataset.column);");
  }

  void waitRows(int n) {
    browser.waitFor(WAIT, d -> String.valueOf(n).equals(total()) && tableRows().size() == n);
  }

  WebElement groupChart(String metric) {
    return browser.driver.findElement(By.cssSelector("section.group-chart[data-metric='" + metric + "']"));
  }

  @Test
  @DisplayName("the experiments page lists every experiment with its description and runs, and the unassigned runs")
  void experimentsPage() {
    browser.driver.get(url("?account=" + ACCOUNT + "&region=" + REGION));
    waitReady();
    browser.waitFor(WAIT, d -> d.findElements(By.cssSelector("tr.experiment")).size() == 3);
    WebElement mnist = browser.driver.findElement(By.cssSelector("tr.experiment[data-name='mnist']"));
    assertThat(mnist.findElement(By.cssSelector("td.name")).getText()).startsWith("MNIST-digits");
    assertThat(mnist.findElement(By.cssSelector("td.description")).getText()).isEqualTo("digits, small CNN");
    assertThat(mnist.findElement(By.cssSelector("td.runs")).getText()).isEqualTo("8");
    assertThat(mnist.findElement(By.cssSelector("td.last-activity")).getText()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC.*");
    WebElement cifar = browser.driver.findElement(By.cssSelector("tr.experiment[data-name='cifar']"));
    assertThat(cifar.findElement(By.cssSelector("td.runs")).getText()).isEqualTo("1");
    WebElement unassigned = browser.driver.findElement(By.cssSelector("tr.experiment.unassigned"));
    assertThat(unassigned.findElement(By.cssSelector("td.runs")).getText()).isEqualTo("1");
    browser.screenshot(SCREENSHOTS.resolve("experiments.png"));

    unassigned.findElement(By.cssSelector("a.open")).click();
    waitRows(1);
    assertThat(tableRows()).containsExactly("stray-run");

    browser.driver.navigate().back();
    browser.waitFor(WAIT, d -> !d.findElements(By.cssSelector("tr.experiment[data-name='mnist'] a.open")).isEmpty());
    browser.driver.findElement(By.cssSelector("tr.experiment[data-name='mnist'] a.open")).click();
    waitRows(8);
    assertThat(browser.driver.findElement(By.id("title")).getText()).isEqualTo("MNIST-digits");
  }

  @Test
  @DisplayName("the runs table shows each run's parameters and metric summaries, and sorts on any column")
  void runsTable() {
    browser.driver.get(runsPage(""));
    waitRows(8);
    assertThat(headers()).containsSubsequence("name", "status", "start", "end", "duration", "parameter:lr",
        "parameter:optimizer", "parameter:seed", "metric:train:loss.last", "metric:train:loss.min",
        "metric:train:loss.max");
    Run run = runs.get(2); // adam, lr 0.01, seed 1
    assertThat(cell(run.name(), "parameter:lr").text()).isEqualTo("0.01");
    assertThat(cell(run.name(), "parameter:optimizer").text()).isEqualTo("adam");
    assertThat(cell(run.name(), "status").text()).isEqualTo("Completed");
    assertThat(cell(run.name(), "duration").text()).isEqualTo(run.steps() + "s");
    Cell min = cell(run.name(), "metric:train:loss.min");
    assertThat(min.text()).isEqualTo(fourDigits(run.minLoss()));
    assertThat(min.title()).isEqualTo(String.valueOf(run.minLoss()));
    assertThat(cell(run.name(), "metric:train:loss.max").title()).isEqualTo(String.valueOf(run.loss(0)));
    browser.screenshot(SCREENSHOTS.resolve("runs-table.png"));

    List<String> byMin = runs.stream().sorted(Comparator.comparingDouble(Run::minLoss)).map(Run::name).toList();
    browser.driver.findElement(By.cssSelector("#runs th[data-column='metric:train:loss.min'] button.sort")).click();
    browser.waitFor(WAIT, d -> tableRows().equals(byMin));
    assertThat(browser.driver.findElement(By.cssSelector("#runs th[data-column='metric:train:loss.min']"))
        .getAttribute("aria-sort")).isEqualTo("ascending");
    browser.driver.findElement(By.cssSelector("#runs th[data-column='metric:train:loss.min'] button.sort")).click();
    browser.waitFor(WAIT, d -> tableRows().equals(byMin.reversed()));

    List<String> byName = runs.stream().map(Run::name).sorted().toList();
    browser.driver.findElement(By.cssSelector("#runs th[data-column='name'] button.sort")).click();
    browser.waitFor(WAIT, d -> tableRows().equals(byName));
    browser.driver.navigate().refresh();
    browser.waitFor(WAIT, d -> tableRows().equals(byName)); // the order is in the URL
  }

  @Test
  @DisplayName("the filter narrows the runs through Search, and a wrong expression says where it is wrong")
  void filter() {
    browser.driver.get(runsPage(""));
    waitRows(8);
    WebElement filter = browser.driver.findElement(By.id("filter"));
    filter.sendKeys("optimizer = adam and lr >= 0.05 and train:loss.min < 0.2" + Keys.ENTER);
    List<String> expected = runs.stream().filter(r -> r.optimizer().equals("adam") && r.lr() >= 0.05 && r.minLoss() < 0.2)
        .map(Run::name).sorted().toList();
    assertThat(expected).hasSize(2);
    browser.waitFor(WAIT, d -> "2".equals(total()) && tableRows().size() == 2);
    assertThat(tableRows()).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(browser.driver.findElement(By.id("status")).getText()).isEqualTo("2 runs match the filter");
    assertThat(browser.driver.getCurrentUrl()).contains("filter=");

    filter.clear();
    filter.sendKeys("lr >= and optimizer = adam" + Keys.ENTER);
    WebElement error = browser.driver.findElement(By.id("filter-error"));
    browser.waitFor(WAIT, d -> error.isDisplayed());
    assertThat(error.getText()).contains("expected a value after '>=' at column 7, found 'and'");
    assertThat(error.getAttribute("data-position")).isEqualTo("6");
    assertThat(filter.getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(tableRows()).as("the last good filter still holds").hasSize(2);

    filter.clear();
    filter.sendKeys("seed = 2" + Keys.ENTER);
    browser.waitFor(WAIT, d -> "4".equals(total()) && tableRows().size() == 4);
    assertThat(error.isDisplayed()).isFalse();
  }

  @Test
  @DisplayName("the columns chosen are remembered for the experiment")
  void rememberedColumns() {
    browser.driver.get(runsPage(""));
    waitRows(8);
    browser.driver.findElement(By.cssSelector("#columns summary")).click();
    browser.driver.findElement(By.cssSelector("#column-list input[data-column='parameter:seed']")).click();
    browser.driver.findElement(By.cssSelector("#column-list input[data-column='metric:train:loss.avg']")).click();
    browser.waitFor(WAIT, d -> headers().contains("metric:train:loss.avg") && !headers().contains("parameter:seed"));

    browser.driver.get(runsPage(""));
    waitRows(8);
    assertThat(headers()).contains("metric:train:loss.avg").doesNotContain("parameter:seed");
    Run run = runs.getFirst();
    double avg = java.util.stream.IntStream.range(0, run.steps()).mapToDouble(run::loss).average().orElseThrow();
    assertThat(Double.parseDouble(cell(run.name(), "metric:train:loss.avg").title())).isCloseTo(avg, within(1e-12));

    browser.driver.get(url("experiment.html?account=" + ACCOUNT + "&region=" + REGION + "&experiment=cifar"));
    waitRows(1);
    assertThat(headers()).as("another experiment keeps its own choice").contains("parameter:seed")
        .doesNotContain("metric:train:loss.avg");

    browser.driver.get(runsPage(""));
    waitRows(8);
    browser.driver.findElement(By.cssSelector("#columns summary")).click();
    browser.driver.findElement(By.id("columns-reset")).click();
    browser.waitFor(WAIT, d -> headers().contains("parameter:seed") && !headers().contains("metric:train:loss.avg"));
  }

  @Test
  @DisplayName("grouping by a parameter draws one curve per group with the mean of the runs that reach each step")
  void grouping() {
    browser.driver.get(runsPage(""));
    waitRows(8);
    browser.driver.findElement(By.cssSelector("#group-by input.group-pick[value='optimizer']")).click();
    browser.waitFor(WAIT, d -> "2".equals(groupChart("train:loss").getAttribute("data-group-count")));
    WebElement loss = groupChart("train:loss");
    assertThat(loss.getAttribute("data-bucket-width")).isEqualTo("1");
    assertThat(loss.findElements(By.cssSelector(".legend-item"))).extracting(e -> e.getText().replaceAll("\\s+", " "))
        .containsExactly("optimizer=adam · 4 runs", "optimizer=sgd · 4 runs");

    // Step 5: all four adam runs; step 55: only the two whose seed is 2 (60 steps; seed 1 runs have 50).
    for (int step : List.of(5, 55)) {
      List<Run> reaching = runs.stream().filter(r -> r.optimizer().equals("adam") && r.steps() > step).toList();
      double mean = reaching.stream().mapToDouble(r -> r.loss(step)).average().orElseThrow();
      assertThat(groupValue("train:loss", 1, step)).as("adam's mean at step " + step).isCloseTo(mean, within(1e-9));
      double max = reaching.stream().mapToDouble(r -> r.loss(step)).max().orElseThrow();
      assertThat(groupValue("train:loss", 2, step)).as("band's upper edge: the max").isCloseTo(max, within(1e-9));
    }
    browser.script("document.getElementById('groups-title').scrollIntoView()");
    browser.screenshot(SCREENSHOTS.resolve("grouped.png"));

    new Select(browser.driver.findElement(By.id("band"))).selectByValue("std");
    int step = 5;
    List<Run> adam = runs.stream().filter(r -> r.optimizer().equals("adam")).toList();
    double mean = adam.stream().mapToDouble(r -> r.loss(step)).average().orElseThrow();
    double variance = adam.stream().mapToDouble(r -> Math.pow(r.loss(step) - mean, 2)).sum() / (adam.size() - 1);
    browser.waitFor(WAIT, d -> Math.abs(groupValue("train:loss", 2, step) - (mean + Math.sqrt(variance))) < 1e-9);

    browser.driver.findElement(By.cssSelector("#group-by input.group-pick[value='lr']")).click();
    browser.waitFor(WAIT, d -> "4".equals(groupChart("train:loss").getAttribute("data-group-count")));
    assertThat(browser.driver.findElements(By.cssSelector("section.group-chart"))).extracting(e -> e.getAttribute("data-metric"))
        .containsExactly("train:loss", "validation:accuracy");
  }

  /** The value of one of a group chart's series at an x, read from the uPlot instance. */
  double groupValue(String metric, int series, int x) {
    Object value = browser.script(
        "const u = document.querySelector(\"section.group-chart[data-metric='\" + arguments[0] + \"']\").uplot;"
            + " const i = Array.from(u.data[0]).indexOf(arguments[2]); return i < 0 ? null : u.data[arguments[1]][i];",
        metric, series, x);
    return value == null ? Double.NaN : ((Number) value).doubleValue();
  }

  @Test
  @DisplayName("the scatter chart has one point per run, and the parallel coordinates one line per run")
  void scatterAndParallel() {
    browser.driver.get(runsPage(""));
    waitRows(8);
    WebElement scatter = browser.driver.findElement(By.id("scatter"));
    browser.waitFor(WAIT, d -> "8".equals(scatter.getAttribute("data-point-count")));
    assertThat(new Select(browser.driver.findElement(By.id("scatter-x"))).getFirstSelectedOption().getAttribute("value"))
        .isEqualTo("parameter:lr");
    assertThat(new Select(browser.driver.findElement(By.id("scatter-y"))).getFirstSelectedOption().getAttribute("value"))
        .isEqualTo("metric:train:loss.last");
    @SuppressWarnings("unchecked")
    List<Object> ys = (List<Object>) browser.script("return Array.from(document.getElementById('scatter').uplot.data[1]);");
    assertThat(ys).extracting(y -> ((Number) y).doubleValue())
        .containsExactlyInAnyOrderElementsOf(runs.stream().map(Run::minLoss).toList());
    browser.script("document.getElementById('scatter-title').scrollIntoView()");
    browser.screenshot(SCREENSHOTS.resolve("scatter.png"));

    new Select(browser.driver.findElement(By.id("scatter-x"))).selectByValue("parameter:optimizer");
    browser.waitFor(WAIT, d -> Boolean.TRUE.equals(browser.script(
        "return document.getElementById('scatter').uplot.axes[0].label === 'optimizer'")));
    assertThat(scatter.getAttribute("data-point-count")).isEqualTo("8");

    WebElement parallel = browser.driver.findElement(By.id("parallel"));
    browser.waitFor(WAIT, d -> "8".equals(parallel.getAttribute("data-line-count")));
    assertThat(parallel.getAttribute("data-axis-count")).isEqualTo("8"); // 3 parameters, then 5 of the 6 metric columns
  }

  @Test
  @DisplayName("ticked runs open in the compare view, a run's name opens its charts and details")
  void compareAndOpen() {
    browser.driver.get(runsPage(""));
    waitRows(8);
    browser.driver.findElement(By.cssSelector("#runs tr.run[data-name='" + runs.get(0).name() + "'] input.compare-pick")).click();
    browser.driver.findElement(By.cssSelector("#runs tr.run[data-name='" + runs.get(4).name() + "'] input.compare-pick")).click();
    assertThat(browser.driver.findElement(By.id("pick-count")).getText()).isEqualTo("2 runs ticked");
    browser.driver.findElement(By.id("compare")).click();
    waitReady();
    WebElement loss = browser.driver.findElement(By.cssSelector("section.chart[data-metric='train:loss']"));
    assertThat(loss.getAttribute("data-series-count")).isEqualTo("2");
    assertThat(browser.driver.findElement(By.id("back")).getText()).isEqualTo("← Runs");
    browser.driver.findElement(By.id("back")).click();
    waitRows(8);
    assertThat(browser.driver.findElement(By.id("pick-count")).getText()).as("picks kept in the URL").isEqualTo("2 runs ticked");

    Run run = runs.get(3);
    browser.driver.findElement(By.cssSelector("#runs tr.run[data-name='" + run.name() + "'] a.open")).click();
    waitReady();
    WebElement details = browser.driver.findElement(By.id("run-details"));
    browser.waitFor(WAIT, d -> details.isDisplayed() && details.getText().contains("optimizer"));
    assertThat(details.getText()).contains("Completed", "lr", "0.01", "seed", "mnist-sweep");
  }

  @Test
  @DisplayName("stays usable on a narrow window: the table scrolls inside the page, controls reachable by keyboard")
  void narrowWindow() {
    browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(420, 800));
    browser.driver.get(runsPage(""));
    waitRows(8);
    for (String id : List.of("filter", "runs-viewport", "group-charts", "scatter")) {
      Number right = (Number) browser.script("return document.getElementById(arguments[0]).getBoundingClientRect().right", id);
      assertThat(right.doubleValue()).as(id).isLessThanOrEqualTo(420);
    }
    Number pageWidth = (Number) browser.script("return document.documentElement.scrollWidth");
    assertThat(pageWidth.intValue()).as("no sideways scrolling of the page").isLessThanOrEqualTo(420);
    browser.driver.findElement(By.id("filter")).click();
    browser.driver.switchTo().activeElement().sendKeys(Keys.TAB);
    assertThat(browser.script("return document.activeElement.id")).isEqualTo("filter-apply");
  }

  @Test
  @DisplayName("a run created while the page is open appears without a reload")
  void live() {
    browser.driver.get(url("experiment.html?account=" + ACCOUNT + "&region=" + REGION + "&experiment=cifar"));
    waitRows(1);
    logRun(sageMaker, metrics, "cifar-trial", new Run("cifar-b", "sgd", 0.01, 2, 10));
    browser.waitFor(Duration.ofSeconds(30), d -> tableRows().size() == 2);
    assertThat(tableRows()).contains("cifar-b");
  }

  @Test
  @DisplayName("in secured mode the experiments of another account never appear")
  void securedMode() throws IOException {
    try (StepwiseTestServer secured = TwoAccounts.start(dir);
        SageMakerClient a = secured.sageMaker(AwsBasicCredentials.create(TwoAccounts.KEY_A, TwoAccounts.SECRET_A), 1);
        SageMakerClient b = secured.sageMaker(AwsBasicCredentials.create(TwoAccounts.KEY_B, TwoAccounts.SECRET_B), 1);
        SageMakerMetricsClient ma = secured.client(AwsBasicCredentials.create(TwoAccounts.KEY_A, TwoAccounts.SECRET_A), 1);
        SageMakerMetricsClient mb = secured.client(AwsBasicCredentials.create(TwoAccounts.KEY_B, TwoAccounts.SECRET_B), 1)) {
      a.createExperiment(r -> r.experimentName("alpha-experiment"));
      a.createTrial(r -> r.trialName("alpha-trial").experimentName("alpha-experiment"));
      logRun(a, ma, "alpha-trial", new Run("alpha-run", "adam", 0.1, 1, 5));
      b.createExperiment(r -> r.experimentName("beta-experiment"));
      b.createTrial(r -> r.trialName("beta-trial").experimentName("beta-experiment"));
      logRun(b, mb, "beta-trial", new Run("beta-run", "sgd", 0.1, 1, 5));

      browser.driver.get(secured.endpoint().resolve("/ui/").toString());
      browser.waitFor(WAIT, d -> d.findElement(By.id("signin")).isDisplayed());
      browser.driver.findElement(By.id("access-key-id")).sendKeys(TwoAccounts.KEY_A);
      browser.driver.findElement(By.id("secret-access-key")).sendKeys(TwoAccounts.SECRET_A);
      browser.driver.findElement(By.id("signin-submit")).click();
      waitReady();
      browser.waitFor(WAIT, d -> !d.findElements(By.cssSelector("tr.experiment")).isEmpty());
      assertThat(browser.driver.findElements(By.cssSelector("tr.experiment"))).extracting(e -> e.getAttribute("data-name"))
          .containsExactly("alpha-experiment");
      assertThat(browser.driver.getPageSource()).doesNotContain("beta").doesNotContain("222222222222");

      browser.driver.get(secured.endpoint().resolve(
          "/ui/experiment.html?account=222222222222&region=" + REGION + "&experiment=beta-experiment").toString());
      browser.waitFor(WAIT, d -> d.findElement(By.id("status")).getText().contains("403")
          || d.findElement(By.id("status")).getText().toLowerCase().contains("account"));
      Thread.sleep(1_000); // let every request of the page answer
      assertThat(tableRows()).isEmpty();
      assertThat(browser.driver.findElement(By.tagName("body")).getText()).doesNotContain("beta-run");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
