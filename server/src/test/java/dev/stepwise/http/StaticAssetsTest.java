package dev.stepwise.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("StaticAssets")
class StaticAssetsTest {
  @Test
  @DisplayName("keeps only files that exist: asking for unknown names cannot grow the heap")
  void cachesOnlyFilesThatExist() {
    StaticAssets assets = new StaticAssets();
    assertThat(assets.content("/ui/", "index.js")).isNotEmpty();
    int known = assets.cachedFiles();

    for (int i = 0; i < 10_000; i++) {
      assertThat(assets.content("/ui/", "nothing-" + i + ".js")).isNullOrEmpty();
    }

    assertThat(assets.cachedFiles()).isEqualTo(known);
    assertThat(assets.content("/ui/", "index.js")).as("a known file is still served").isNotEmpty();
  }
}
