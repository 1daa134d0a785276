package dev.stepwise.it;

import dev.stepwise.config.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import software.amazon.awssdk.core.SdkGlobalTime;

/** A secured server whose credentials file holds two keys of two accounts (111111111111 and 222222222222). */
final class TwoAccounts {
  static final String KEY_A = "AKIAACCOUNTA00000001";
  static final String SECRET_A = "secretA/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  static final String KEY_B = "AKIAACCOUNTB00000002";
  static final String SECRET_B = "secretB+bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

  private TwoAccounts() {}

  /** Starts the server with its data and credentials file under {@code dir}, on the system clock. */
  static StepwiseTestServer start(Path dir) throws IOException {
    // Other tests' servers run on a fixed clock, and the SDK keeps the skew it learnt from them process-wide.
    SdkGlobalTime.setGlobalTimeOffset(0);
    Path credentials = dir.resolve("credentials");
    Files.writeString(credentials,
        KEY_A + " " + SECRET_A + " 111111111111 - a\n" + KEY_B + " " + SECRET_B + " 222222222222 - b\n");
    ServerConfig config = ServerConfig.defaults().withPort(0).withDataDir(dir.resolve("secured")).toBuilder()
        .credentialsFile(credentials).build();
    return new StepwiseTestServer(config, Clock.systemUTC());
  }
}
