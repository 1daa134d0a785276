package dev.stepwise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.api.Principal;
import dev.stepwise.config.ServerConfig;
import dev.stepwise.model.PutErrorCode;
import dev.stepwise.model.PutItemError;
import dev.stepwise.model.PutMetricsCommand;
import dev.stepwise.model.RawMetric;
import dev.stepwise.model.RejectionReason;
import dev.stepwise.service.MetricsService;
import dev.stepwise.store.AppendBatch;
import dev.stepwise.store.NewPoint;
import dev.stepwise.store.SeriesKey;
import dev.stepwise.store.StoreLimits;
import dev.stepwise.store.memory.InMemoryMetricStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Retention")
class RetentionTest {
  static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @Test
  @DisplayName("a pass drops the points older than the retention from the store")
  void pass() {
    InMemoryMetricStore store = new InMemoryMetricStore(StoreLimits.DEFAULT);
    long day = Duration.ofDays(1).toMillis();
    store.append(new AppendBatch("111122223333", "us-east-1", "tc", List.of(
        new NewPoint("loss", NOW.toEpochMilli() - 3 * day, 0, 1),
        new NewPoint("loss", NOW.toEpochMilli() - day / 2, 1, 2)))).join();

    assertThat(Retention.run(Duration.ofDays(2), store, CLOCK)).isEqualTo(1);

    List<Double> left = new ArrayList<>();
    store.scanByTime(new SeriesKey("111122223333", "us-east-1", "tc", "loss"), Long.MIN_VALUE, Long.MAX_VALUE,
        (t, s, v, q) -> left.add(v));
    assertThat(left).containsExactly(2.0);
  }

  @Test
  @DisplayName("a point older than the retention is refused at ingest, so a retry cannot bring one back")
  void refusedAtIngest() {
    ServerConfig config = ServerConfig.defaults().toBuilder().retention(Duration.ofDays(2)).build();
    MetricsService service = new MetricsService(new InMemoryMetricStore(StoreLimits.DEFAULT), config, CLOCK);
    List<PutItemError> errors = service.put(new Principal("111122223333", "us-east-1"),
        new PutMetricsCommand("tc", List.of(
            new RawMetric("loss", NOW.minus(Duration.ofDays(3)).toEpochMilli(), 0, 1.0),
            new RawMetric("loss", NOW.minus(Duration.ofDays(1)).toEpochMilli(), 1, 2.0))));
    assertThat(errors)
        .containsExactly(new PutItemError(PutErrorCode.VALIDATION_ERROR, 0, RejectionReason.TIMESTAMP_TOO_OLD));
  }
}
