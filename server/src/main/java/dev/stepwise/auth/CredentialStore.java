package dev.stepwise.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The credentials of secured mode, re-read when the file's content changes (checked every {@code pollInterval}: a
 * poll of a small file rather than a file watch, because watches miss edits made through symlinks such as
 * Kubernetes secret volumes, and timestamps miss edits within their resolution). A file that becomes invalid is
 * reported and the last good credentials stay in force.
 */
public final class CredentialStore implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CredentialStore.class);

  /** What the file held when last read, to notice a change without parsing. */
  private record Version(int hash, long size) {}

  private final Path file;
  private final Function<Path, Map<String, Credential>> reader;
  private final ScheduledExecutorService poller;
  private volatile Map<String, Credential> credentials;
  private volatile Version version;

  /** Unexpected reload failures since the last good reload; the poller's thread only. */
  private int unexpectedFailures;

  private CredentialStore(Path file, Function<Path, Map<String, Credential>> reader,
      Map<String, Credential> credentials, Version version, Duration pollInterval) {
    this.file = file;
    this.reader = reader;
    this.credentials = credentials;
    this.version = version;
    this.poller =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "stepwise-credentials");
              t.setDaemon(true);
              return t;
            });
    long millis = pollInterval.toMillis();
    poller.scheduleWithFixedDelay(this::reloadIfChanged, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** Reads the file now; a bad file at start-up is an {@link IllegalArgumentException} with one clear line. */
  public static CredentialStore open(Path file, Duration pollInterval) {
    return open(file, pollInterval, CredentialsFile::read);
  }

  /** As {@link #open(Path, Duration)}, reading the file with {@code reader} (a test seam for faults). */
  static CredentialStore open(Path file, Duration pollInterval, Function<Path, Map<String, Credential>> reader) {
    Objects.requireNonNull(file, "file");
    Version version = versionOf(file);
    Map<String, Credential> credentials = reader.apply(file);
    log.info("loaded {} credential(s) from {}", credentials.size(), file);
    return new CredentialStore(file, reader, credentials, version, pollInterval);
  }

  public Optional<Credential> find(String accessKeyId) {
    return Optional.ofNullable(credentials.get(accessKeyId));
  }

  public int size() {
    return credentials.size();
  }

  /** Checks the file and re-reads it if it changed; called by the poller, and by tests that do not want to wait. */
  public void reloadIfChanged() {
    try {
      Version now = versionOf(file);
      if (now.equals(version)) {
        return;
      }
      Map<String, Credential> reloaded = reader.apply(file);
      credentials = reloaded;
      version = now;
      log.info("reloaded {} credential(s) from {}", reloaded.size(), file);
      unexpectedFailures = 0;
    } catch (IllegalArgumentException e) {
      log.error("{}; keeping the {} credential(s) loaded before", e.getMessage(), credentials.size());
      version = versionOrNull(file);
    } catch (RuntimeException e) {
      // Escaping here would cancel the poller for good, silently. The version stays, so the next poll tries again;
      // the first failure of a run is logged with its trace, the rest would repeat it every poll.
      if (unexpectedFailures++ == 0) {
        log.error("reloading {} failed ({}); keeping the {} credential(s) loaded before and trying again", file,
            e.toString(), credentials.size(), e);
      } else {
        log.debug("reloading {} failed again ({} in a row): {}", file, unexpectedFailures, e.toString());
      }
    }
  }

  private static Version versionOf(Path file) {
    try {
      byte[] content = Files.readAllBytes(file);
      return new Version(java.util.Arrays.hashCode(content), content.length);
    } catch (IOException e) {
      throw new IllegalArgumentException("credentials file " + file + " cannot be read: " + e.getClass().getSimpleName());
    }
  }

  private static Version versionOrNull(Path file) {
    try {
      return versionOf(file);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  @Override
  public void close() {
    poller.shutdownNow();
  }
}
