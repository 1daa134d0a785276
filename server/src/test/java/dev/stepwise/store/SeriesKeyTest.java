package dev.stepwise.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("SeriesKey")
class SeriesKeyTest {
  @Test
  @DisplayName("shows a metric name's control characters escaped, so that a log line stays one readable line")
  void escapesControlCharacters() {
    String shown = new SeriesKey("111122223333", "us-east-1", "tc", "gpu\ttemp\u001b[31m\u007f").toString();

    assertThat(shown).contains("gpu\\ttemp\\u001b[31m\\u007f");
    assertThat(shown.chars()).noneMatch(Character::isISOControl);
  }
}
