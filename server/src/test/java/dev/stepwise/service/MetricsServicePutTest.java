package dev.stepwise.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.api.ApiException;
import dev.stepwise.api.ErrorCode;
import dev.stepwise.api.Principal;
import dev.stepwise.config.ServerConfig;
import dev.stepwise.model.PutErrorCode;
import dev.stepwise.model.PutItemError;
import dev.stepwise.model.PutMetricsCommand;
import dev.stepwise.model.RawMetric;
import dev.stepwise.model.RejectionReason;
import dev.stepwise.store.MetricStore;
import dev.stepwise.store.NewPoint;
import dev.stepwise.store.SeriesKey;
import dev.stepwise.store.StoreException;
import dev.stepwise.store.StoreLimits;
import dev.stepwise.store.StoreOverloadedException;
import dev.stepwise.store.StoreUnavailableException;
import dev.stepwise.store.memory.InMemoryMetricStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MetricsServicePutTest {
  static final long NOW = 1_767_398_400_000L; // 2026-01-03T00:00:00Z
  static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);
  static final Principal CALLER = new Principal("111122223333", "us-west-2");
  static final String TC = "tc-1";

  private ServerConfig config = ServerConfig.defaults(); // timestamps up to 2 h ahead, no bound in the past
  private InMemoryMetricStore store;
  private MetricsService service;

  private void start(ServerConfig newConfig) {
    config = newConfig;
    store = new InMemoryMetricStore(
        new StoreLimits(config.maxMetricsPerTrialComponent(), config.maxPointsPerMetric()));
    service = new MetricsService(store, config, CLOCK);
  }

  private List<PutItemError> put(RawMetric... items) {
    return service.put(CALLER, new PutMetricsCommand(TC, List.of(items)));
  }

  /** The (timestamp, step, value) of every stored point of the metric, by time. */
  private List<List<Object>> stored(String metric) {
    List<List<Object>> points = new ArrayList<>();
    store.scanByTime(new SeriesKey(CALLER.account(), CALLER.region(), TC, metric), Long.MIN_VALUE, Long.MAX_VALUE,
        (ts, step, value, seq) -> points.add(List.of(ts, step, value)));
    return points;
  }

  private static RawMetric ok(String name, long ts, double value) {
    return new RawMetric(name, ts, 1, value);
  }

  @Nested
  @DisplayName("item rules")
  class ItemRules {
    static Stream<Arguments> invalidItems() {
      return Stream.of(
          Arguments.of("MetricName missing", new RawMetric(null, NOW, 1, 1.0), RejectionReason.METRIC_NAME),
          Arguments.of("MetricName empty", new RawMetric("", NOW, 1, 1.0), RejectionReason.METRIC_NAME),
          Arguments.of("MetricName of 256 code points", new RawMetric("a".repeat(256), NOW, 1, 1.0),
              RejectionReason.METRIC_NAME),
          Arguments.of("MetricName with \\n", new RawMetric("train\nloss", NOW, 1, 1.0), RejectionReason.METRIC_NAME),
          Arguments.of("MetricName with \\r", new RawMetric("train\rloss", NOW, 1, 1.0), RejectionReason.METRIC_NAME),
          Arguments.of("MetricName with U+2028", new RawMetric("train\u2028loss", NOW, 1, 1.0),
              RejectionReason.METRIC_NAME),
          Arguments.of("MetricName with NUL", new RawMetric("train\u0000loss", NOW, 1, 1.0),
              RejectionReason.METRIC_NAME),
          Arguments.of("MetricName with U+0085 (NEL)", new RawMetric("train\u0085loss", NOW, 1, 1.0),
              RejectionReason.METRIC_NAME),
          Arguments.of("MetricName with an unpaired surrogate", new RawMetric("loss\uD800", NOW, 1, 1.0),
              RejectionReason.METRIC_NAME),
          Arguments.of("Timestamp missing", new RawMetric("loss", null, 1, 1.0), RejectionReason.TIMESTAMP_MISSING),
          Arguments.of("Timestamp before the epoch", new RawMetric("loss", -1L, 1, 1.0),
              RejectionReason.TIMESTAMP_BEFORE_EPOCH),
          Arguments.of("Timestamp 1 ms past the 2 h window", new RawMetric("loss", NOW + 7_200_001L, 1, 1.0),
              RejectionReason.TIMESTAMP_IN_FUTURE),
          Arguments.of("Step negative", new RawMetric("loss", NOW, -1, 1.0), RejectionReason.STEP_NEGATIVE),
          Arguments.of("Value missing", new RawMetric("loss", NOW, 1, null), RejectionReason.VALUE_MISSING),
          Arguments.of("Value NaN", new RawMetric("loss", NOW, 1, Double.NaN), RejectionReason.VALUE_NOT_FINITE),
          Arguments.of("Value +Infinity", new RawMetric("loss", NOW, 1, Double.POSITIVE_INFINITY),
              RejectionReason.VALUE_NOT_FINITE),
          Arguments.of("Value -Infinity", new RawMetric("loss", NOW, 1, Double.NEGATIVE_INFINITY),
              RejectionReason.VALUE_NOT_FINITE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidItems")
    @DisplayName("an invalid item is a VALIDATION_ERROR at its index, and the items around it are stored")
    void invalidItem(String rule, RawMetric invalid, RejectionReason reason) {
      start(config);

      List<PutItemError> errors = put(ok("loss", NOW - 2, 1.0), invalid, ok("loss", NOW - 1, 2.0));

      assertThat(errors).containsExactly(new PutItemError(PutErrorCode.VALIDATION_ERROR, 1, reason));
      assertThat(stored("loss")).containsExactly(List.of(NOW - 2, 1, 1.0), List.of(NOW - 1, 1, 2.0));
    }

    static Stream<Arguments> validItems() {
      String emoji = "\uD83D\uDE80"; // one code point, two chars
      return Stream.of(
          Arguments.of("MetricName of 255 code points in 510 chars", new RawMetric(emoji.repeat(255), NOW, 1, 1.0)),
          Arguments.of("MetricName with spaces, slashes and accents", new RawMetric("val/Loss über", NOW, 1, 1.0)),
          // The model's pattern is .+, which only line terminators fail: AWS stores these.
          Arguments.of("MetricName with a tab", new RawMetric("train\tloss", NOW, 1, 1.0)),
          Arguments.of("MetricName with DEL and ESC", new RawMetric("train\u007f\u001bloss", NOW, 1, 1.0)),
          Arguments.of("MetricName with C1 controls but NEL", new RawMetric("a\u0080\u0084\u0086\u009fb", NOW, 1, 1.0)),
          Arguments.of("Timestamp at the epoch", new RawMetric("loss", 0L, 1, 1.0)),
          Arguments.of("Timestamp exactly 2 h ahead", new RawMetric("loss", NOW + 7_200_000L, 1, 1.0)),
          Arguments.of("Step absent", new RawMetric("loss", NOW, null, 1.0)),
          Arguments.of("Step 0", new RawMetric("loss", NOW, 0, 1.0)),
          Arguments.of("Value -0.0", new RawMetric("loss", NOW, 1, -0.0)),
          Arguments.of("Value Double.MAX_VALUE", new RawMetric("loss", NOW, 1, Double.MAX_VALUE)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validItems")
    @DisplayName("an item at the edge of a rule is stored")
    void validItem(String rule, RawMetric item) {
      start(config);

      assertThat(put(item)).isEmpty();
      int step = item.step() == null ? NewPoint.NO_STEP : item.step();
      double value = item.value() + 0.0; // -0.0 is stored as 0.0, the same value to every store
      assertThat(stored(item.metricName())).containsExactly(List.of(item.timestampMs(), step, value));
    }

    @Test
    @DisplayName("with maxTimestampAge set, a timestamp older than it is refused and one exactly that old accepted")
    void maxAge() {
      start(config.withTimestampWindow(Duration.ofHours(2), Duration.ofDays(1)));
      long dayAgo = NOW - 86_400_000L;

      List<PutItemError> errors = put(ok("loss", dayAgo - 1, 1.0), ok("loss", dayAgo, 2.0));

      assertThat(errors)
          .containsExactly(new PutItemError(PutErrorCode.VALIDATION_ERROR, 0, RejectionReason.TIMESTAMP_TOO_OLD));
      assertThat(stored("loss")).containsExactly(List.of(dayAgo, 1, 2.0));
    }

    @Test
    @DisplayName("several invalid items: one error each, by index; an all-invalid request stores nothing")
    void severalErrors() {
      start(config);

      List<PutItemError> errors =
          put(ok(null, NOW, 1), ok("loss", NOW, 1), ok("loss", -5, 1), ok("loss", NOW, Double.NaN));

      assertThat(errors).containsExactly(
          new PutItemError(PutErrorCode.VALIDATION_ERROR, 0, RejectionReason.METRIC_NAME),
          new PutItemError(PutErrorCode.VALIDATION_ERROR, 2, RejectionReason.TIMESTAMP_BEFORE_EPOCH),
          new PutItemError(PutErrorCode.VALIDATION_ERROR, 3, RejectionReason.VALUE_NOT_FINITE));
      assertThat(put(ok("", NOW, 1), ok("x", NOW, Double.NaN))).hasSize(2);
      assertThat(stored("loss")).hasSize(1);
    }
  }

  @Test
  @DisplayName("the same request twice stores one copy and answers no error both times")
  void idempotentReplay() {
    start(config);
    RawMetric[] request = {ok("loss", NOW - 10, 0.5), new RawMetric("loss", NOW - 5, null, 0.25),
        ok("acc", NOW - 5, 0.9)};

    assertThat(put(request)).isEmpty();
    assertThat(put(request)).isEmpty();

    assertThat(stored("loss")).containsExactly(List.of(NOW - 10, 1, 0.5), List.of(NOW - 5, -1, 0.25));
    assertThat(stored("acc")).containsExactly(List.of(NOW - 5, 1, 0.9));
  }

  @Test
  @DisplayName("points go under the caller's account and region, and the request's trial component")
  void storedUnderCaller() {
    start(config);

    put(ok("loss", NOW, 1.0));

    List<Object> seen = new ArrayList<>();
    store.scanByTime(new SeriesKey("111122223333", "us-west-2", "tc-1", "loss"), 0, Long.MAX_VALUE,
        (ts, step, value, seq) -> seen.add(value));
    store.scanByTime(new SeriesKey("111122223333", "us-east-1", "tc-1", "loss"), 0, Long.MAX_VALUE,
        (ts, step, value, seq) -> seen.add("wrong region"));
    assertThat(seen).containsExactly(1.0);
  }

  @Nested
  @DisplayName("limits")
  class Limits {
    @Test
    @DisplayName("a new metric beyond maxMetricsPerTrialComponent is METRIC_LIMIT_EXCEEDED; errors stay by index")
    void metricsPerTrialComponent() {
      start(config.withLimits(2, 100));

      List<PutItemError> errors =
          put(ok("c", NOW, 3), ok(null, NOW, 0), ok("a", NOW, 1), ok("b", NOW, 2), ok("a", NOW, 4));

      // The store sees c, a, b, a in that order: c and a take the two slots, b is refused.
      assertThat(errors).containsExactly(
          new PutItemError(PutErrorCode.VALIDATION_ERROR, 1, RejectionReason.METRIC_NAME),
          new PutItemError(PutErrorCode.METRIC_LIMIT_EXCEEDED, 3, RejectionReason.METRIC_LIMIT));
      assertThat(stored("a")).hasSize(2);
      assertThat(stored("b")).isEmpty();
    }

    @Test
    @DisplayName("a point beyond maxPointsPerMetric is METRIC_LIMIT_EXCEEDED, but a retry of a stored one succeeds")
    void pointsPerMetric() {
      start(config.withLimits(10, 2));

      assertThat(put(ok("loss", NOW - 3, 1), ok("loss", NOW - 2, 2))).isEmpty();
      List<PutItemError> errors = put(ok("loss", NOW - 1, 3), ok("loss", NOW - 2, 2), ok("acc", NOW, 1));

      assertThat(errors)
          .containsExactly(new PutItemError(PutErrorCode.METRIC_LIMIT_EXCEEDED, 0, RejectionReason.METRIC_LIMIT));
      assertThat(stored("loss")).hasSize(2);
      assertThat(stored("acc")).hasSize(1);
    }
  }

  @Nested
  @DisplayName("store failures")
  class StoreFailures {
    static Stream<Arguments> failures() {
      return Stream.of(
          Arguments.of(new StoreOverloadedException(FailingStore.INTERNALS), true, ErrorCode.ThrottlingException),
          Arguments.of(new StoreOverloadedException(FailingStore.INTERNALS), false, ErrorCode.ThrottlingException),
          Arguments.of(new StoreUnavailableException(FailingStore.INTERNALS, null), true, ErrorCode.ServiceUnavailable),
          Arguments.of(new StoreUnavailableException(FailingStore.INTERNALS, null), false, ErrorCode.ServiceUnavailable));
    }

    @Test
    @DisplayName("a full write queue refuses the request before it is read: ThrottlingException, as an append would")
    void admission() {
      MetricsService overloaded = new MetricsService(
          new FailingStore(new StoreOverloadedException(FailingStore.INTERNALS), false), config, CLOCK);
      MetricsService failing = new MetricsService(
          new FailingStore(new StoreUnavailableException(FailingStore.INTERNALS, null), false), config, CLOCK);

      assertThatThrownBy(overloaded::admitWrite).isInstanceOfSatisfying(ApiException.class, e -> {
        assertThat(e.code()).isEqualTo(ErrorCode.ThrottlingException);
        assertThat(e.getMessage()).isEqualTo("Rate exceeded");
      });
      failing.admitWrite(); // an unavailable store is found out by the append, not here
      new MetricsService(new InMemoryMetricStore(StoreLimits.DEFAULT), config, CLOCK).admitWrite();
    }

    @ParameterizedTest(name = "{0}, thrown at once: {1}")
    @MethodSource("failures")
    @DisplayName("map to the AWS error code, with a message that tells nothing of the store")
    void mapped(StoreException failure, boolean atOnce, ErrorCode expected) {
      MetricsService failing = new MetricsService(new FailingStore(failure, atOnce), config, CLOCK);

      assertThatThrownBy(() -> failing.put(CALLER, new PutMetricsCommand(TC, List.of(ok("loss", NOW, 1)))))
          .isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo(expected);
            assertThat(e.getMessage()).isEqualTo(expected == ErrorCode.ThrottlingException
                ? "Rate exceeded" : "The service is unavailable right now; retry the request later.");
            assertThat(e.getMessage()).doesNotContain("SQLITE", "INSERT", "/var");
          });
    }

    @Test
    @DisplayName("a closed store makes put fail with ServiceUnavailable")
    void closedStore() {
      start(config);
      store.close();

      assertThatThrownBy(() -> put(ok("loss", NOW, 1)))
          .isInstanceOfSatisfying(ApiException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.ServiceUnavailable));
    }

    @Test
    @DisplayName("a request with no valid item does not touch the store")
    void noValidItemNoStoreCall() {
      MetricStore broken = new FailingStore(new StoreUnavailableException(FailingStore.INTERNALS, null), true);
      MetricsService failing = new MetricsService(broken, config, CLOCK);

      assertThat(failing.put(CALLER, new PutMetricsCommand(TC, List.of(ok("loss", -1, 1)))))
          .containsExactly(
              new PutItemError(PutErrorCode.VALIDATION_ERROR, 0, RejectionReason.TIMESTAMP_BEFORE_EPOCH));
    }
  }
}
