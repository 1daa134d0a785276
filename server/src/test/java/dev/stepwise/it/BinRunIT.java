package dev.stepwise.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's two commands, as a new user runs them, in a copy of this checkout (so that this build's own target/
 * is left alone): {@code bin/run} and {@code bin/test}'s build started together both succeed, and {@code bin/run}
 * builds only when the sources changed.
 */
@DisplayName("bin/run")
class BinRunIT {
  static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

  @TempDir Path copy;

  record Result(int exitCode, String output) {}

  static Result run(Path dir, List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(10, TimeUnit.MINUTES)).as("%s ended", command).isTrue();
    return new Result(p.exitValue(), out);
  }

  /** The checkout's files as git sees them (tracked, and new ones not ignored): what a clone would hold, and more. */
  void copyCheckout() throws Exception {
    Result files = run(REPOSITORY, List.of("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"));
    assertThat(files.exitCode()).as(files.output()).isZero();
    for (String name : files.output().split("\0")) {
      Path from = REPOSITORY.resolve(name);
      if (name.isEmpty() || !Files.isRegularFile(from)) {
        continue; // deleted in the work tree
      }
      Path to = copy.resolve(name);
      Files.createDirectories(to.getParent());
      Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
    }
  }

  @Test
  @DisplayName("runs beside bin/test's build, and builds again only when a source changed")
  void buildsOnlyWhenSourcesChanged() throws Exception {
    copyCheckout();

    // The Quick start's two terminals: bin/run, and bin/test's build (its package phase, tests aside).
    CompletableFuture<Result> testBuild = CompletableFuture.supplyAsync(() -> {
      try {
        return run(copy, List.of("./mvnw", "-q", "-B", "-DskipTests", "package"));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    Result first = run(copy, List.of("bin/run", "--help"));
    Result build = testBuild.get(10, TimeUnit.MINUTES);
    assertThat(build.exitCode()).as("bin/test's build: %s", build.output()).isZero();
    assertThat(first.exitCode()).as(first.output()).isZero();
    assertThat(first.output()).contains("Usage: stepwise");

    FileTime built = latestWrite(copy.resolve("server/target"));
    Result again = run(copy, List.of("bin/run", "--help"));
    assertThat(again.exitCode()).as(again.output()).isZero();
    assertThat(again.output()).contains("Usage: stepwise");
    assertThat(latestWrite(copy.resolve("server/target"))).as("nothing changed, so nothing was built").isEqualTo(built);

    Path main = copy.resolve("server/src/main/java/dev/stepwise/Main.java");
    Files.writeString(main, Files.readString(main) + "\n// changed\n");
    Result changed = run(copy, List.of("bin/run", "--help"));
    assertThat(changed.exitCode()).as(changed.output()).isZero();
    assertThat(changed.output()).contains("Usage: stepwise");
    assertThat(latestWrite(copy.resolve("server/target"))).as("a source changed: built again").isGreaterThan(built);
  }

  /** When the newest file under the folder was last written. */
  static FileTime latestWrite(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(Files::isRegularFile).map(file -> {
        try {
          return Files.getLastModifiedTime(file);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).max(Comparator.naturalOrder()).orElseThrow();
    }
  }
}
