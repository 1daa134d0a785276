package dev.stepwise.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Every integration test runs under a default timeout, in a thread of its own so that a hung server (a read that
 * never returns) fails that test, by name, instead of stalling the build: the configuration the launcher gives every
 * test of this run, read here as JUnit hands it to extensions.
 */
@DisplayName("Integration tests")
@ExtendWith(TimeoutsIT.Configuration.class)
class TimeoutsIT {
  /** Resolves a String parameter to the run's value of the configuration parameter that its index names. */
  static final class Configuration implements ParameterResolver {
    static final String[] KEYS = {
      "junit.jupiter.execution.timeout.default", "junit.jupiter.execution.timeout.thread.mode.default"};

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == String.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      return context.getConfigurationParameter(KEYS[parameter.getIndex()]).orElse(null);
    }
  }

  @Test
  @DisplayName("run with a default timeout for every test and lifecycle method, in a separate thread")
  void haveATimeout(String timeout, String threadMode) {
    assertThat(timeout).as("junit.jupiter.execution.timeout.default").isNotBlank().matches("[0-9]+ ?(s|m|h)");
    assertThat(threadMode).as("junit.jupiter.execution.timeout.thread.mode.default").isEqualTo("SEPARATE_THREAD");
  }
}
