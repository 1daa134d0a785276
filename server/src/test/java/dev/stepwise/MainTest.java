package dev.stepwise;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.stepwise.config.ServerConfig;
import org.junit.jupiter.api.Test;

class MainTest {
  @Test
  void localModeRefusesToListenBeyondLoopback() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Main.requireLoopbackInLocalMode(ServerConfig.defaults().toBuilder().bindHost("0.0.0.0").build()))
        .withMessageContaining("local mode");
  }

  @Test
  void localModeListensOnLoopback() {
    assertThatCode(() -> Main.requireLoopbackInLocalMode(ServerConfig.defaults())).doesNotThrowAnyException();
    assertThatCode(() -> Main.requireLoopbackInLocalMode(ServerConfig.defaults().toBuilder().bindHost("::1").build()))
        .doesNotThrowAnyException();
  }
}
