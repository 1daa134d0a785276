package dev.stepwise;

import static org.assertj.core.api.Assertions.assertThat;
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
  void theStartUpLineShowsAnAddressAClientCanUse() {
    ServerConfig defaults = ServerConfig.defaults();
    assertThat(Main.endpoint(defaults, 9400)).isEqualTo("http://127.0.0.1:9400");
    assertThat(Main.endpoint(defaults.toBuilder().bindHost("").build(), 9400))
        .as("an empty host binds loopback").isEqualTo("http://127.0.0.1:9400");
    assertThat(Main.endpoint(defaults.toBuilder().bindHost("::1").build(), 9400)).isEqualTo("http://[::1]:9400");
    assertThat(Main.endpoint(defaults.toBuilder().bindHost("[::1]").build(), 9400)).isEqualTo("http://[::1]:9400");
    assertThat(Main.endpoint(defaults.toBuilder().bindHost("localhost").build(), 9401))
        .isEqualTo("http://localhost:9401");
  }

  @Test
  void localModeListensOnLoopback() {
    assertThatCode(() -> Main.requireLoopbackInLocalMode(ServerConfig.defaults())).doesNotThrowAnyException();
    assertThatCode(() -> Main.requireLoopbackInLocalMode(ServerConfig.defaults().toBuilder().bindHost("::1").build()))
        .doesNotThrowAnyException();
  }
}
