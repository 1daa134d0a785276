package dev.stepwise.it;

import static dev.stepwise.it.StepwiseTestServer.ACCOUNT;
import static dev.stepwise.it.StepwiseTestServer.REGION;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.config.ServerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
import software.amazon.awssdk.services.sagemakermetrics.SageMakerMetricsClient;
import software.amazon.awssdk.services.sagemakermetrics.model.RawMetricData;

/**
 * The dashboard in a real browser (Debian's Chromium through Selenium), on a real server fed by the real AWS SDK.
 * The page exposes what it drew through data attributes and each chart's uPlot instance, which is what these tests
 * read: what is on the canvas is otherwise opaque.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Dashboard in Chromium")
class DashboardBrowserIT {
  static final Instant T0 = Instant.parse("2026-01-02T00:00:00Z");
  static final Duration WAIT = Duration.ofSeconds(20);
  static final Path SCREENSHOTS = Path.of(System.getProperty("stepwise.screenshots", "target/screenshots"));

  /** Written to by the live test, so that no other test depends on whether it has run yet. */
  static final String LIVE = "live-run";

  @TempDir static Path dir;
  StepwiseTestServer server;
  SageMakerMetricsClient client;
  Browser browser;

  @BeforeAll
  void start() {
    server = new StepwiseTestServer(ServerConfig.defaults().withPort(0).withDataDir(dir), Clock.systemUTC());
    client = server.client();
    write("resnet-lr-0-1", "train:loss", 500, 1.0);
    write("resnet-lr-0-1", "validation:accuracy", 50, 0.5);
    write("resnet-lr-0-01", "train:loss", 500, 2.0);
    write("bert-base", "train:loss", 20, 3.0);
    write(LIVE, "train:loss", 20, 3.0);
  }

  @AfterAll
  void stop() {
    client.close();
    server.close();
  }

  @BeforeEach
  void openBrowser() {
    browser = new Browser(1280, 800);
  }

  @AfterEach
  void closeBrowser() {
    browser.close();
  }

  /** Points at steps 0..n-1, one second apart, a decaying curve scaled by {@code scale}; the last is exact. */
  void write(String tc, String metric, int n, double scale) {
    List<RawMetricData> batch = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      batch.add(RawMetricData.builder().metricName(metric).timestamp(T0.plusSeconds(i)).step(i).value(value(i, scale)).build());
      if (batch.size() == 10 || i == n - 1) {
        List<RawMetricData> sent = List.copyOf(batch);
        client.batchPutMetrics(b -> b.trialComponentName(tc).metricData(sent));
        batch.clear();
      }
    }
  }

  /** What the pages print of a value: four significant digits (format.js's formatValue, for values in [0.001, 1000)). */
  static String fourDigits(double value) {
    return new java.math.BigDecimal(value).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
  }

  static double value(int i, double scale) {
    return scale / (1 + i / 20.0) + 0.01 * Math.sin(i);
  }

  String url(String page) {
    return server.endpoint().resolve("/ui/" + page).toString();
  }

  String partition() {
    return "account=" + ACCOUNT + "&region=" + REGION;
  }

  List<String> rowNames() {
    return browser.driver.findElements(By.cssSelector("tr.trial-component")).stream()
        .filter(WebElement::isDisplayed)
        .map(row -> row.getAttribute("data-name"))
        .toList();
  }

  WebElement chart(String metric) {
    return browser.driver.findElement(By.cssSelector("section.chart[data-metric='" + metric + "']"));
  }

  void waitReady() {
    browser.waitFor(WAIT, d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
  }

  int draws(WebElement chart) {
    return Integer.parseInt(chart.getAttribute("data-draws"));
  }

  void waitRedrawn(WebElement chart, int before) {
    browser.waitFor(WAIT, d -> draws(chart) > before);
  }

  @SuppressWarnings("unchecked")
  List<Object> plotted(String metric, int series) {
    return (List<Object>) browser.script(
        "const u = document.querySelector(\"section.chart[data-metric='\" + arguments[0] + \"']\").uplot;"
            + " return Array.from(u.data[arguments[1]]);",
        metric, series);
  }

  @Test
  @DisplayName("lists what was written, filters by name, and opens a trial component's charts")
  void trialComponents() {
    browser.driver.get(url("trial-components.html?" + partition()));
    browser.waitFor(WAIT, d -> rowNames().size() == 4);
    assertThat(rowNames()).containsExactlyInAnyOrder("resnet-lr-0-1", "resnet-lr-0-01", "bert-base", LIVE);

    WebElement row = browser.driver.findElement(By.cssSelector("tr.trial-component[data-name='bert-base']"));
    assertThat(row.findElement(By.cssSelector("td.points")).getText()).isEqualTo("20");
    WebElement last = row.findElement(By.cssSelector(".metric[data-metric='train:loss'] .last-value"));
    assertThat(last.getText()).isEqualTo(fourDigits(value(19, 3.0)));
    assertThat(last.getAttribute("title")).isEqualTo(String.valueOf(value(19, 3.0)));
    browser.screenshot(SCREENSHOTS.resolve("trial-components.png"));

    browser.driver.findElement(By.id("filter")).sendKeys("resnet");
    browser.waitFor(WAIT, d -> rowNames().size() == 2);
    assertThat(rowNames()).containsExactlyInAnyOrder("resnet-lr-0-1", "resnet-lr-0-01");

    browser.driver.findElement(By.cssSelector("tr.trial-component[data-name='resnet-lr-0-1'] a.open")).click();
    waitReady();
    assertThat(browser.driver.findElements(By.cssSelector("section.chart")))
        .extracting(e -> e.getAttribute("data-metric"))
        .containsExactlyInAnyOrder("train:loss", "validation:accuracy");
  }

  @Test
  @DisplayName("draws one series per trial component with the exact last value, and redraws on every control")
  void chartAndControls() {
    browser.driver.get(url("charts.html?" + partition() + "&tc=resnet-lr-0-1"));
    waitReady();
    WebElement loss = chart("train:loss");
    assertThat(loss.getAttribute("data-series-count")).isEqualTo("1");
    assertThat(loss.getAttribute("data-point-count")).isEqualTo("500");
    assertThat(loss.getAttribute("data-raw")).isEqualTo("true");
    WebElement last = loss.findElement(By.cssSelector(".legend-item[data-tc='resnet-lr-0-1'] .last-value"));
    assertThat(last.getText()).isEqualTo(fourDigits(value(499, 1.0)));
    assertThat(last.getAttribute("title")).as("the exact value on hover").isEqualTo(String.valueOf(value(499, 1.0)));
    assertThat(browser.driver.findElements(By.cssSelector("details.chart-group")))
        .extracting(e -> e.getAttribute("data-prefix")).containsExactly("train", "validation");
    assertThat(browser.script("const u = document.querySelector(\"section.chart[data-metric='train:loss']\").uplot;"
        + " return u.axes.map(a => a.label);")).as("titled axes").isEqualTo(List.of("Step", "train:loss"));
    List<Object> stepX = plotted("train:loss", 0);
    assertThat(((Number) stepX.getFirst()).doubleValue()).isZero();
    browser.screenshot(SCREENSHOTS.resolve("charts.png"));

    int before = draws(loss);
    new Select(browser.driver.findElement(By.id("x-axis"))).selectByValue("time");
    waitRedrawn(loss, before);
    assertThat(loss.getAttribute("data-x-axis")).isEqualTo("time");
    assertThat(plotted("train:loss", 0)).isNotEqualTo(stepX);

    before = draws(loss);
    new Select(browser.driver.findElement(By.id("x-axis"))).selectByValue("relative");
    waitRedrawn(loss, before);
    assertThat(((Number) plotted("train:loss", 0).getFirst()).doubleValue()).isZero();

    before = draws(loss);
    loss.findElement(By.cssSelector("input.y-log")).click();
    waitRedrawn(loss, before);
    assertThat(loss.getAttribute("data-y-scale")).isEqualTo("log");
    assertThat(browser.script("return document.querySelector(\"section.chart[data-metric='train:loss']\").uplot.scales.y.distr"))
        .isEqualTo(3L);
    assertThat(chart("validation:accuracy").getAttribute("data-y-scale")).as("the log axis is per chart").isEqualTo("linear");
    assertThat(browser.driver.getCurrentUrl()).contains("log=train%3Aloss");

    before = draws(loss);
    List<Object> unsmoothed = plotted("train:loss", 1);
    browser.script(
        "const s = document.getElementById('smoothing'); s.value = '0.9';"
            + " s.dispatchEvent(new Event('input', {bubbles: true})); s.dispatchEvent(new Event('change', {bubbles: true}));");
    waitRedrawn(loss, before);
    assertThat(loss.getAttribute("data-smoothing")).isEqualTo("0.9");
    @SuppressWarnings("unchecked")
    int seriesAfter = ((List<Object>) browser.script(
        "return document.querySelector(\"section.chart[data-metric='train:loss']\").uplot.series")).size();
    assertThat(seriesAfter).as("a smoothed line over the faint raw one").isGreaterThan(2);
    assertThat(browser.script(
        "const u = document.querySelector(\"section.chart[data-metric='train:loss']\").uplot;"
            + " return u.data.some((col, i) => i > 0 && JSON.stringify(Array.from(col)) !== JSON.stringify(arguments[0]));",
        unsmoothed)).isEqualTo(true);
  }

  @Test
  @DisplayName("overlays two trial components in one chart per metric, with a legend entry and colour each")
  void compare() {
    browser.driver.get(url("trial-components.html?" + partition()));
    browser.waitFor(WAIT, d -> rowNames().size() == 4);
    browser.driver.findElement(By.cssSelector("tr.trial-component[data-name='resnet-lr-0-1'] input.compare-pick")).click();
    browser.driver.findElement(By.cssSelector("tr.trial-component[data-name='resnet-lr-0-01'] input.compare-pick")).click();
    browser.driver.findElement(By.id("compare")).click();
    waitReady();
    WebElement loss = chart("train:loss");
    assertThat(loss.getAttribute("data-series-count")).isEqualTo("2");
    List<WebElement> legend = loss.findElements(By.cssSelector(".legend-item"));
    assertThat(legend).extracting(e -> e.getAttribute("data-tc")).containsExactlyInAnyOrder("resnet-lr-0-1", "resnet-lr-0-01");
    assertThat(legend.get(0).findElement(By.cssSelector(".last-value")).getText())
        .isNotEqualTo(legend.get(1).findElement(By.cssSelector(".last-value")).getText());
    Object colours = browser.script(
        "return Array.from(arguments[0].querySelectorAll('.legend-item')).map(e => getComputedStyle(e.querySelector('.swatch') || e).color + '/' + (e.querySelector('.swatch') ? getComputedStyle(e.querySelector('.swatch')).backgroundColor : ''));",
        loss);
    assertThat((List<?>) colours).doesNotHaveDuplicates();
    browser.screenshot(SCREENSHOTS.resolve("compare.png"));
  }

  @Test
  @DisplayName("shows a point written while the page is open, without a reload")
  void live() {
    browser.driver.get(url("charts.html?" + partition() + "&tc=" + LIVE + ""));
    waitReady();
    WebElement loss = chart("train:loss");
    assertThat(loss.getAttribute("data-last-x")).isEqualTo("19");
    client.batchPutMetrics(
        b -> b.trialComponentName(LIVE).metricData(
            RawMetricData.builder().metricName("train:loss").timestamp(T0.plusSeconds(20)).step(20).value(0.123).build()));
    browser.waitFor(WAIT, d -> "20".equals(loss.getAttribute("data-last-x")));
    browser.waitFor(WAIT, d -> "0.123".equals(
        loss.findElement(By.cssSelector(".legend-item[data-tc='" + LIVE + "'] .last-value")).getText()));
  }

  @Test
  @DisplayName("shows a metric name's control characters escaped, in the listing and on its chart")
  void controlCharactersInNames() {
    client.batchPutMetrics(b -> b.trialComponentName(LIVE).metricData(
        RawMetricData.builder().metricName("gpu\ttemp\u001b").timestamp(T0).step(0).value(71.0).build()));
    String shown = "gpu\\ttemp\\u001b";

    browser.driver.get(url("trial-components.html?" + partition()));
    browser.waitFor(WAIT, d -> d.findElements(By.cssSelector("tr.trial-component[data-name='" + LIVE + "'] .metric"))
        .stream().anyMatch(m -> m.getText().startsWith(shown + " ")));

    browser.driver.get(url("charts.html?" + partition() + "&tc=" + LIVE));
    waitReady();
    assertThat(browser.driver.findElements(By.cssSelector("section.chart h2")))
        .extracting(WebElement::getText).contains(shown, "train:loss");
  }

  @Test
  @DisplayName("exports exactly the stored points as CSV")
  void csvExport() {
    browser.driver.get(url("charts.html?" + partition() + "&tc=bert-base"));
    waitReady();
    WebElement link = chart("train:loss").findElement(By.cssSelector("a.export-raw"));
    assertThat(link.getAttribute("download")).isNotNull();
    String csv = (String) browser.asyncScript(
        "const done = arguments[arguments.length - 1]; fetch(arguments[0]).then(r => r.text()).then(done);",
        link.getAttribute("href"));
    List<String> lines = csv.lines().toList();
    assertThat(lines.getFirst()).isEqualTo("timestamp_ms,step,value");
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      expected.add(T0.plusSeconds(i).toEpochMilli() + "," + i + "," + value(i, 3.0));
    }
    assertThat(lines.subList(1, 21)).isEqualTo(expected);
  }

  @Test
  @DisplayName("stays usable on a narrow window: controls reachable by keyboard")
  void narrowWindow() {
    browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(420, 800));
    browser.driver.get(url("charts.html?" + partition() + "&tc=resnet-lr-0-1"));
    waitReady();
    WebElement xAxis = browser.driver.findElement(By.id("x-axis"));
    assertThat(xAxis.getRect().getX() + xAxis.getRect().getWidth()).isLessThanOrEqualTo(420);
    Number chartWidth = (Number) browser.script("return document.querySelector('section.chart').getBoundingClientRect().width");
    assertThat(chartWidth.doubleValue()).isLessThanOrEqualTo(420);
    browser.driver.findElement(By.tagName("body")).sendKeys(Keys.TAB);
    assertThat(browser.script("return document.activeElement && document.activeElement.tagName")).isNotEqualTo("BODY");
    browser.screenshot(SCREENSHOTS.resolve("narrow.png"));
  }

  @Test
  @DisplayName("in secured mode refuses a wrong secret and never shows another account's data")
  void securedMode() throws IOException {
    try (StepwiseTestServer secured = TwoAccounts.start(dir);
        SageMakerMetricsClient a = secured.client(AwsBasicCredentials.create(TwoAccounts.KEY_A, TwoAccounts.SECRET_A), 1);
        SageMakerMetricsClient b = secured.client(AwsBasicCredentials.create(TwoAccounts.KEY_B, TwoAccounts.SECRET_B), 1)) {
      a.batchPutMetrics(r -> r.trialComponentName("only-a").metricData(
          RawMetricData.builder().metricName("loss").timestamp(T0).step(1).value(1.0).build()));
      b.batchPutMetrics(r -> r.trialComponentName("only-b").metricData(
          RawMetricData.builder().metricName("loss").timestamp(T0).step(1).value(2.0).build()));

      browser.driver.get(secured.endpoint().resolve("/ui/").toString());
      browser.waitFor(WAIT, d -> d.findElement(By.id("signin")).isDisplayed());
      browser.driver.findElement(By.id("access-key-id")).sendKeys(TwoAccounts.KEY_A);
      browser.driver.findElement(By.id("secret-access-key")).sendKeys(TwoAccounts.SECRET_B);
      browser.driver.findElement(By.id("signin-submit")).click();
      browser.waitFor(WAIT, d -> d.findElement(By.id("signin-error")).isDisplayed()
          && !d.findElement(By.id("signin-error")).getText().isBlank());
      assertThat(browser.driver.manage().getCookieNamed("stepwise_session")).isNull();

      browser.driver.findElement(By.id("secret-access-key")).clear();
      browser.driver.findElement(By.id("secret-access-key")).sendKeys(TwoAccounts.SECRET_A);
      browser.driver.findElement(By.id("signin-submit")).click();
      browser.waitFor(WAIT, d -> d.findElements(By.cssSelector("tr.experiment.unassigned td.runs")).stream()
          .anyMatch(td -> td.getText().equals("1")));
      assertThat(browser.driver.getPageSource()).doesNotContain("222222222222");
      browser.driver.findElement(By.id("all-runs")).click();
      browser.waitFor(WAIT, d -> rowNames().size() == 1);
      assertThat(rowNames()).containsExactly("only-a");
      assertThat(browser.driver.manage().getCookieNamed("stepwise_session").isHttpOnly()).isTrue();
      assertThat(browser.driver.getPageSource()).doesNotContain("only-b").doesNotContain("222222222222");

      browser.driver.get(secured.endpoint().resolve("/ui/charts.html?account=222222222222&region=" + REGION + "&tc=only-b").toString());
      browser.waitFor(WAIT, d -> !d.findElement(By.tagName("body")).getText().isBlank());
      Thread.sleep(1_000); // let every request of the page answer
      assertThat(browser.driver.findElements(By.cssSelector("section.chart")))
          .allSatisfy(c -> assertThat(c.getAttribute("data-point-count")).isIn(null, "0"));
      assertThat(browser.driver.findElements(By.cssSelector(".last-value"))).isEmpty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
