package dev.stepwise.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stepwise as a separate operating-system process (the same classes as this test run, {@code dev.stepwise.Main}),
 * so that it can be killed for real: SIGKILL, no shutdown hook, nothing flushed.
 */
final class ServerProcess implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  private final List<String> command;
  private final Path log;
  private final int port;
  private Process process;

  /** @param args the server's flags, {@code --port} included */
  ServerProcess(int port, Path log, List<String> args) {
    this.port = port;
    this.log = log;
    command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m",
        "--enable-native-access=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"),
        "dev.stepwise.Main"));
    command.addAll(args);
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** Starts the process and waits until it reports ready. */
  void start() throws IOException, InterruptedException {
    process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("server exited with " + process.exitValue() + "; see " + log);
      }
      try {
        HttpResponse<Void> ready = HTTP.send(
            HttpRequest.newBuilder(endpoint().resolve("/health/ready")).timeout(Duration.ofSeconds(1)).build(),
            HttpResponse.BodyHandlers.discarding());
        if (ready.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("server not ready within 30 s; see " + log);
  }

  /** SIGKILL: the process gets no chance to finish anything. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGTERM, then waits for the process to end; returns its exit code, or -1 when it did not end in time. */
  int terminate(Duration timeout) throws InterruptedException {
    process.destroy();
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        kill();
      }
    }
  }
}
