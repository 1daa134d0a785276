package dev.stepwise.service;

import dev.stepwise.config.ServerConfig;
import dev.stepwise.model.RawMetric;
import dev.stepwise.model.RejectionReason;
import java.time.Duration;
import java.util.Optional;

/**
 * The rules one item of {@code MetricData} must pass to be stored. An item that fails one is reported as
 * {@code VALIDATION_ERROR} at its index; the other items of the request are stored all the same.
 */
final class MetricItemRules {
  /** The model's {@code MetricName} length bounds; Smithy counts a string's length in Unicode code points. */
  static final int MIN_NAME_LENGTH = 1;
  static final int MAX_NAME_LENGTH = 255;

  private final Duration maxFuture;
  private final Duration maxAge;

  MetricItemRules(ServerConfig config) {
    this.maxFuture = config.maxTimestampFuture();
    this.maxAge = oldestAccepted(config.maxTimestampAge(), config.retention());
  }

  /**
   * Points older than the retention would be dropped at once, and a retry of one already dropped would be stored
   * again (and counted twice in its kept minute): so retention also bounds the age accepted.
   */
  private static Duration oldestAccepted(Duration maxTimestampAge, Duration retention) {
    if (retention == null) {
      return maxTimestampAge;
    }
    return maxTimestampAge == null || retention.compareTo(maxTimestampAge) < 0 ? retention : maxTimestampAge;
  }

  /** Why the item may not be stored, or empty when it may. */
  Optional<RejectionReason> violation(RawMetric item, long nowMs) {
    if (item == null) {
      return Optional.of(RejectionReason.ITEM_MISSING);
    }
    return nameViolation(item.metricName())
        .or(() -> timestampViolation(item.timestampMs(), nowMs))
        .or(() -> stepViolation(item.step()))
        .or(() -> valueViolation(item.value()));
  }

  /**
   * The model's pattern for {@code MetricName} is {@code .+}, and {@code .} matches no line terminator (\n, \r,
   * U+0085, U+2028, U+2029): a name with one is refused, and every other character is stored, a tab or another
   * control character included, as AWS stores them (logs and the dashboard show them escaped). Beyond the model, a
   * name must be storable (see {@link #isStorable}).
   */
  static Optional<RejectionReason> nameViolation(String name) {
    if (name == null) {
      return Optional.of(RejectionReason.METRIC_NAME);
    }
    int length = name.codePointCount(0, name.length());
    if (length < MIN_NAME_LENGTH || length > MAX_NAME_LENGTH || !isStorable(name)) {
      return Optional.of(RejectionReason.METRIC_NAME);
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
        return Optional.of(RejectionReason.METRIC_NAME);
      }
    }
    return Optional.empty();
  }

  /**
   * Whether a store can hold the name as sent: not with U+0000 (PostgreSQL's text refuses it), nor with an unpaired
   * surrogate (no UTF-8 encoding: a driver would store a replacement, which could then equal another name).
   */
  static boolean isStorable(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '\u0000') {
        return false;
      }
      if (Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  private Optional<RejectionReason> timestampViolation(Long timestampMs, long nowMs) {
    if (timestampMs == null) {
      return Optional.of(RejectionReason.TIMESTAMP_MISSING);
    }
    if (timestampMs < 0) {
      return Optional.of(RejectionReason.TIMESTAMP_BEFORE_EPOCH);
    }
    long latest = saturatedAdd(nowMs, saturatedMillis(maxFuture));
    if (timestampMs > latest) {
      return Optional.of(RejectionReason.TIMESTAMP_IN_FUTURE);
    }
    if (maxAge != null && timestampMs < saturatedAdd(nowMs, -saturatedMillis(maxAge))) {
      return Optional.of(RejectionReason.TIMESTAMP_TOO_OLD);
    }
    return Optional.empty();
  }

  private static Optional<RejectionReason> stepViolation(Integer step) {
    return step != null && step < 0 ? Optional.of(RejectionReason.STEP_NEGATIVE) : Optional.empty();
  }

  private static Optional<RejectionReason> valueViolation(Double value) {
    if (value == null) {
      return Optional.of(RejectionReason.VALUE_MISSING);
    }
    return Double.isFinite(value) ? Optional.empty() : Optional.of(RejectionReason.VALUE_NOT_FINITE);
  }

  private static long saturatedMillis(Duration duration) {
    try {
      return duration.toMillis();
    } catch (ArithmeticException e) {
      return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    // Overflow happened iff both operands have the sign opposite to the sum's.
    if (((a ^ sum) & (b ^ sum)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return sum;
  }
}
