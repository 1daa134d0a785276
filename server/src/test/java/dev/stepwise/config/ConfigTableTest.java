package dev.stepwise.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The README's configuration table")
class ConfigTableTest {
  @Test
  @DisplayName("lists every setting of --help, with its variable and default, and nothing else")
  void complete() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    Matcher setting = Pattern.compile("(?m)^  --(\\S+)\\s+(STEPWISE_\\S+)\\s+default (.*)$").matcher(ConfigLoader.help());
    int settings = 0;
    while (setting.find()) {
      assertThat(readme).as("README row of --%s", setting.group(1)).contains(
          "| `--" + setting.group(1) + "` | `" + setting.group(2) + "` | " + setting.group(3).strip() + " |");
      settings++;
    }
    assertThat(settings).isGreaterThan(20);
    Matcher rows = Pattern.compile("(?m)^\\| `--([a-z-]+)` \\|").matcher(readme);
    int listed = 0;
    while (rows.find()) {
      listed++;
    }
    assertThat(listed).as("rows in the README's table").isEqualTo(settings);
  }
}
