package dev.stepwise.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.config.ConfigLoader;
import dev.stepwise.config.ServerConfig;
import dev.stepwise.testing.PostgresTestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sagemakermetrics.SageMakerMetricsClient;
import software.amazon.awssdk.services.sagemakermetrics.model.MetricQueryResult;
import software.amazon.awssdk.services.sagemakermetrics.model.MetricStatistic;
import software.amazon.awssdk.services.sagemakermetrics.model.Period;
import software.amazon.awssdk.services.sagemakermetrics.model.RawMetricData;
import software.amazon.awssdk.services.sagemakermetrics.model.XAxisType;

/**
 * Runs the README's boto3 and AWS CLI examples, as written, against a real server (only the port is changed), so
 * that the front door never shows an example that does not work. Needs python3 with boto3 and the {@code aws}
 * command, which {@code .ci/run} makes sure of.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("The README's examples work")
class ReadmeExamplesIT {
  static final Path README = Path.of("..", "README.md");
  static final Path MODEL = Path.of("src", "test", "resources", "botocore-data");

  @TempDir static Path dataDir;
  @TempDir static Path work;
  StepwiseTestServer server;
  String readme;

  @BeforeAll
  void start() throws IOException {
    server = new StepwiseTestServer(ServerConfig.defaults().withPort(0).withDataDir(dataDir), Clock.systemUTC());
    readme = Files.readString(README).replace("127.0.0.1:9400", "127.0.0.1:" + server.port());
  }

  @AfterAll
  void stop() {
    server.close();
  }

  /** The fenced block of the given language that follows the first line containing {@code marker}. */
  String block(String marker, String language) {
    int at = readme.indexOf(marker);
    assertThat(at).as("README mentions %s", marker).isNotNegative();
    Matcher m = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertThat(m.find(at)).as("a %s block after %s", language, marker).isTrue();
    return m.group(1);
  }

  record Result(int exitCode, String output) {}

  Result run(List<String> command) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).directory(work.toFile());
    Map<String, String> env = pb.environment();
    // Older botocore (Debian's) does not ship this service's model: give it ours, as AWS_DATA_PATH allows.
    env.put("AWS_DATA_PATH", MODEL.toAbsolutePath().toString());
    env.remove("AWS_PROFILE");
    env.put("AWS_CONFIG_FILE", work.resolve("no-config").toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", work.resolve("no-credentials").toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out);
  }

  @Test
  @DisplayName("the boto3 example puts ten steps and prints their averages")
  void boto3Example() throws Exception {
    Path script = work.resolve("example.py");
    Files.writeString(script, block("boto3 (1.", "python"));

    Result r = run(List.of("python3", script.toString()));

    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output().strip())
        .isEqualTo(
            "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9] [1.0, 0.5, 0.3333333333333333, 0.25, 0.2, 0.16666666666666666, "
                + "0.14285714285714285, 0.125, 0.1111111111111111, 0.1]");
  }

  @Test
  @DisplayName("the boto3 control-plane example finds both runs, the best loss first")
  void experimentsExample() throws Exception {
    Path script = work.resolve("experiments.py");
    Files.writeString(script, block("boto3 alone (an experiment", "python"));

    Result r = run(List.of("python3", script.toString()));

    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output().strip()).isEqualTo("readme-run-0-01 0.01 0.02\nreadme-run-0-1 0.1 0.2");
  }

  @Test
  @DisplayName("the credentials file example is a valid credentials file")
  void credentialsExample() throws Exception {
    Path file = work.resolve("credentials");
    Files.writeString(file, block("The credentials file has one key per line", ""));

    var credentials = dev.stepwise.auth.CredentialsFile.read(file);

    assertThat(credentials).containsOnlyKeys("AKIAIOSFODNN7EXAMPLE", "ASIAEXAMPLETEMPORARY");
    assertThat(credentials.get("ASIAEXAMPLETEMPORARY").sessionToken()).isEqualTo("FQoGZXIvYXdzEXAMPLESESSIONTOKEN");
  }

  @Test
  @DisplayName("the AWS CLI example puts a point and reads it back")
  void cliExample() throws Exception {
    Path script = work.resolve("example.sh");
    Files.writeString(script, "set -e\n" + block("AWS CLI (v", "sh"));

    Result r = run(new ArrayList<>(List.of("bash", script.toString())));

    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output()).contains("\"MetricValues\"").contains("0.91").contains("\"Status\": \"Complete\"");
  }

  @Test
  @DisplayName("the DELETE example deletes what the other examples wrote")
  void deleteExample() throws Exception {
    Path write = work.resolve("write.py");
    Files.writeString(write, block("boto3 (1.", "python"));
    assertThat(run(List.of("python3", write.toString())).exitCode()).isZero();
    Path script = work.resolve("delete.sh");
    Files.writeString(script, "set -e\nexport AWS_ACCESS_KEY_ID=123456789012 AWS_SECRET_ACCESS_KEY=local\n"
        + block("curl can sign it", "sh"));

    Result r = run(List.of("bash", script.toString()));

    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output()).as("the trial component the boto3 and CLI examples write")
        .containsPattern("\\{\"TrialComponentName\":\"my-run\",\"DeletedPoints\":[1-9][0-9]*}");
  }

  @Test
  @DisplayName("the credentials recipe writes its file where git ignores it")
  void credentialsRecipeIsIgnored() throws Exception {
    Matcher appended = Pattern.compile(">>\\s*(\\S+)").matcher(block("To create a credential", "sh"));
    assertThat(appended.find()).as("the recipe appends to a file").isTrue();
    Process git = new ProcessBuilder("git", "check-ignore", "-q", appended.group(1))
        .directory(README.getParent().toFile()).start();
    assertThat(git.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(git.exitValue()).as("git check-ignore %s (0: ignored)", appended.group(1)).isZero();
  }

  @Test
  @DisplayName("the TLS example makes a certificate, serves HTTPS with it, and the AWS CLI trusts it")
  void tlsExample() throws Exception {
    List<String> lines = block("Self-signed TLS", "sh").lines().map(String::strip).filter(l -> !l.isBlank())
        .filter(l -> !l.startsWith("```")).toList();
    Path commands = work.resolve("tls.sh");
    List<String> openssl = lines.stream().filter(l -> l.startsWith("openssl ")).toList();
    assertThat(openssl).isNotEmpty();
    Files.writeString(commands, "set -e\n" + String.join("\n", openssl) + "\n");
    Result certificate = run(List.of("bash", commands.toString()));
    assertThat(certificate.exitCode()).as(certificate.output()).isZero();
    List<String> serverArgs = lines.stream().filter(l -> l.startsWith("bin/run ")).map(ReadmeExamplesIT::serverArguments)
        .findFirst().orElseThrow();
    List<String> inWork = new ArrayList<>();
    for (String arg : serverArgs) {
      inWork.add(arg.endsWith(".pem") ? work.resolve(arg).toString() : arg);
    }
    inWork.addAll(List.of("--port", "0", "--data-dir", work.resolve("tls-data").toString()));
    try (StepwiseTestServer tls = new StepwiseTestServer(ConfigLoader.load(inWork, Map.of()), Clock.systemUTC())) {
      String client = String.join("\n", lines.stream().filter(l -> !l.startsWith("openssl ") && !l.startsWith("bin/run "))
          .toList()).replace("127.0.0.1:" + server.port(), "127.0.0.1:" + tls.port()); // the README's 9400
      Files.writeString(commands, "set -e\nexport AWS_ACCESS_KEY_ID=123456789012 AWS_SECRET_ACCESS_KEY=local"
          + " AWS_DEFAULT_REGION=us-east-1\n" + client + "\n");

      Result r = run(List.of("bash", commands.toString()));

      assertThat(r.exitCode()).as(r.output()).isZero();
      assertThat(r.output()).contains("\"MetricQueryResults\"");
    }
  }

  /** The server's arguments in a README command line: what follows the jar or bin/run, single quotes removed. */
  static List<String> serverArguments(String commandLine) {
    String after = commandLine.replaceFirst("^.*?(stepwise\\.jar|bin/run)\\s+", "");
    List<String> args = new ArrayList<>();
    Matcher m = Pattern.compile("'([^']*)'|(\\S+)").matcher(after);
    while (m.find()) {
      args.add(m.group(1) != null ? m.group(1) : m.group(2));
    }
    return args;
  }

  static List<String> replaceValue(List<String> args, String flag, String value) {
    List<String> replaced = new ArrayList<>(args);
    int at = replaced.indexOf(flag);
    assertThat(at).as("%s in %s", flag, args).isNotNegative();
    replaced.set(at + 1, value);
    return replaced;
  }

  @Test
  @EnabledIfEnvironmentVariable(named = PostgresTestDatabase.URL_VARIABLE, matches = ".+")
  @DisplayName("the several-nodes commands start nodes that share one PostgreSQL")
  void severalNodesExample() throws Exception {
    List<List<String>> commands =
        block("## Several nodes over PostgreSQL", "sh").lines()
            .filter(line -> line.contains("--postgres-url"))
            .map(ReadmeExamplesIT::serverArguments)
            .toList();
    assertThat(commands).hasSize(2);
    // The role and the database the URL names are made first, as written.
    String setUp = block("## Several nodes over PostgreSQL", "sh");
    Matcher url = Pattern.compile("jdbc:postgresql://[^/]+/(\\w+)\\?user=(\\w+)&password=(\\w+)").matcher(setUp);
    assertThat(url.find()).isTrue();
    assertThat(setUp).as("the role is created, with the URL's password")
        .containsPattern("CREATE ROLE " + url.group(2) + " LOGIN PASSWORD '" + url.group(3) + "'");
    assertThat(setUp).as("the database is created, owned by the role")
        .containsPattern("createdb --owner " + url.group(2) + " " + url.group(1));
    try (PostgresTestDatabase db = new PostgresTestDatabase()) {
      List<ServerConfig> configs = new ArrayList<>();
      for (List<String> args : commands) {
        ServerConfig asWritten = ConfigLoader.load(args, Map.of());
        assertThat(asWritten.postgresUrl()).startsWith("jdbc:postgresql://127.0.0.1:5432/");
        assertThat(asWritten.postgresUrlForDisplay()).doesNotContain("secret");
        configs.add(ConfigLoader.load(replaceValue(replaceValue(args, "--postgres-url", db.url()), "--port", "0"), Map.of()));
      }
      try (StepwiseTestServer node1 = new StepwiseTestServer(configs.get(0), Clock.systemUTC());
          StepwiseTestServer node2 = new StepwiseTestServer(configs.get(1), Clock.systemUTC());
          SageMakerMetricsClient c1 = node1.client();
          SageMakerMetricsClient c2 = node2.client()) {
        Instant now = Instant.now();
        c1.batchPutMetrics(b -> b.trialComponentName("readme-nodes").metricData(
            RawMetricData.builder().metricName("loss").timestamp(now).step(3).value(0.5).build()));
        MetricQueryResult read =
            c2.batchGetMetrics(b -> b.metricQueries(q -> q.metricName("loss")
                    .resourceArn(StepwiseTestServer.trialComponentArn(StepwiseTestServer.ACCOUNT, "readme-nodes"))
                    .metricStat(MetricStatistic.LAST).period(Period.ITERATION_NUMBER).xAxisType(XAxisType.ITERATION_NUMBER)))
                .metricQueryResults().get(0);
        assertThat(read.xAxisValues()).containsExactly(3L);
        assertThat(read.metricValues()).containsExactly(0.5);
      }
    }
  }
}
