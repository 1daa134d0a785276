package dev.stepwise.bench.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A server in its own process, its output in a log file; stopped with SIGTERM, killed if it does not stop. */
public final class ManagedProcess implements AutoCloseable {
  /** Whether the process answers yet; may throw while it does not. */
  @FunctionalInterface
  public interface ReadyCheck {
    boolean ready() throws Exception;
  }

  private final String name;
  private final Process process;
  private final Path log;

  private ManagedProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  public static ManagedProcess start(String name, List<String> command, Path log) throws IOException {
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new ManagedProcess(name, process, log);
  }

  /** The java command of this JVM, for children that run classes of the benchmarks module. */
  public static String javaCommand() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * The java command of a measured server with its heap cap, and any options of {@code STEPWISE_BENCH_JAVA_OPTS}
   * (split at spaces; for investigating, e.g. a profiler's {@code -agentpath:...}, never for published figures).
   */
  public static List<String> serverJava(String heap) {
    List<String> command = new ArrayList<>(List.of(javaCommand(), "-Xmx" + heap));
    String extra = System.getenv("STEPWISE_BENCH_JAVA_OPTS");
    if (extra != null && !extra.isBlank()) {
      command.addAll(List.of(extra.trim().split(" +")));
    }
    return command;
  }

  public long pid() {
    return process.pid();
  }

  public void awaitReady(ReadyCheck check, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue() + "; its log:\n" + tail());
      }
      try {
        if (check.ready()) {
          return;
        }
      } catch (Exception notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(name + " not ready after " + timeout + "; its log:\n" + tail());
  }

  /** The last lines of the log, for error messages. */
  public String tail() throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
