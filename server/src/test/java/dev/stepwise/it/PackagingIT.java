package dev.stepwise.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.config.ConfigLoader;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the container and Kubernetes files rely on, proven without a container engine: the shaded jar started by
 * the launcher script with the Dockerfile's environment (host switched to loopback, as tests must listen there)
 * serves, and every STEPWISE_* variable the files set is a setting the jar knows.
 */
@DisplayName("Packaging")
class PackagingIT {
  private static final Path PACKAGING = Path.of("..", "packaging");
  private static final Path JAR = Path.of("target", "stepwise.jar");
  private static final Pattern VARIABLE = Pattern.compile("\\b(STEPWISE_[A-Z_]+)\\b");

  @TempDir Path dir;

  @Test
  @DisplayName("the launcher runs the jar with the Dockerfile's environment, in secured mode, healthy")
  void launcherWithDockerfileEnvironment() throws Exception {
    Path install = Files.createDirectories(dir.resolve("opt"));
    Files.copy(JAR, install.resolve("stepwise.jar"));
    Files.copy(PACKAGING.resolve("stepwise"), install.resolve("stepwise"), StandardCopyOption.COPY_ATTRIBUTES);
    Path credentials = dir.resolve("credentials");
    Files.writeString(credentials, "AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY 123456789012\n");
    Files.setPosixFilePermissions(credentials, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }

    Map<String, String> env = dockerfileEnvironment();
    assertThat(env).containsKeys("STEPWISE_HOST", "STEPWISE_DATA_DIR", "STEPWISE_CREDENTIALS_FILE", "JAVA_OPTS");
    env.put("STEPWISE_HOST", "127.0.0.1");
    env.put("STEPWISE_PORT", String.valueOf(port));
    env.put("STEPWISE_DATA_DIR", dir.resolve("data").toString());
    env.put("STEPWISE_CREDENTIALS_FILE", credentials.toString());
    env.put("JAVA_HOME", System.getProperty("java.home"));
    ProcessBuilder builder = new ProcessBuilder(install.resolve("stepwise").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile());
    builder.environment().putAll(env);
    Process server = builder.start();
    try {
      URI endpoint = URI.create("http://127.0.0.1:" + port);
      assertThat(awaitReady(endpoint, server)).as("ready; log: %s", Files.readString(dir.resolve("server.log")))
          .isTrue();
      assertThat(Files.readString(dir.resolve("server.log"))).contains("secured mode");
      HttpResponse<String> unsigned = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(endpoint.resolve("/BatchPutMetrics")).PUT(HttpRequest.BodyPublishers.ofString("{}"))
              .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(unsigned.statusCode()).as("secured mode refuses an unsigned request").isEqualTo(403);
    } finally {
      server.destroy();
      assertThat(server.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  @DisplayName("every STEPWISE_* variable of the Dockerfile and the Kubernetes example is a known setting")
  void variablesAreSettings() throws IOException {
    String help = ConfigLoader.help();
    for (Path file : List.of(PACKAGING.resolve("Dockerfile"), PACKAGING.resolve("kubernetes/stepwise.yaml"))) {
      Matcher m = VARIABLE.matcher(Files.readString(file));
      int found = 0;
      while (m.find()) {
        assertThat(help).as("%s sets %s", file, m.group(1)).contains(m.group(1));
        found++;
      }
      assertThat(found).as(file.toString()).isPositive();
    }
  }

  /** The Dockerfile's ENV instruction (one, continued over lines), as name -> value. */
  private static Map<String, String> dockerfileEnvironment() throws IOException {
    String dockerfile = Files.readString(PACKAGING.resolve("Dockerfile")).replace("\\\n", " ");
    Map<String, String> env = new LinkedHashMap<>();
    for (String line : dockerfile.split("\n")) {
      if (line.startsWith("ENV ")) {
        Matcher pair = Pattern.compile("([A-Z_]+)=(\"[^\"]*\"|\\S+)").matcher(line.substring(4));
        while (pair.find()) {
          env.put(pair.group(1), pair.group(2).replace("\"", ""));
        }
      }
    }
    return env;
  }

  private static boolean awaitReady(URI endpoint, Process server) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    for (int i = 0; i < 150 && server.isAlive(); i++) {
      try {
        if (http.send(HttpRequest.newBuilder(endpoint.resolve("/health/ready")).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return true;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(200);
    }
    return false;
  }
}
