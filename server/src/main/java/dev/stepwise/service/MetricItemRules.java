package dev.stepwise.service;

import dev.stepwise.config.ServerConfig;
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
   * U+0085, U+2028, U+2029), so a name with one does not match. We also refuse the other ISO control characters
   * (U+0000..U+001F, U+007F..U+009F), which no chart or log can show and which some stores mangle, and unpaired
   * surrogates, which have no UTF-8 encoding and so could not be stored as sent.
   */
  static Optional<RejectionReason> nameViolation(String name) {
    if (name == null) {
      return Optional.of(RejectionReason.METRIC_NAME);
    }
    int length = name.codePointCount(0, name.length());
    if (length < MIN_NAME_LENGTH || length > MAX_NAME_LENGTH) {
      return Optional.of(RejectionReason.METRIC_NAME);
    }
    for (int i = 0; i < name.length(); ) {
      int cp = name.codePointAt(i);
      if (Character.isISOControl(cp) || cp == '\u2028' || cp == '\u2029'
          || Character.getType(cp) == Character.SURROGATE) {
        return Optional.of(RejectionReason.METRIC_NAME);
      }
      i += Character.charCount(cp);
    }
    return Optional.empty();
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
