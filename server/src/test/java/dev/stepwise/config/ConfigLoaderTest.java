package dev.stepwise.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @Test
  void defaultsWithoutFlagsOrEnvironment() {
    assertThat(ConfigLoader.load(List.of(), Map.of())).isEqualTo(ServerConfig.defaults());
  }

  @Test
  void aFlagWinsOverTheEnvironmentWhichWinsOverTheDefault() {
    ServerConfig c =
        ConfigLoader.load(
            List.of("--port", "9500", "--max-buckets=10"),
            Map.of("STEPWISE_PORT", "9600", "STEPWISE_DATA_DIR", "/tmp/x", "STEPWISE_MAX_TIMESTAMP_AGE", "14d"));

    assertThat(c.port()).isEqualTo(9500);
    assertThat(c.maxBuckets()).isEqualTo(10);
    assertThat(c.dataDir()).isEqualTo(Path.of("/tmp/x"));
    assertThat(c.maxTimestampAge()).isEqualTo(Duration.ofDays(14));
  }

  @Test
  void durationsInShortOrIsoForm() {
    assertThat(ConfigLoader.duration("d", "90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(ConfigLoader.duration("d", "PT2H")).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void everyProblemNamesTheSetting() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ConfigLoader.load(List.of("--port", "x"), Map.of()))
        .withMessage("setting port=x is invalid: not an integer");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ConfigLoader.load(List.of("--port", "70000"), Map.of()))
        .withMessage("setting port=70000 is invalid: must be 0..65535");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ConfigLoader.load(List.of("--colour", "red"), Map.of()))
        .withMessageContaining("unknown flag --colour");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ConfigLoader.load(List.of(), Map.of("STEPWISE_MAX_TIMESTAMP_FUTURE", "soon")))
        .withMessageContaining("max-timestamp-future=soon");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ConfigLoader.load(List.of("--access-log", "yes"), Map.of()))
        .withMessage("setting access-log=yes is invalid: must be true or false");
  }

  @Test
  void aConfigFileSitsBelowTheEnvironmentAndTheFlags(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("stepwise.conf"),
        "# Stepwise\nport = 9500\n\nmax-buckets=123\nwrite-queue-capacity = 7\n");

    ServerConfig fromFile = ConfigLoader.load(List.of("--config", file.toString()), Map.of());
    assertThat(fromFile.port()).isEqualTo(9500);
    assertThat(fromFile.maxBuckets()).isEqualTo(123);
    assertThat(fromFile.writeQueueCapacity()).isEqualTo(7);

    ServerConfig layered = ConfigLoader.load(List.of("--config=" + file, "--port", "9700"),
        Map.of("STEPWISE_PORT", "9600", "STEPWISE_MAX_BUCKETS", "456"));
    assertThat(layered.port()).as("flag over environment over file").isEqualTo(9700);
    assertThat(layered.maxBuckets()).as("environment over file").isEqualTo(456);
    assertThat(layered.writeQueueCapacity()).as("file over default").isEqualTo(7);

    assertThat(ConfigLoader.load(List.of(), Map.of("STEPWISE_CONFIG", file.toString())).port()).isEqualTo(9500);
  }

  @Test
  void aConfigFileLineMayEndWithAComment(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("stepwise.conf"),
        "port = 9500   # the API's port\nretention=90d\t# three months\nregions = us-east-1,eu-west-1 #\n");

    ServerConfig config = ConfigLoader.load(List.of("--config", file.toString()), Map.of());

    assertThat(config.port()).isEqualTo(9500);
    assertThat(config.retention()).isEqualTo(Duration.ofDays(90));
    assertThat(config.regions()).containsExactlyInAnyOrder("eu-west-1", "us-east-1");
  }

  @Test
  void aBadConfigFileNamesTheFileAndTheLine(@TempDir Path dir) throws Exception {
    Path unknown = Files.writeString(dir.resolve("a.conf"), "port = 9500\ncolour = red\n");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ConfigLoader.load(List.of("--config", unknown.toString()), Map.of()))
        .withMessage("config file " + unknown + " line 2: unknown setting 'colour' (see --help)");
    Path malformed = Files.writeString(dir.resolve("b.conf"), "port 9500\n");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ConfigLoader.load(List.of("--config", malformed.toString()), Map.of()))
        .withMessageContaining("line 1: expected name = value");
    Path badValue = Files.writeString(dir.resolve("c.conf"), "port = many\n");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ConfigLoader.load(List.of("--config", badValue.toString()), Map.of()))
        .withMessage("setting port=many is invalid: not an integer");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ConfigLoader.load(List.of("--config", dir.resolve("missing.conf").toString()), Map.of()))
        .withMessageContaining("cannot be read");
  }

  @Test
  void accessLogIsOnUnlessTurnedOff() {
    assertThat(ConfigLoader.load(List.of(), Map.of()).accessLog()).isTrue();
    assertThat(ConfigLoader.load(List.of(), Map.of("STEPWISE_ACCESS_LOG", "false")).accessLog()).isFalse();
  }

  @Test
  void helpListsEverySettingWithItsVariableAndDefault() {
    assertThat(ConfigLoader.help()).contains("--port", "STEPWISE_PORT", "9400", "--max-timestamp-age", "none");
  }
}
