package dev.stepwise.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stepwise.api.ApiException;
import dev.stepwise.api.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RequestTimeTest {
  static final Instant NOW = RequestTime.parse("20261122T181001Z");
  static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

  static ApiException refusal(Runnable check) {
    ApiException e = catchThrowableOfType(ApiException.class, check::run);
    assertThat(e.code()).isEqualTo(ErrorCode.InvalidSignatureException);
    return e;
  }

  @Test
  void expiredInAwsWords() {
    assertThat(refusal(() -> RequestTime.requireWithinWindow(RequestTime.parse("20261122T180000Z"), NOW, FIVE_MINUTES)).getMessage())
        .isEqualTo("Signature expired: 20261122T180000Z is now earlier than 20261122T180501Z (20261122T181001Z - 5 min.)");
  }

  @Test
  void notYetCurrentInAwsWords() {
    assertThat(refusal(() -> RequestTime.requireWithinWindow(RequestTime.parse("20261122T182000Z"), NOW, FIVE_MINUTES)).getMessage())
        .isEqualTo("Signature not yet current: 20261122T182000Z is still later than 20261122T181501Z (20261122T181001Z + 5 min.)");
  }

  @Test
  void theWindowsEdgesAreInside() {
    assertThatCode(() -> RequestTime.requireWithinWindow(NOW.minus(FIVE_MINUTES), NOW, FIVE_MINUTES)).doesNotThrowAnyException();
    assertThatCode(() -> RequestTime.requireWithinWindow(NOW.plus(FIVE_MINUTES), NOW, FIVE_MINUTES)).doesNotThrowAnyException();
  }

  @Test
  void presignedRequestsExpire() {
    Instant signed = NOW.minusSeconds(61);
    assertThatCode(() -> RequestTime.requireUnexpired(signed, 61, NOW, FIVE_MINUTES)).doesNotThrowAnyException();
    assertThat(refusal(() -> RequestTime.requireUnexpired(signed, 60, NOW, FIVE_MINUTES)).getMessage()).isEqualTo("Request has expired");
  }

  @Test
  void aMalformedDateIsAnIncompleteSignature() {
    ApiException e = catchThrowableOfType(ApiException.class, () -> RequestTime.parse("2026-11-22T18:10:01Z"));
    assertThat(e.code()).isEqualTo(ErrorCode.IncompleteSignatureException);
  }
}
