package dev.stepwise.store.cassandra;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The Cassandra store's durability check")
class CassandraSchemaTest {
  @Test
  @DisplayName("refuses a cluster whose commitlog_sync is periodic, unless the operator allows it")
  void periodicRefused() {
    assertThatIllegalStateException().isThrownBy(() -> CassandraSchema.requireDurable("periodic", false))
        .withMessageContaining("commitlog_sync is periodic")
        .withMessageContaining("--cassandra-allow-periodic-commitlog true");
    assertThatCode(() -> CassandraSchema.requireDurable("periodic", true)).doesNotThrowAnyException();
  }

  @Test
  @DisplayName("accepts group and batch, and refuses a cluster that does not report the setting")
  void groupAndBatch() {
    assertThatCode(() -> CassandraSchema.requireDurable("group", false)).doesNotThrowAnyException();
    assertThatCode(() -> CassandraSchema.requireDurable("batch", false)).doesNotThrowAnyException();
    assertThatIllegalStateException().isThrownBy(() -> CassandraSchema.requireDurable(null, false))
        .withMessageContaining("system_views.settings");
  }
}
