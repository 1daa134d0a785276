package dev.stepwise.auth;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.stepwise.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

@DisplayName("CredentialStore")
class CredentialStoreTest {
  static final String KEY_1 = "AKIAFIRST00000000001";
  static final String KEY_2 = "AKIASECOND0000000002";

  @TempDir Path dir;
  final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  final Logger logger = (Logger) LoggerFactory.getLogger(CredentialStore.class);

  @BeforeEach
  void captureLog() {
    logged.start();
    logger.addAppender(logged);
  }

  @AfterEach
  void releaseLog() {
    logger.detachAppender(logged);
  }

  /** Whether a warning or error mentioning the text was logged (the appender appends under its own lock). */
  boolean logged(String text) {
    synchronized (logged) {
      return logged.list.stream()
          .anyMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN) && e.getFormattedMessage().contains(text));
    }
  }

  @Test
  @DisplayName("keeps reloading after an unexpected failure of one reload, and logs it")
  void survivesRuntimeExceptions() throws Exception {
    Path file = dir.resolve("credentials");
    Files.writeString(file, KEY_1 + " secret-1 111111111111\n");
    // The one fault the file cannot produce for real: anything but a parse error thrown while reading it.
    AtomicBoolean failNext = new AtomicBoolean();
    Function<Path, Map<String, Credential>> reader = path -> {
      if (failNext.getAndSet(false)) {
        throw new IllegalStateException("unexpected trouble");
      }
      return CredentialsFile.read(path);
    };
    try (CredentialStore store = CredentialStore.open(file, Duration.ofMillis(20), reader)) {
      failNext.set(true);
      Files.writeString(file, KEY_2 + " secret-2 222222222222\n");
      Await.until("the failure logged", Duration.ofSeconds(10), () -> logged("unexpected trouble"));

      Await.until("the changed file loaded by a later poll", Duration.ofSeconds(10), () -> store.find(KEY_2).isPresent());
      assertThat(store.find(KEY_1)).isEmpty();
    }
  }
}
