package dev.stepwise.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.config.ServerConfig;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SageMaker Python SDK's experiment tracking, end to end over the real wire: boto3's {@code sagemaker} and
 * {@code sagemaker-metrics} clients (their models are the real ones) replay the requests the SDK makes for
 * {@code Run}, {@code load_run}, {@code list_runs}, {@code ExperimentAnalytics} and the curve helpers, and the script
 * checks every answer the SDK reads (see {@code sagemaker_sdk_sequences.py} beside this class's resources). The SDK
 * itself is not installable here; the script follows its calls one by one. Needs python3 with boto3, as
 * {@link ReadmeExamplesIT} does ({@code .ci/run} makes sure of it).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@DisplayName("The SageMaker Python SDK's requests, replayed by boto3")
class PythonSdkSequencesIT {
  static final String SCRIPT = "sagemaker_sdk_sequences.py";

  @TempDir Path dir;
  StepwiseTestServer server;

  @BeforeEach
  void start() {
    // Each write a moment after the one before, so that creation times order the runs as the script made them.
    server = new StepwiseTestServer(ServerConfig.defaults().withPort(0).withDataDir(dir.resolve("data")),
        new SteppingClock());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  record Result(int exitCode, String output) {}

  /** Runs the script with python3 from PATH, with no AWS configuration of the machine's. */
  Result runScript(Path script, String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of("python3", script.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).directory(dir.toFile());
    Map<String, String> env = pb.environment();
    // Older botocore (Debian's) lacks SageMaker Metrics' model: give it ours, as ReadmeExamplesIT does.
    env.put("AWS_DATA_PATH", ReadmeExamplesIT.MODEL.toAbsolutePath().toString());
    env.remove("AWS_PROFILE");
    env.remove("AWS_ENDPOINT_URL");
    env.put("AWS_CONFIG_FILE", dir.resolve("no-config").toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).as(out).isTrue();
    return new Result(p.exitValue(), out);
  }

  static Path script() throws URISyntaxException {
    return Path.of(PythonSdkSequencesIT.class.getResource(SCRIPT).toURI());
  }

  @Test
  @DisplayName("Run, load_run, list_runs, ExperimentAnalytics and the curve helpers get every answer the SDK reads")
  void sequences() throws Exception {
    Result r = runScript(script(), server.endpoint().toString(),
        Long.toString(StepwiseTestServer.NOW.getEpochSecond()));

    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output()).as(r.output()).containsPattern("(?m)^all [0-9]+ checks passed$")
        .doesNotContain("MISMATCH");
  }

  @Test
  @DisplayName("the script fails, naming the mismatch, when an answer is not what the SDK needs")
  void scriptReportsMismatches() throws Exception {
    // The experiment exists already, so the first Run's "everything is new" no longer holds.
    try (var sageMaker = server.sageMaker()) {
      sageMaker.createExperiment(b -> b.experimentName("stepwise-sdk-demo"));
    }

    Result r = runScript(script(), server.endpoint().toString(),
        Long.toString(StepwiseTestServer.NOW.getEpochSecond()));

    assertThat(r.exitCode()).as(r.output()).isEqualTo(1);
    assertThat(r.output()).contains("MISMATCH: the experiment must be new, but:").contains("already exists");
  }
}
