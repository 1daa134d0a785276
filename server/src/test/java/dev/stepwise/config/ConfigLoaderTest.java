package dev.stepwise.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
  void accessLogIsOnUnlessTurnedOff() {
    assertThat(ConfigLoader.load(List.of(), Map.of()).accessLog()).isTrue();
    assertThat(ConfigLoader.load(List.of(), Map.of("STEPWISE_ACCESS_LOG", "false")).accessLog()).isFalse();
  }

  @Test
  void helpListsEverySettingWithItsVariableAndDefault() {
    assertThat(ConfigLoader.help()).contains("--port", "STEPWISE_PORT", "9400", "--max-timestamp-age", "none");
  }
}
